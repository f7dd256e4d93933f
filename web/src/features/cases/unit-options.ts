// Units a case can be sent to: departments and committees of the case's county.
import { api } from '../../shared/api.ts';
import type { Unit } from '../../shared/api-types.ts';

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
