// A grid's base data for its page (issue 18, ADR 0030): its houses (with their GCJ-02 point, when
// recorded) and the people of the grid per house, and the people of the key groups the reader may
// see. Key groups go through the same rule as every base-data answer (base-data.view.ts): a group
// the reader may not see is absent from the people, from the key-group list and from the counts,
// and for a reader who may see no group the `keyGroups` fields are absent altogether.
import type { AppContext } from '../../context.ts';
import type { Actor } from '../auth/index.ts';
import { isKeyGroup, type HouseKind, type HouseRelation, type KeyGroup } from '../../../common/base-data.ts';
import { listBasePeople, listHouses, personLinks } from './base-data.repository.ts';
import { seesAnyKeyGroup, visibleKeyGroups } from './base-data.view.ts';

/** A grid page draws at most this many houses and people; `truncated` says when there are more. */
const MAX_HOUSES = 2000;
const MAX_PEOPLE = 5000;

export interface GridPerson {
  id: number;
  name: string;
  keyGroups?: KeyGroup[];
}

/** The grid's houses, people and visible key groups; the caller has checked base_data:read there. */
export async function gridBaseData(ctx: AppContext, actor: Actor, grid: { path: string }) {
  const [houses, people] = await Promise.all([
    listHouses(ctx.db, { scopePaths: [grid.path], limit: MAX_HOUSES + 1 }),
    listBasePeople(ctx.db, { scopePaths: [grid.path], limit: MAX_PEOPLE + 1 }),
  ]);
  const shownPeople = people.slice(0, MAX_PEOPLE);
  const links = await personLinks(
    ctx.db,
    shownPeople.map((p) => p.id),
  );
  const anyGroup = seesAnyKeyGroup(actor);
  const present = (p: (typeof shownPeople)[number]): GridPerson => {
    const visible = new Set<string>(visibleKeyGroups(actor, p.unit_path));
    const groups = (links.get(p.id)?.keyGroups ?? []).filter((g): g is KeyGroup => isKeyGroup(g) && visible.has(g));
    return anyGroup ? { id: p.id, name: p.name, keyGroups: groups } : { id: p.id, name: p.name };
  };
  const residents = new Map<number, { person: GridPerson; relation: HouseRelation }[]>();
  const homeless: GridPerson[] = [];
  const keyGroupPeople: (GridPerson & { houseIds: number[] })[] = [];
  const groupCounts = new Map<KeyGroup, number>();
  for (const p of shownPeople) {
    const person = present(p);
    const own = links.get(p.id)?.houses ?? [];
    for (const h of own) {
      const list = residents.get(h.houseId) ?? [];
      list.push({ person, relation: h.relation as HouseRelation });
      residents.set(h.houseId, list);
    }
    if (own.length === 0) homeless.push(person);
    if (person.keyGroups && person.keyGroups.length > 0) {
      keyGroupPeople.push({ ...person, houseIds: own.map((h) => h.houseId) });
      for (const g of person.keyGroups) groupCounts.set(g, (groupCounts.get(g) ?? 0) + 1);
    }
  }
  return {
    houses: houses.slice(0, MAX_HOUSES).map((h) => ({
      id: h.id,
      address: h.address,
      kind: h.kind as HouseKind,
      lng: h.lng,
      lat: h.lat,
      people: (residents.get(h.id) ?? []).map((r) => ({ ...r.person, relation: r.relation })),
    })),
    /** People of the grid linked to no house of it. */
    unhoused: homeless,
    keyGroupPeople,
    counts: {
      houses: Math.min(houses.length, MAX_HOUSES),
      people: shownPeople.length,
      ...(anyGroup ? { keyGroups: [...groupCounts].map(([group, count]) => ({ group, count })) } : {}),
    },
    truncated: houses.length > MAX_HOUSES || people.length > MAX_PEOPLE,
  };
}

export type GridBaseData = Awaited<ReturnType<typeof gridBaseData>>;
