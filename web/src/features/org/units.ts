// Reading the org tree over GET /api/v1/units: a unit's children (every page), grids within a
// region, and how a unit is named on screen.
import { api, type Query } from '../../shared/api.ts';
import type { Unit } from '../../shared/api-types.ts';

/** A unit as a list answers it: with `childCount`, its direct children (absent on GET /units/{id}). */
export type UnitRow = Unit;

/** The filters of a unit list (GET /api/v1/units), without its paging. */
export type UnitQuery = Omit<Query<'/api/v1/units'>, 'cursor' | 'limit'>;

/** Every page of a unit list, up to `max` units. */
export async function allUnits(query: UnitQuery, max = 5000): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET('/api/v1/units', { params: { query: { ...query, limit: 500, cursor } } });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && out.length < max);
  return out;
}

/** A unit's children: the regions under it first (the tree's spine), then its centre, departments, courts and committees. */
export async function childrenOf(unitId: number): Promise<UnitRow[]> {
  const units = await allUnits({ parentId: unitId });
  const regionFirst = (u: Unit) => (u.type === 'region' ? 0 : 1);
  return units.sort((a, b) => regionFirst(a) - regionFirst(b) || a.code.localeCompare(b.code));
}

/** Official codes (digits, and a grid's G) are shown; a standard unit's code carries an English suffix and is not. */
export function displayCode(unit: Pick<Unit, 'code'>): string | null {
  return /^[0-9A-Z]+$/.test(unit.code) ? unit.code : null;
}

/** The region part of any unit code ("370702-centre" → "370702"), to tell same-named units apart. */
export function regionCodeOf(unit: Pick<Unit, 'code'>): string {
  return unit.code.split('-')[0] ?? unit.code;
}
