// Kysely queries over person. Personal fields stay sealed here; the caller decides what to open.
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { PersonTable } from './people.table.ts';

type Executor = Db | Trx;

export async function insertPerson(db: Executor, row: Insertable<PersonTable>): Promise<number> {
  const inserted = await db.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

const personColumns = [
  'person.id',
  'person.name',
  'person.unit_id',
  'person.phone_enc',
  'person.id_number_enc',
  'person.note',
  'person.created_at',
  'org_unit.name as unit_name',
  'org_unit.path as unit_path',
] as const;

export async function findPersonById(db: Executor, id: number) {
  return db
    .selectFrom('person')
    .innerJoin('org_unit', 'org_unit.id', 'person.unit_id')
    .select(personColumns)
    .where('person.id', '=', id)
    .executeTakeFirst();
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPersonById>>>;

export interface PeopleFilter {
  scopePaths: string[];
  unitPath?: string | undefined;
  q?: string | undefined;
  phoneHash?: string | undefined;
  idNumberHash?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listPeople(db: Executor, filter: PeopleFilter): Promise<PersonRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('person')
    .innerJoin('org_unit', 'org_unit.id', 'person.unit_id')
    .select(personColumns)
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) =>
          eb.and([eb('org_unit.path', '>=', p), eb('org_unit.path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.unitPath) {
    query = query
      .where('org_unit.path', '>=', filter.unitPath)
      .where('org_unit.path', '<', subtreeUpperBound(filter.unitPath));
  }
  if (filter.q) query = query.where('person.name', 'like', `%${filter.q.replace(/[\\%_]/g, '')}%`);
  if (filter.phoneHash) query = query.where('person.phone_hash', '=', filter.phoneHash);
  if (filter.idNumberHash) query = query.where('person.id_number_hash', '=', filter.idNumberHash);
  if (filter.afterId !== undefined) query = query.where('person.id', '>', filter.afterId);
  return query.orderBy('person.id').limit(filter.limit).execute();
}
