// The door-to-door roster of an area (emergency mode, ADR 0029): every house of the base data under
// a unit, and every person of a key group there, with the unit each belongs to. Read in one go when
// an emergency is declared; the emergency module keeps its own copy (a snapshot of that moment).
import type { Db, Trx } from '../../context.ts';
import { findUnitsByIds, unitWithin } from '../org/index.ts';

export interface RosterHouse {
  houseId: number;
  unitId: number;
  unitPath: string;
  address: string;
}

export interface RosterKeyPerson {
  personId: number;
  unitId: number;
  unitPath: string;
  name: string;
  keyGroups: string[];
}

export async function baseDataRoster(
  db: Db | Trx,
  areaPath: string,
): Promise<{ houses: RosterHouse[]; keyPeople: RosterKeyPerson[] }> {
  const houses = await db
    .selectFrom('house')
    .select(['id', 'unit_id', 'address'])
    .where((eb) => unitWithin(eb, 'house.unit_id', [areaPath]))
    .orderBy('id')
    .execute();
  const tagged = await db
    .selectFrom('person_key_group')
    .innerJoin('person', 'person.id', 'person_key_group.person_id')
    .select(['person.id as person_id', 'person.unit_id', 'person.name', 'person_key_group.group_code'])
    .where((eb) => unitWithin(eb, 'person.unit_id', [areaPath]))
    .orderBy('person.id')
    .orderBy('person_key_group.group_code')
    .execute();
  const units = new Map(
    (await findUnitsByIds(db, [...houses.map((h) => h.unit_id), ...tagged.map((t) => t.unit_id)])).map((u) => [
      u.id,
      u.path,
    ]),
  );
  const people = new Map<number, RosterKeyPerson>();
  for (const r of tagged) {
    const p = people.get(r.person_id);
    if (p) p.keyGroups.push(r.group_code);
    else
      people.set(r.person_id, {
        personId: r.person_id,
        unitId: r.unit_id,
        unitPath: units.get(r.unit_id) ?? '',
        name: r.name,
        keyGroups: [r.group_code],
      });
  }
  return {
    houses: houses.map((h) => ({
      houseId: h.id,
      unitId: h.unit_id,
      unitPath: units.get(h.unit_id) ?? '',
      address: h.address,
    })),
    keyPeople: [...people.values()],
  };
}
