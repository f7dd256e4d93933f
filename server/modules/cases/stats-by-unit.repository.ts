// The figures of many units in one pass over a period's cases (rankings, assessment): each KPI is
// the rule of kpi.ts rendered as SQL (countWhere), summed per unit. A region unit counts the cases located in
// its subtree (as the dashboard does); a department or committee the cases it leads now.
import { sql, type Expression } from 'kysely';
import type { Db } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { KPIS } from './kpi.ts';
import { dialectOf } from '../../platform/db/json-rows.ts';
import { acceptanceColumns, countAccepted, countAcceptedOnTime, countWhere } from './kpi-sql.ts';

/** The KPIs a ranking row counts (each a rule of kpi.ts). */
export const RANKED_KPIS = [
  'all',
  'responded',
  'notCancelled',
  'resolved',
  'rated',
  'satisfied',
  'unsatisfied',
  'handlingDue',
  'handledOnTime',
  'reopened',
  'overdue',
  'supervised',
  'redCarded',
] as const satisfies readonly (keyof typeof KPIS)[];
export type RankedKpi = (typeof RANKED_KPIS)[number];

export type UnitCounts = Record<RankedKpi, number> & {
  /** Accepted after an assignment that set an acceptance deadline (按时签收's denominator). */
  accepted: number;
  acceptedOnTime: number;
};

export type UnitBuckets =
  /** Cases located in each region's subtree; `withinPath` holds them all. */
  | { by: 'location'; withinPath: string; units: { id: number; path: string }[] }
  /** Cases each unit leads now. */
  | { by: 'lead'; unitIds: number[] };

export interface UnitCountQuery {
  buckets: UnitBuckets;
  /** Cases registered in [from, to), ISO instants. */
  from: string;
  to: string;
  /** ISO: what "overdue now" compares deadlines with. */
  now: string;
}

const n = (value: unknown): number => Number(value ?? 0);

const zero = (): UnitCounts => ({
  ...(Object.fromEntries(RANKED_KPIS.map((k) => [k, 0])) as Record<RankedKpi, number>),
  accepted: 0,
  acceptedOnTime: 0,
});

/** The period's cases with the unit each counts for (`bucket_unit`, null for none). */
function bucketedCases(db: Db, q: UnitCountQuery) {
  const { buckets } = q;
  let query = db
    .selectFrom('case_record')
    .where('case_record.created_at', '>=', q.from)
    .where('case_record.created_at', '<', q.to);
  let bucket: Expression<number | null>;
  if (buckets.by === 'location') {
    query = query
      .where('case_record.region_path', '>=', buckets.withinPath)
      .where('case_record.region_path', '<', subtreeUpperBound(buckets.withinPath));
    bucket =
      buckets.units.length === 0
        ? sql<number | null>`null`
        : sql<number | null>`case ${sql.join(
            buckets.units.map(
              (u) =>
                sql`when case_record.region_path >= ${u.path} and case_record.region_path < ${subtreeUpperBound(u.path)} then ${sql.lit(u.id)}`,
            ),
            sql` `,
          )} else null end`;
  } else {
    query = query.where('case_record.lead_unit_id', 'in', buckets.unitIds.length > 0 ? buckets.unitIds : [-1]);
    bucket = sql<number | null>`case_record.lead_unit_id`;
  }
  return query.select([
    sql<number | null>`${bucket}`.as('bucket_unit'),
    'case_record.id',
    'case_record.status',
    'case_record.rating',
    'case_record.resolved_at',
    'case_record.handle_deadline',
    'case_record.stage_deadline',
    'case_record.reopen_count',
    'case_record.supervise_count',
    'case_record.red_carded_at',
    // 按时签收's two instants, looked up per case (acceptedOnTime's rule as SQL).
    ...acceptanceColumns(dialectOf(db)),
  ]);
}

/** Each unit's counts for the period; a unit without cases is absent. */
export async function countKpisByUnit(db: Db, q: UnitCountQuery): Promise<Map<number, UnitCounts>> {
  // Aliased as case_record, so the rules' SQL reads the bucketed rows as it reads the table.
  const rows = (await db
    .selectFrom(bucketedCases(db, q).as('case_record'))
    .select([
      'case_record.bucket_unit',
      ...RANKED_KPIS.map((name) => countWhere(KPIS[name].rule, { now: q.now }).as(name)),
      countAccepted().as('accepted'),
      countAcceptedOnTime(dialectOf(db)).as('acceptedOnTime'),
    ])
    .where('case_record.bucket_unit', 'is not', null)
    .groupBy('case_record.bucket_unit')
    .execute()) as unknown as ({ bucket_unit: unknown; accepted: unknown; acceptedOnTime: unknown } & Record<
    RankedKpi,
    unknown
  >)[];
  const result = new Map<number, UnitCounts>();
  for (const row of rows) {
    const counts = zero();
    for (const name of RANKED_KPIS) counts[name] = n(row[name]);
    counts.accepted = n(row.accepted);
    counts.acceptedOnTime = n(row.acceptedOnTime);
    result.set(n(row.bucket_unit), counts);
  }
  return result;
}

export const emptyUnitCounts = zero;
