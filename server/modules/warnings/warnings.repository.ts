// Kysely only: the warnings, the cases behind them, their history and the rules' thresholds.
import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { dialectOf } from '../../platform/db/json-rows.ts';
import {
  ACTIVE_WARNING_STATUSES,
  WARNING_LEVELS,
  type WarningKind,
  type WarningLevel,
  type WarningStatus,
} from '../../../common/warnings.ts';
import type { WarningTable } from './warnings.table.ts';

type Executor = Db | Trx;

/**
 * Joins cases to a warning and returns those it did not hold yet, ascending: one statement, the
 * ids sent as one JSON array and expanded by the database (`json_array_elements_text` /
 * `json_each`), each row skipped on conflict. The warning's own list, which grows with every
 * report at a busy place, is never read; at ~200 cases the statement costs PostgreSQL 0.5 ms where
 * a VALUES list of 600 parameters, parsed and planned on every call, cost ~5 ms (issue 20).
 */
export async function addWarningCases(
  trx: Executor,
  warningId: number,
  caseIds: readonly number[],
  at: string,
): Promise<number[]> {
  if (caseIds.length === 0) return [];
  const ids = JSON.stringify(caseIds);
  const { rows } =
    dialectOf(trx) === 'postgres'
      ? await sql<{ case_id: number }>`insert into warning_case (warning_id, case_id, added_at)
          select ${warningId}::int, x::int, ${at}::text from json_array_elements_text(${ids}::json) as x
          on conflict (warning_id, case_id) do nothing returning case_id`.execute(trx)
      : // SQLite reads "on conflict" after a select's FROM as a join's; "where true" ends the select.
        await sql<{ case_id: number }>`insert into warning_case (warning_id, case_id, added_at)
          select ${warningId}, value, ${at} from json_each(${ids}) where true
          on conflict (warning_id, case_id) do nothing returning case_id`.execute(trx);
  return rows.map((r) => Number(r.case_id)).sort((a, b) => a - b);
}

/**
 * Warnings raised in [from, to) in the unit's subtree, per level (the safety index's component).
 * A dismissed warning was a false alarm and is not counted; open, handled and closed ones are.
 */
export async function countWarningsByLevel(
  db: Executor,
  unitPath: string,
  from: string,
  to: string,
): Promise<Record<WarningLevel, number>> {
  const rows = await db
    .selectFrom('warning')
    .select((eb) => ['level', eb.fn.countAll<number | string>().as('n')])
    .where('unit_path', '>=', unitPath)
    .where('unit_path', '<', subtreeUpperBound(unitPath))
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('status', '!=', 'dismissed')
    .groupBy('level')
    .execute();
  const counts = Object.fromEntries(WARNING_LEVELS.map((level) => [level, 0])) as Record<WarningLevel, number>;
  for (const row of rows) counts[row.level] = Number(row.n);
  return counts;
}

/**
 * An active warning of this kind that holds one of the cases, if any: the oldest such. Its
 * situation is theirs; read whole, so that raising it again needs no second read (raiseWarning's
 * `active`). From the cases' links to their warnings (warning_case_case_idx), not from every
 * warning: a join ordered by the warning's id walked all warnings, each probed for every case. The
 * repeat-location rule asks about a place's newest cases first and about all only when none of
 * them is in one (intake-rules.ts).
 */
export async function activeWarningOf(
  db: Executor,
  kind: WarningKind,
  caseIds: readonly number[],
): Promise<WarningRow | undefined> {
  if (caseIds.length === 0) return undefined;
  return db
    .selectFrom('warning')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('warning_case')
        .select('warning_id')
        .where('case_id', 'in', [...caseIds]),
    )
    .where('kind', '=', kind)
    .where('open_key', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
}

export type WarningRow = Selectable<WarningTable>;

export interface WarningFilter {
  /** Subtree roots the reader may see (its jurisdiction); empty: nothing. */
  scopePaths: readonly string[];
  withinPath?: string | undefined;
  kind?: WarningKind | undefined;
  level?: WarningLevel | undefined;
  status?: WarningStatus | 'active' | undefined;
  caseId?: number | undefined;
  offset: number;
  limit: number;
}

/** Red first, then orange, yellow, blue; newest first within a level. */
export async function listWarnings(db: Executor, filter: WarningFilter): Promise<WarningRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('warning')
    .selectAll('warning')
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))])),
      ),
    );
  if (filter.withinPath !== undefined) {
    query = query
      .where('unit_path', '>=', filter.withinPath)
      .where('unit_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.status === 'active') query = query.where('status', 'in', [...ACTIVE_WARNING_STATUSES]);
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.caseId !== undefined) {
    const caseId = filter.caseId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('warning_case')
          .select('warning_case.case_id')
          .whereRef('warning_case.warning_id', '=', 'warning.id')
          .where('warning_case.case_id', '=', caseId),
      ),
    );
  }
  const rank = sql<number>`case level when 'red' then 0 when 'orange' then 1 when 'yellow' then 2 else 3 end`;
  return query.orderBy(rank).orderBy('id', 'desc').offset(filter.offset).limit(filter.limit).execute();
}

export async function findWarning(db: Executor, id: number): Promise<WarningRow | undefined> {
  return db.selectFrom('warning').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The cases behind each warning, by warning id. */
export async function casesOfWarnings(db: Executor, ids: readonly number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('warning_case')
    .select(['warning_id', 'case_id'])
    .where('warning_id', 'in', [...ids])
    .orderBy('case_id')
    .execute();
  for (const row of rows) result.get(row.warning_id)?.push(row.case_id);
  return result;
}

export async function warningHistory(db: Executor, id: number) {
  return db.selectFrom('warning_event').selectAll().where('warning_id', '=', id).orderBy('id').execute();
}

/** Active warnings in the subtrees: how many nobody has acknowledged yet, and how many of those are red. */
export async function countOpen(
  db: Executor,
  scopePaths: readonly string[],
): Promise<{ open: number; openRed: number }> {
  if (scopePaths.length === 0) return { open: 0, openRed: 0 };
  const rows = await db
    .selectFrom('warning')
    .select((eb) => ['level', eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or(scopePaths.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))]))),
    )
    .groupBy('level')
    .execute();
  const open = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const openRed = Number(rows.find((r) => r.level === 'red')?.n ?? 0);
  return { open, openRed };
}
