// The demo's 队伍建设 on both databases: the demo accounts get staff records whose certificates fill
// both alert lists (the grid worker's lapsed, the mediator's expiring), each basic grid of 城关街道
// has cadres with masked phones, and seeding again adds nothing.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/harness.ts';
import { seedDemoWorkforce } from './demo-workforce.ts';

describeEachDialect(
  'demo workforce',
  (get) => {
    it('registers the demo staff with flagged certificates and cadres in the grids, once', async () => {
      const h = get();
      expect(await seedDemoWorkforce(h.ctx)).toBe(5);
      expect(await seedDemoWorkforce(h.ctx)).toBe(0);
      const token = await h.login('leader');
      const staff = await h.inject({ method: 'GET', url: '/api/v1/workforce/staff', token });
      const items = (staff.json() as { items: { name: string; certificate: string }[] }).items;
      expect(items).toHaveLength(5);
      const alerts = await h.inject({ method: 'GET', url: '/api/v1/workforce/certificates', token });
      expect((alerts.json() as { items: { certificate: string }[] }).items.map((a) => a.certificate).sort()).toEqual([
        'expired',
        'expiring',
      ]);
      const grid = await h.unit('370702001001G01');
      const cadres = await h.inject({ method: 'GET', url: `/api/v1/grid-cadres?gridId=${grid.id}`, token });
      const list = (cadres.json() as { items: { role: string; phone: string }[] }).items;
      expect(list.length).toBeGreaterThanOrEqual(2);
      expect(list[0]!.role).toBe('liaison_cadre');
      for (const c of list) expect(c.phone).toMatch(/^139\*{4}\d{4}$/);
    });
  },
  { config: { demoCases: 10 } },
);
