// What cases offers the modules above it (mediation): what they may know of a case and do to it,
// so that they never query case_record or case_assignment themselves (ADR 0008).
import { sql, type Expression, type ExpressionBuilder, type SqlBool, type StringReference } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DB } from '../../schema.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { CaseScope } from './cases.policy.ts';
import { inCaseScope, type CaseRow } from './cases.repository.ts';
import { OPEN_STATUSES } from '../../../common/case-state.ts';

type Executor = Db | Trx;

/** What another module's list shows of a case (a hand-off, a mediation file, a hearing). */
export type CaseBrief = Pick<CaseRow, 'id' | 'number' | 'title' | 'status' | 'region_path' | 'lead_unit_id'>;

export async function findCaseBriefs(db: Executor, ids: readonly number[]): Promise<Map<number, CaseBrief>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_record')
    .select(['id', 'number', 'title', 'status', 'region_path', 'lead_unit_id'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Each case's number and category name, by id: what a notice about a case may say of it (the
 * inbox's titles, issue 15). Neither is personal data; the title and description may be.
 */
export async function caseLabels(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, { number: string; categoryName: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_record')
    .leftJoin('category', 'category.code', 'case_record.category_code')
    .select(['case_record.id', 'case_record.number', 'case_record.category_code', 'category.name'])
    .where('case_record.id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { number: r.number, categoryName: r.name ?? r.category_code }]));
}

/**
 * Keeps a unit on a case to follow it (role `linked`: it sees the case and its file, acts on
 * nothing), e.g. the court a mediation was handed to. In the caller's transaction.
 */
export async function linkUnit(
  trx: Trx,
  link: { caseId: number; unitId: number; note: string | null; at: string },
): Promise<void> {
  await trx
    .insertInto('case_assignment')
    .values({
      case_id: link.caseId,
      unit_id: link.unitId,
      role: 'linked',
      active: 1,
      deadline: null,
      reported_at: null,
      note: link.note,
      created_at: link.at,
    })
    .execute();
}

/**
 * Takes the case row's lock for the rest of the transaction (PostgreSQL; SQLite has one writer):
 * a module that will also write the case's timeline takes it first, in the order a case action
 * with a hook does, so the two never wait on each other.
 */
export async function lockCase(trx: Trx, dialect: DialectName, caseId: number): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('case_record').select('id').where('id', '=', caseId).forUpdate().execute();
}

/**
 * A condition for another module's query on the case in column `caseId`: located under one of
 * `within` and/or one `scope` covers (the case list's own condition). Correlated (one look-up
 * by primary key per row), so the query keeps its own order and limit.
 */
export function caseMatches<TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  caseId: StringReference<DB, TB>,
  condition: { within?: readonly string[]; scope?: CaseScope },
): Expression<SqlBool> {
  const { within, scope } = condition;
  // The sub-query is typed on case_record alone; the outer column is correlated by name.
  const cases = eb as unknown as ExpressionBuilder<DB, never>;
  let query = cases
    .selectFrom('case_record')
    .select('case_record.id')
    .where('case_record.id', '=', sql.ref<number>(caseId));
  if (within) {
    query = query.where((c) =>
      within.length === 0
        ? sql<SqlBool>`1 = 0`
        : c.or(
            within.map((p) =>
              c.and([c('case_record.region_path', '>=', p), c('case_record.region_path', '<', subtreeUpperBound(p))]),
            ),
          ),
    );
  }
  if (scope) query = query.where((c) => inCaseScope(c, scope));
  return eb.exists(query);
}

/**
 * Cases of a unit for the tree editor (issue 18 §3, handed to org by app.ts): those located in a
 * region's subtree, or led by a handling unit; only the open ones (not yet resolved, closed or
 * cancelled) when asked.
 */
export async function countCasesOfUnit(
  db: Executor,
  unit: { id: number; path: string; type: string },
  openOnly: boolean,
): Promise<number> {
  let query = db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n'));
  query =
    unit.type === 'region'
      ? query.where('region_path', '>=', unit.path).where('region_path', '<', subtreeUpperBound(unit.path))
      : query.where('lead_unit_id', '=', unit.id);
  if (openOnly) query = query.where('status', 'in', [...OPEN_STATUSES]);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
