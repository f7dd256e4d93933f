// Kysely queries of the evaluation module: the samples, their items and the calls recorded.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { EvaluationCallTable, EvaluationSampleTable } from './evaluation.table.ts';

type Executor = Db | Trx;
export type SampleRow = Selectable<EvaluationSampleTable>;
export type CallRow = Selectable<EvaluationCallTable>;

export async function insertSample(
  trx: Trx,
  values: Omit<Insertable<EvaluationSampleTable>, 'id'>,
): Promise<SampleRow> {
  return trx.insertInto('evaluation_sample').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertItems(trx: Trx, sampleId: number, caseIds: number[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < caseIds.length; i += 200) {
    await trx
      .insertInto('evaluation_sample_item')
      .values(
        caseIds.slice(i, i + 200).map((caseId, k) => ({ sample_id: sampleId, position: i + k + 1, case_id: caseId })),
      )
      .execute();
  }
}

export async function findSample(db: Executor, id: number): Promise<SampleRow | undefined> {
  return db.selectFrom('evaluation_sample').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SampleListFilter {
  /** Subtree roots the actor reads samples in. */
  regionPaths: string[];
  unitId?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Samples of units inside the roots, newest first, with their item and reached counts. */
export async function listSamples(db: Executor, filter: SampleListFilter) {
  if (filter.regionPaths.length === 0) return [];
  let query = db
    .selectFrom('evaluation_sample as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .selectFrom('evaluation_sample_item as i')
        .select((e) => e.fn.countAll<number | string>().as('n'))
        .whereRef('i.sample_id', '=', 's.id')
        .as('item_count'),
      eb
        .selectFrom('evaluation_call as c')
        .select((e) => e.fn.count<number | string>('c.item_id').distinct().as('n'))
        .whereRef('c.sample_id', '=', 's.id')
        .where('c.reached', '=', 1)
        .as('reached_count'),
    ])
    .where((eb) =>
      eb.or(
        filter.regionPaths.map((p) =>
          eb.and([eb('s.unit_path', '>=', p), eb('s.unit_path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.unitId !== undefined) query = query.where('s.unit_id', '=', filter.unitId);
  if (filter.beforeId !== undefined) query = query.where('s.id', '<', filter.beforeId);
  const rows = await query.orderBy('s.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    ...r,
    item_count: Number(r.item_count ?? 0),
    reached_count: Number(r.reached_count ?? 0),
  }));
}

/** A sample's items in draw order. */
export async function sampleItems(db: Executor, sampleId: number) {
  return db
    .selectFrom('evaluation_sample_item')
    .selectAll()
    .where('sample_id', '=', sampleId)
    .orderBy('position')
    .execute();
}

export async function findItem(db: Executor, sampleId: number, itemId: number) {
  return db
    .selectFrom('evaluation_sample_item')
    .selectAll()
    .where('sample_id', '=', sampleId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

export async function callsOfSample(db: Executor, sampleId: number): Promise<CallRow[]> {
  return db.selectFrom('evaluation_call').selectAll().where('sample_id', '=', sampleId).orderBy('id').execute();
}

export async function insertCall(trx: Trx, values: Omit<Insertable<EvaluationCallTable>, 'id'>): Promise<CallRow> {
  return trx.insertInto('evaluation_call').values(values).returningAll().executeTakeFirstOrThrow();
}
