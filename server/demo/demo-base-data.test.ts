// The demo's base data on both databases: every house of a basic grid of the demo county stands at
// a point inside its own grid, so that the grid's page shows it on the map (issue 18 §2).
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/harness.ts';
import { seedDemoBaseData } from './demo-base-data.ts';

describeEachDialect(
  'demo base data',
  (get) => {
    it('places each house of the demo grids inside its grid', async () => {
      const h = get();
      expect(await seedDemoBaseData(h.ctx)).toBeGreaterThan(0);
      const token = await h.login('dispatcher');
      for (const code of ['370702001001G01', '370702001003G01']) {
        const grid = await h.unit(code);
        const res = await h.inject({ method: 'GET', url: `/api/v1/grids/${grid.id}/overview`, token });
        expect(res.statusCode, res.body).toBe(200);
        const houses = (res.json() as { baseData: { houses: { lng: number | null; lat: number | null }[] } }).baseData
          .houses;
        expect(houses.length).toBeGreaterThan(0);
        const points = new Set<string>();
        for (const house of houses) {
          expect(house.lng).not.toBeNull();
          const located = await h.inject({
            method: 'GET',
            url: `/api/v1/grids/locate?lng=${house.lng}&lat=${house.lat}`,
            token,
          });
          expect(located.statusCode, located.body).toBe(200);
          expect((located.json() as { id: number }).id).toBe(grid.id);
          points.add(`${house.lng},${house.lat}`);
        }
        // Not one pin for the whole grid.
        expect(points.size).toBe(houses.length);
      }
    });
  },
  { config: { demoCases: 10 } },
);
