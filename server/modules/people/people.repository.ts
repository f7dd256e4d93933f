// Kysely queries over person. Personal fields stay sealed here; the caller decides what to open.
// Where a person is registered (the unit's name and path) comes from the org module.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { findUnitsByIds, unitWithin } from '../org/index.ts';
import type { PersonTable } from './people.table.ts';

type Executor = Db | Trx;

export async function insertPerson(db: Executor, row: Insertable<PersonTable>): Promise<number> {
  const inserted = await db.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export const personColumns = [
  'person.id',
  'person.name',
  'person.unit_id',
  'person.phone_enc',
  'person.id_number_enc',
  'person.note',
  'person.created_at',
] as const;

export type PersonColumns = Pick<
  Selectable<PersonTable>,
  'id' | 'name' | 'unit_id' | 'phone_enc' | 'id_number_enc' | 'note' | 'created_at'
>;
export type PersonRow = PersonColumns & { unit_name: string; unit_path: string };

/** The people with their unit's name and path (the unit decides who may see them). */
export async function withUnits(db: Executor, rows: PersonColumns[]): Promise<PersonRow[]> {
  const units = new Map(
    (
      await findUnitsByIds(
        db,
        rows.map((r) => r.unit_id),
      )
    ).map((u) => [u.id, u]),
  );
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_id);
    return unit ? [{ ...r, unit_name: unit.name, unit_path: unit.path }] : [];
  });
}

export async function findPersonById(db: Executor, id: number): Promise<PersonRow | undefined> {
  const row = await db.selectFrom('person').select(personColumns).where('person.id', '=', id).executeTakeFirst();
  return row ? (await withUnits(db, [row]))[0] : undefined;
}

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
    .select(personColumns)
    .where((eb) => unitWithin(eb, 'person.unit_id', filter.scopePaths));
  const { unitPath } = filter;
  if (unitPath) query = query.where((eb) => unitWithin(eb, 'person.unit_id', [unitPath]));
  if (filter.q) query = query.where('person.name', 'like', `%${filter.q.replace(/[\\%_]/g, '')}%`);
  if (filter.phoneHash) query = query.where('person.phone_hash', '=', filter.phoneHash);
  if (filter.idNumberHash) query = query.where('person.id_number_hash', '=', filter.idNumberHash);
  if (filter.afterId !== undefined) query = query.where('person.id', '>', filter.afterId);
  return withUnits(db, await query.orderBy('person.id').limit(filter.limit).execute());
}
