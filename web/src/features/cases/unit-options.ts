// Units a case can be sent to: departments and committees of the case's county, and how loaded
// each is now (the open cases it leads, how many overdue) for the dispatch dialog.
import { api } from '../../shared/api.ts';
import type { Unit } from '../../shared/api-types.ts';
import type { components } from '../../shared/api-schema.d.ts';

export type UnitLoad = components['schemas']['UnitLoad'];

const cache = new Map<number, Promise<Unit[]>>();

export function handlingUnits(regionId: number): Promise<Unit[]> {
  let found = cache.get(regionId);
  if (!found) {
    found = (async () => {
      const region = await api.GET('/api/v1/units/{id}', { params: { path: { id: regionId } } });
      const county = [...region.ancestors, region].find((u) => u.level === 'county') ?? region;
      const lists = await Promise.all(
        (['department', 'committee'] as const).map((type) =>
          api.GET('/api/v1/units', { params: { query: { within: county.id, type, limit: 500 } } }),
        ),
      );
      return lists.flatMap((list) => list.items);
    })();
    found.catch(() => cache.delete(regionId));
    cache.set(regionId, found);
  }
  return found;
}

/** The most ids GET /api/v1/units/load takes at once. */
const LOAD_BATCH = 100;

/** The load of each unit, by id (asked afresh each time: it changes with every dispatch). */
export async function unitLoads(ids: readonly number[]): Promise<Map<number, UnitLoad>> {
  const unique = [...new Set(ids)];
  const batches: number[][] = [];
  for (let i = 0; i < unique.length; i += LOAD_BATCH) batches.push(unique.slice(i, i + LOAD_BATCH));
  const answers = await Promise.all(
    batches.map((batch) => api.GET('/api/v1/units/load', { params: { query: { ids: batch.join(',') } } })),
  );
  return new Map(answers.flatMap((answer) => answer.items.map((load) => [load.unitId, load] as const)));
}
