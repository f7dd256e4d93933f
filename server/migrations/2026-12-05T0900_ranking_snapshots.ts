// Rankings kept (issue 16, ADR 0022): per level, unit, period and scheme version, the ranking table
// as computed and when, so that GET /api/v1/rankings reads one row instead of a month of cases; a
// lease (`refreshing_until`) lets one process of several recompute a stale row while the others
// keep serving it. Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('ranking_snapshot')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('within_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('assessment_scheme.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('refreshing_until', 'text')
    .addPrimaryKeyConstraint('ranking_snapshot_pk', [
      'level',
      'within_unit_id',
      'period_from',
      'period_to',
      'scheme_id',
    ])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('ranking_snapshot').execute();
}
