// A bulk load (the demo cases, the benchmark's million) pauses the rollup triggers for its own
// transaction and adds its cases to the rollups itself, a few upserts per distinct row instead of
// a dozen per case — counted by the same rules as the triggers (stats-rollup-rows.ts).
import { CompiledQuery } from 'kysely';
import type { Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { rollupRowsOf, STATUS_COUNTERS, type CaseStatInput } from './stats-rollup-rows.ts';

export type { CaseStatInput } from './stats-rollup-rows.ts';

/** The rollup triggers skip the rest of this transaction (nobody else sees the pause row). */
export async function pauseCaseStats(trx: Trx, at: Date): Promise<void> {
  await trx.insertInto('case_stat_pause').values({ paused_at: at.toISOString() }).execute();
}

export async function resumeCaseStats(trx: Trx): Promise<void> {
  await trx.deleteFrom('case_stat_pause').execute();
}

const STATUS_COLUMNS = ['region_path', 'day', 'status', 'n', ...Object.keys(STATUS_COUNTERS)] as const;
const CATEGORY_COLUMNS = ['region_path', 'category_code', 'day', 'n'] as const;
const OPEN_COLUMNS = ['region_path', 'day', 'status', 'stage_deadline', 'handle_deadline', 'n'] as const;

/** Adds new cases to the rollups, for a bulk load that paused the triggers ({@link pauseCaseStats}). */
export async function addCaseStats(trx: Trx, dialect: DialectName, cases: CaseStatInput[]): Promise<void> {
  const rows = rollupRowsOf(cases);
  const values = <R>(map: Map<string, R>, columns: readonly string[]) =>
    [...map.values()].map((row) => columns.map((c) => (row as Record<string, string | number>)[c]!));
  await upsertCounts(trx, dialect, 'case_stat_status', STATUS_COLUMNS, 3, values(rows.status, STATUS_COLUMNS));
  await upsertCounts(trx, dialect, 'case_stat_category', CATEGORY_COLUMNS, 3, values(rows.category, CATEGORY_COLUMNS));
  await upsertCounts(trx, dialect, 'case_stat_open', OPEN_COLUMNS, 5, values(rows.open, OPEN_COLUMNS));
}

/** Adds `rows` to a rollup: the first `keyLength` columns are its key, the rest are summed. */
async function upsertCounts(
  trx: Trx,
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  keyLength: number,
  rows: (string | number)[][],
): Promise<void> {
  const key = columns.slice(0, keyLength).join(', ');
  const sums = columns
    .slice(keyLength)
    .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
    .join(', ');
  const perInsert = Math.floor(8000 / columns.length);
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    let p = 0;
    const tuple = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`;
    const text = `insert into ${table} (${columns.join(', ')}) values ${batch.map(tuple).join(', ')} on conflict (${key}) do update set ${sums}`;
    await trx.executeQuery(CompiledQuery.raw(text, batch.flat()));
  }
}
