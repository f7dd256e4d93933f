// Kysely queries over base data (ADR 0025): houses, enterprises, a person's links and key groups,
// the change history. Sealed fields stay sealed here; the unit's name and path come from org.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { findUnitsByIds, unitWithin } from '../org/index.ts';
import type { BaseDataChangeTable, EnterpriseTable, HouseTable } from './base-data.table.ts';
import { personColumns, withUnits, type PersonRow } from './people.repository.ts';
import type { PersonTable } from './people.table.ts';

type Executor = Db | Trx;

export type HouseRow = Selectable<HouseTable> & { unit_name: string; unit_path: string };
export type EnterpriseRow = Selectable<EnterpriseTable> & { unit_name: string; unit_path: string };

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function attachUnits<R extends { unit_id: number }>(
  db: Executor,
  rows: R[],
): Promise<(R & { unit_name: string; unit_path: string })[]> {
  const units = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u]));
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_id);
    return unit ? [{ ...r, unit_name: unit.name, unit_path: unit.path }] : [];
  });
}

export interface ListFilter {
  scopePaths: string[];
  unitPath?: string | undefined;
  q?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

// ---------------------------------------------------------------------------------------------
// Houses

export async function listHouses(db: Executor, filter: ListFilter): Promise<HouseRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('house')
    .selectAll()
    .where((eb) => unitWithin(eb, 'house.unit_id', filter.scopePaths));
  const { unitPath } = filter;
  if (unitPath) query = query.where((eb) => unitWithin(eb, 'house.unit_id', [unitPath]));
  if (filter.q) query = query.where(sql<boolean>`address like ${likePattern(filter.q)} escape '\\'`);
  if (filter.afterId !== undefined) query = query.where('house.id', '>', filter.afterId);
  return attachUnits(db, await query.orderBy('house.id').limit(filter.limit).execute());
}

export async function findHouse(db: Executor, id: number): Promise<HouseRow | undefined> {
  const row = await db.selectFrom('house').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await attachUnits(db, [row]))[0] : undefined;
}

export async function findHousesByKeys(db: Executor, keys: string[]): Promise<Selectable<HouseTable>[]> {
  const out: Selectable<HouseTable>[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    if (chunk.length > 0)
      out.push(...(await db.selectFrom('house').selectAll().where('address_key', 'in', chunk).execute()));
  }
  return out;
}

export async function insertHouse(db: Executor, row: Insertable<HouseTable>): Promise<number> {
  return (await db.insertInto('house').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateHouse(db: Executor, id: number, patch: Updateable<HouseTable>): Promise<void> {
  await db.updateTable('house').set(patch).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Enterprises

export async function listEnterprises(db: Executor, filter: ListFilter): Promise<EnterpriseRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('enterprise')
    .selectAll()
    .where((eb) => unitWithin(eb, 'enterprise.unit_id', filter.scopePaths));
  const { unitPath } = filter;
  if (unitPath) query = query.where((eb) => unitWithin(eb, 'enterprise.unit_id', [unitPath]));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where(sql<boolean>`(name like ${pattern} escape '\\' or address like ${pattern} escape '\\')`);
  }
  if (filter.afterId !== undefined) query = query.where('enterprise.id', '>', filter.afterId);
  return attachUnits(db, await query.orderBy('enterprise.id').limit(filter.limit).execute());
}

export async function findEnterprise(db: Executor, id: number): Promise<EnterpriseRow | undefined> {
  const row = await db.selectFrom('enterprise').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await attachUnits(db, [row]))[0] : undefined;
}

export async function findEnterprisesByCodes(db: Executor, codes: string[]): Promise<Selectable<EnterpriseTable>[]> {
  const out: Selectable<EnterpriseTable>[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    if (chunk.length > 0) {
      out.push(...(await db.selectFrom('enterprise').selectAll().where('credit_code', 'in', chunk).execute()));
    }
  }
  return out;
}

export async function insertEnterprise(db: Executor, row: Insertable<EnterpriseTable>): Promise<number> {
  return (await db.insertInto('enterprise').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateEnterprise(db: Executor, id: number, patch: Updateable<EnterpriseTable>): Promise<void> {
  await db.updateTable('enterprise').set(patch).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// People (the registry's persons) as base data

export interface BasePeopleFilter extends ListFilter {
  /** Only people in this key group, inside these paths (where the caller may see the group). */
  keyGroup?: { code: string; paths: string[] } | undefined;
  houseId?: number | undefined;
  enterpriseId?: number | undefined;
}

export async function listBasePeople(db: Executor, filter: BasePeopleFilter): Promise<PersonRow[]> {
  if (filter.scopePaths.length === 0) return [];
  if (filter.keyGroup && filter.keyGroup.paths.length === 0) return [];
  let query = db
    .selectFrom('person')
    .select(personColumns)
    .where((eb) => unitWithin(eb, 'person.unit_id', filter.scopePaths));
  const { unitPath, keyGroup, houseId, enterpriseId } = filter;
  if (unitPath) query = query.where((eb) => unitWithin(eb, 'person.unit_id', [unitPath]));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    // By name, or by the address of a house the person is linked to.
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`person.name like ${pattern} escape '\\'`,
        eb.exists(
          eb
            .selectFrom('person_house')
            .innerJoin('house', 'house.id', 'person_house.house_id')
            .select('person_house.person_id')
            .whereRef('person_house.person_id', '=', 'person.id')
            .where(sql<boolean>`house.address like ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  if (keyGroup) {
    query = query
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('person_key_group')
            .select('person_key_group.person_id')
            .whereRef('person_key_group.person_id', '=', 'person.id')
            .where('person_key_group.group_code', '=', keyGroup.code),
        ),
      )
      .where((eb) => unitWithin(eb, 'person.unit_id', keyGroup.paths));
  }
  if (houseId !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_house')
          .select('person_house.person_id')
          .whereRef('person_house.person_id', '=', 'person.id')
          .where('person_house.house_id', '=', houseId),
      ),
    );
  }
  if (enterpriseId !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_enterprise')
          .select('person_enterprise.person_id')
          .whereRef('person_enterprise.person_id', '=', 'person.id')
          .where('person_enterprise.enterprise_id', '=', enterpriseId),
      ),
    );
  }
  if (filter.afterId !== undefined) query = query.where('person.id', '>', filter.afterId);
  return withUnits(db, await query.orderBy('person.id').limit(filter.limit).execute());
}

export interface PersonLinks {
  houses: { houseId: number; address: string; relation: string }[];
  enterprises: { enterpriseId: number; name: string; relation: string }[];
  keyGroups: string[];
}

/** Each person's houses, enterprises and key groups (all of them: the caller filters the groups). */
export async function personLinks(db: Executor, personIds: number[]): Promise<Map<number, PersonLinks>> {
  const out = new Map<number, PersonLinks>(personIds.map((id) => [id, { houses: [], enterprises: [], keyGroups: [] }]));
  if (personIds.length === 0) return out;
  const [houses, enterprises, groups] = await Promise.all([
    db
      .selectFrom('person_house')
      .innerJoin('house', 'house.id', 'person_house.house_id')
      .select(['person_house.person_id', 'person_house.house_id', 'person_house.relation', 'house.address'])
      .where('person_house.person_id', 'in', personIds)
      .orderBy('person_house.house_id')
      .execute(),
    db
      .selectFrom('person_enterprise')
      .innerJoin('enterprise', 'enterprise.id', 'person_enterprise.enterprise_id')
      .select([
        'person_enterprise.person_id',
        'person_enterprise.enterprise_id',
        'person_enterprise.relation',
        'enterprise.name',
      ])
      .where('person_enterprise.person_id', 'in', personIds)
      .orderBy('person_enterprise.enterprise_id')
      .execute(),
    db
      .selectFrom('person_key_group')
      .select(['person_id', 'group_code'])
      .where('person_id', 'in', personIds)
      .orderBy('group_code')
      .execute(),
  ]);
  for (const h of houses)
    out.get(h.person_id)?.houses.push({ houseId: h.house_id, address: h.address, relation: h.relation });
  for (const e of enterprises) {
    out.get(e.person_id)?.enterprises.push({ enterpriseId: e.enterprise_id, name: e.name, relation: e.relation });
  }
  for (const g of groups) out.get(g.person_id)?.keyGroups.push(g.group_code);
  return out;
}

export async function findPeopleByIdHashes(
  db: Executor,
  hashes: string[],
): Promise<Pick<Selectable<PersonTable>, 'id' | 'id_number_hash'>[]> {
  const out: Pick<Selectable<PersonTable>, 'id' | 'id_number_hash'>[] = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const chunk = hashes.slice(i, i + 500);
    if (chunk.length > 0) {
      out.push(
        ...(await db
          .selectFrom('person')
          .select(['id', 'id_number_hash'])
          .where('id_number_hash', 'in', chunk)
          .orderBy('id')
          .execute()),
      );
    }
  }
  return out;
}

export async function findPersonSealed(db: Executor, id: number): Promise<Selectable<PersonTable> | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePersonRow(db: Executor, id: number, patch: Updateable<PersonTable>): Promise<void> {
  await db.updateTable('person').set(patch).where('id', '=', id).execute();
}

export async function addKeyGroup(db: Executor, personId: number, code: string): Promise<void> {
  await db.insertInto('person_key_group').values({ person_id: personId, group_code: code }).execute();
}

export async function removeKeyGroup(db: Executor, personId: number, code: string): Promise<void> {
  await db.deleteFrom('person_key_group').where('person_id', '=', personId).where('group_code', '=', code).execute();
}

export async function setHouseLink(db: Executor, personId: number, houseId: number, relation: string): Promise<void> {
  await db.deleteFrom('person_house').where('person_id', '=', personId).where('house_id', '=', houseId).execute();
  await db.insertInto('person_house').values({ person_id: personId, house_id: houseId, relation }).execute();
}

export async function removeHouseLink(db: Executor, personId: number, houseId: number): Promise<void> {
  await db.deleteFrom('person_house').where('person_id', '=', personId).where('house_id', '=', houseId).execute();
}

export async function setEnterpriseLink(
  db: Executor,
  personId: number,
  enterpriseId: number,
  relation: string,
): Promise<void> {
  await db
    .deleteFrom('person_enterprise')
    .where('person_id', '=', personId)
    .where('enterprise_id', '=', enterpriseId)
    .execute();
  await db
    .insertInto('person_enterprise')
    .values({ person_id: personId, enterprise_id: enterpriseId, relation })
    .execute();
}

export async function removeEnterpriseLink(db: Executor, personId: number, enterpriseId: number): Promise<void> {
  await db
    .deleteFrom('person_enterprise')
    .where('person_id', '=', personId)
    .where('enterprise_id', '=', enterpriseId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// History and counts

export async function appendChanges(db: Executor, rows: Insertable<BaseDataChangeTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    if (chunk.length > 0) await db.insertInto('base_data_change').values(chunk).execute();
  }
}

export async function listChanges(
  db: Executor,
  subjectType: BaseDataChangeTable['subject_type'],
  subjectId: number,
): Promise<Selectable<BaseDataChangeTable>[]> {
  return db
    .selectFrom('base_data_change')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

/** Houses, people and enterprises under `scopePaths` (and `unitPath`), and people per key group
 * where `groupPaths` lets the caller see that group. */
export async function countBaseData(
  db: Executor,
  filter: { scopePaths: string[]; unitPath?: string | undefined; groupPaths: Record<string, string[]> },
): Promise<{ houses: number; people: number; enterprises: number; keyGroups: Record<string, number> }> {
  if (filter.scopePaths.length === 0) return { houses: 0, people: 0, enterprises: 0, keyGroups: {} };
  const within = [filter.scopePaths, ...(filter.unitPath ? [[filter.unitPath]] : [])];
  const count = async (table: 'house' | 'person' | 'enterprise') => {
    let query = db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n'));
    for (const paths of within)
      query = query.where((eb) => unitWithin(eb, `${table}.unit_id` as 'house.unit_id', paths));
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  const keyGroups: Record<string, number> = {};
  for (const [code, paths] of Object.entries(filter.groupPaths)) {
    if (paths.length === 0) continue;
    let query = db
      .selectFrom('person_key_group')
      .innerJoin('person', 'person.id', 'person_key_group.person_id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('person_key_group.group_code', '=', code)
      .where((eb) => unitWithin(eb, 'person.unit_id', paths));
    for (const p of within) query = query.where((eb) => unitWithin(eb, 'person.unit_id', p));
    keyGroups[code] = Number((await query.executeTakeFirstOrThrow()).n);
  }
  return {
    houses: await count('house'),
    people: await count('person'),
    enterprises: await count('enterprise'),
    keyGroups,
  };
}
