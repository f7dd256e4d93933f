// For tests: what the KPI rules of kpi.ts say of the case rows in the database, and the rollup
// rows the triggers (or a bulk load) actually wrote, in one comparable shape.
import type { Db } from '../../context.ts';
import { holds, KPIS, type KpiCase, type KpiEvent, type KpiName } from './kpi.ts';
import { rollupRowsOf } from './stats-rollup-rows.ts';

export type CaseFacts = KpiCase & { id: number; region_path: string; created_at: string; category_code: string };

export interface StoredCases {
  rows: CaseFacts[];
  events: Map<number, KpiEvent[]>;
}

export async function loadCases(db: Db): Promise<StoredCases> {
  const rows = await db
    .selectFrom('case_record')
    .select([
      'id',
      'region_path',
      'created_at',
      'category_code',
      'status',
      'rating',
      'resolved_at',
      'handle_deadline',
      'stage_deadline',
      'reopen_count',
      'supervise_count',
      'red_carded_at',
    ])
    .execute();
  const events = new Map<number, KpiEvent[]>();
  const eventRows = await db
    .selectFrom('case_event')
    .select(['case_id', 'action', 'from_status', 'at', 'data'])
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  for (const e of eventRows) {
    const list = events.get(e.case_id);
    if (list) list.push(e);
    else events.set(e.case_id, [e]);
  }
  return { rows, events };
}

/** How many of `rows` each KPI holds for at `now`. */
export function countByRules(cases: StoredCases, rows: CaseFacts[], now: Date): Record<KpiName, number> {
  const context = (c: CaseFacts) => ({ now: now.toISOString(), events: cases.events.get(c.id) ?? [] });
  return Object.fromEntries(
    (Object.keys(KPIS) as KpiName[]).map((name) => [
      name,
      rows.filter((c) => holds(KPIS[name].rule, c, context(c))).length,
    ]),
  ) as Record<KpiName, number>;
}

type Comparable = Record<string, Record<string, string | number>>;

const keyed = <T extends object>(rows: T[], key: (row: T) => string): Comparable =>
  Object.fromEntries(
    rows.map((row) => [
      key(row),
      // Integers come back as numbers or (PostgreSQL sums) strings.
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])),
    ]),
  );

const statusKey = (r: { region_path: string; day: string; status: string }) => `${r.region_path} ${r.day} ${r.status}`;
const categoryKey = (r: { region_path: string; day: string; category_code: string }) =>
  `${r.region_path} ${r.category_code} ${r.day}`;
const openKey = (r: {
  region_path: string;
  day: string;
  status: string;
  stage_deadline: string;
  handle_deadline: string;
}) => `${r.region_path} ${r.day} ${r.status} ${r.stage_deadline} ${r.handle_deadline}`;

/** The rollup rows the rules make of the stored cases. */
export function expectedRollups(cases: StoredCases): Record<'status' | 'category' | 'open', Comparable> {
  const rows = rollupRowsOf(
    cases.rows.map((c) => ({
      ...c,
      responded: holds(KPIS.responded.rule, c, { events: cases.events.get(c.id) ?? [] }),
    })),
  );
  return {
    status: keyed([...rows.status.values()], statusKey),
    category: keyed([...rows.category.values()], categoryKey),
    open: keyed([...rows.open.values()], openKey),
  };
}

/**
 * The rollup rows in the database, as folded (the base tables alone). Counts of the status and
 * category rollups may fall back to zero and stay; rows of the open-case rollup are deleted when
 * they do, so all of them are kept.
 */
export async function storedRollups(db: Db): Promise<Record<'status' | 'category' | 'open', Comparable>> {
  const status = (await db.selectFrom('case_stat_status').selectAll().execute()).filter((r) =>
    Object.values(r).some((v) => typeof v !== 'string' && Number(v) !== 0),
  );
  const category = (await db.selectFrom('case_stat_category').selectAll().execute()).filter((r) => Number(r.n) !== 0);
  const open = await db.selectFrom('case_stat_open').selectAll().execute();
  return { status: keyed(status, statusKey), category: keyed(category, categoryKey), open: keyed(open, openKey) };
}

/** Adds delta rows to keyed rows: every column that is a number is summed. */
function addRows<T extends object>(into: Comparable, deltas: T[], key: (row: T) => string): void {
  for (const delta of deltas) {
    const k = key(delta);
    const row = (into[k] ??= {});
    for (const [column, value] of Object.entries(delta)) {
      if (typeof value === 'string') row[column] = value;
      else row[column] = Number(row[column] ?? 0) + Number(value);
    }
  }
}

const nonZero = (rows: Comparable): Comparable =>
  Object.fromEntries(
    Object.entries(rows).filter(([, row]) => Object.values(row).some((v) => typeof v === 'number' && v !== 0)),
  );

/**
 * What a reader sees: the base rows plus the deltas not yet folded (ADR 0039), rows that add up
 * to zero left out.
 */
export async function storedRollupsWithPending(db: Db): Promise<Record<'status' | 'category' | 'open', Comparable>> {
  const base = {
    status: keyed(await db.selectFrom('case_stat_status').selectAll().execute(), statusKey),
    category: keyed(await db.selectFrom('case_stat_category').selectAll().execute(), categoryKey),
    open: keyed(await db.selectFrom('case_stat_open').selectAll().execute(), openKey),
  };
  addRows(base.status, await db.selectFrom('case_stat_status_delta').selectAll().execute(), statusKey);
  addRows(base.category, await db.selectFrom('case_stat_category_delta').selectAll().execute(), categoryKey);
  addRows(base.open, await db.selectFrom('case_stat_open_delta').selectAll().execute(), openKey);
  return { status: nonZero(base.status), category: nonZero(base.category), open: nonZero(base.open) };
}

/** How many delta rows wait to be folded. */
export async function pendingDeltaRows(db: Db): Promise<number> {
  let count = 0;
  for (const table of ['case_stat_status_delta', 'case_stat_category_delta', 'case_stat_open_delta'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    count += Number(row.n);
  }
  return count;
}
