// Writing the demo's generated cases in bulk: multi-row INSERTs from SQL text built once per
// table and row count (SQLite binds the values, PostgreSQL gets the rows as one JSON document),
// and the columns each table is written with.
import { CompiledQuery, type Insertable } from 'kysely';
import type { Trx } from '../context.ts';
import type { DialectName } from '../platform/db/database.ts';
import type { CaseAssignmentTable, CaseEventTable, CaseRecordTable } from '../modules/cases/index.ts';

/** Bound parameters per INSERT on SQLite: well under its limit of 32,766. */
const PARAMETERS_PER_INSERT = 8000;
/** Rows per INSERT on PostgreSQL, sent as one JSON parameter. */
const ROWS_PER_JSON_INSERT = 10_000;

const insertTexts = new Map<string, string>();

/**
 * Multi-row INSERTs from SQL text built once per table and row count: a bulk load spends its
 * time in the database, not in building a query object per row. SQLite binds the values (and
 * reuses the prepared statement); PostgreSQL gets the rows as one JSON document, which it
 * parses far faster than thousands of bound parameters.
 */
export async function insertRows<Row extends object>(
  trx: Trx,
  dialect: DialectName,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: Row[],
  returning?: string,
): Promise<Record<string, unknown>[]> {
  const returned: Record<string, unknown>[] = [];
  const names = columns.map((c) => `"${c}"`).join(', ');
  const tail = returning ? ` returning ${returning}` : '';
  if (dialect === 'postgres') {
    const text = `insert into "${table}" (${names}) select ${names} from json_populate_recordset(null::"${table}", $1::json)${tail}`;
    for (let start = 0; start < rows.length; start += ROWS_PER_JSON_INSERT) {
      const batch = JSON.stringify(rows.slice(start, start + ROWS_PER_JSON_INSERT));
      returned.push(...(await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [batch]))).rows);
    }
    return returned;
  }
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / columns.length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    const key = `${table} ${batch.length} ${tail}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into "${table}" (${names}) values ${batch.map(() => tuple).join(', ')}${tail}`;
      insertTexts.set(key, text);
    }
    const parameters: unknown[] = [];
    for (const row of batch) for (const column of columns) parameters.push(row[column] ?? null);
    returned.push(...(await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters))).rows);
  }
  return returned;
}

export const CASE_COLUMNS = [
  'number',
  'title',
  'description',
  'kind',
  'category_code',
  'channel',
  'status',
  'version',
  'region_id',
  'region_path',
  'grid_id',
  'centre_id',
  'lead_unit_id',
  'lng',
  'lat',
  'address',
  'reporter_name',
  'reporter_phone_enc',
  'reporter_phone_hash',
  'reporter_phone_last4_hash',
  'reporter_user_id',
  'created_by',
  'created_at',
  'updated_at',
  'stage',
  'stage_deadline',
  'yellow_at',
  'yellow_carded_at',
  'red_carded_at',
  'supervise_noticed_at',
  'handle_deadline',
  'extension_days',
  'extension_pending',
  'return_count',
  'reopen_count',
  'supervise_count',
  'resolved_at',
  'result',
  'closed_at',
  'rating',
  'merged_into_id',
  'search_text',
  'tracking_code',
  'external_system',
  'external_id',
  'service_account_id',
] as const satisfies readonly (keyof Insertable<CaseRecordTable>)[];

export const EVENT_COLUMNS = [
  'case_id',
  'seq',
  'action',
  'from_status',
  'to_status',
  'actor_user_id',
  'actor_name',
  'actor_role',
  'actor_unit_id',
  'at',
  'data',
] as const satisfies readonly (keyof Insertable<CaseEventTable>)[];

export const ASSIGNMENT_COLUMNS = [
  'case_id',
  'unit_id',
  'role',
  'active',
  'deadline',
  'reported_at',
  'note',
  'created_at',
] as const satisfies readonly (keyof Insertable<CaseAssignmentTable>)[];
