// Kysely only: the staff registry, its trainings and evaluations, and the grid cadres.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { GridCadreTable, StaffEvaluationTable, StaffRecordTable, StaffTrainingTable } from './workforce.table.ts';

type Executor = Db | Trx;

export type StaffRow = Selectable<StaffRecordTable>;
export type TrainingRow = Selectable<StaffTrainingTable>;
export type EvaluationRow = Selectable<StaffEvaluationTable>;
export type CadreRow = Selectable<GridCadreTable>;

/** Staff records in one of `scopePaths` (and under `withinPath`), oldest first. */
export async function listStaff(
  db: Executor,
  filter: { scopePaths: readonly string[]; withinPath?: string | undefined; post?: string | undefined },
): Promise<StaffRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('staff_record')
    .selectAll()
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
  if (filter.post !== undefined) query = query.where('post', '=', filter.post);
  // A county's registry is hundreds of people: the list is filtered by certificates in memory.
  return query.orderBy('id').limit(20_000).execute();
}

export async function findStaff(db: Executor, id: number): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStaffByUser(db: Executor, userId: number): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_record').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function staffUserIds(db: Executor, userIds: readonly number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_record')
    .select('user_id')
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function insertStaff(trx: Trx, row: Insertable<StaffRecordTable>): Promise<number> {
  const { id } = await trx.insertInto('staff_record').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function trainingsOf(db: Executor, staffIds: readonly number[]): Promise<TrainingRow[]> {
  if (staffIds.length === 0) return [];
  const rows: TrainingRow[] = [];
  // In chunks: a whole county's registry is more ids than a statement may bind on SQLite.
  for (let i = 0; i < staffIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('staff_training')
        .selectAll()
        .where('staff_id', 'in', staffIds.slice(i, i + 500))
        .orderBy('completed_on', 'desc')
        .orderBy('id', 'desc')
        .execute()),
    );
  }
  return rows;
}

export async function insertTraining(trx: Trx, row: Insertable<StaffTrainingTable>): Promise<number> {
  const { id } = await trx.insertInto('staff_training').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function evaluationsOf(db: Executor, staffId: number): Promise<EvaluationRow[]> {
  return db
    .selectFrom('staff_evaluation')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('period', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertEvaluation(trx: Trx, row: Insertable<StaffEvaluationTable>): Promise<number> {
  const { id } = await trx.insertInto('staff_evaluation').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function listCadres(
  db: Executor,
  filter: { scopePaths: readonly string[]; withinPath?: string | undefined; role?: string | undefined },
): Promise<CadreRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('grid_cadre')
    .selectAll()
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) => eb.and([eb('grid_path', '>=', p), eb('grid_path', '<', subtreeUpperBound(p))])),
      ),
    );
  if (filter.withinPath !== undefined) {
    query = query
      .where('grid_path', '>=', filter.withinPath)
      .where('grid_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  return query.orderBy('grid_path').orderBy('id').limit(20_000).execute();
}

export async function insertCadre(trx: Trx, row: Insertable<GridCadreTable>): Promise<number> {
  const { id } = await trx.insertInto('grid_cadre').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findCadre(db: Executor, id: number): Promise<CadreRow | undefined> {
  return db.selectFrom('grid_cadre').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteCadre(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('grid_cadre').where('id', '=', id).execute();
}

/** The grid's cadres of `ids` (all of the grid's when `ids` is absent), oldest first. */
export async function cadresOfGrid(db: Executor, gridId: number, ids?: readonly number[]): Promise<CadreRow[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let query = db.selectFrom('grid_cadre').selectAll().where('grid_id', '=', gridId);
  if (ids !== undefined) query = query.where('id', 'in', [...ids]);
  return query.orderBy('id').execute();
}

/** The cadres of `ids` already called into a whistle on the case. */
export async function cadresOnWhistle(db: Executor, caseId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('whistle_cadre').select('cadre_id').where('case_id', '=', caseId).execute();
  return new Set(rows.map((r) => r.cadre_id));
}

export async function insertWhistleCadres(
  trx: Trx,
  rows: { case_id: number; cadre_id: number; grid_id: number; created_by: number | null; created_at: string }[],
): Promise<void> {
  if (rows.length > 0) await trx.insertInto('whistle_cadre').values(rows).execute();
}

export async function findCadres(db: Executor, ids: readonly number[]): Promise<CadreRow[]> {
  return db
    .selectFrom('grid_cadre')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}
