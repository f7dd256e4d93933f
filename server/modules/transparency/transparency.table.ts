/**
 * What the public results page shows for one region and period, computed from the cases and kept
 * (ADR 0015): anonymous requests read this row, never the case tables.
 */
export interface PublicResultSnapshotTable {
  unit_id: number;
  /** The period's label: 2026-11, 2026-Q4, 2026. */
  period: string;
  /** The presented results, JSON. */
  body: string;
  computed_at: string;
}

export interface TransparencyTables {
  public_result_snapshot: PublicResultSnapshotTable;
}
