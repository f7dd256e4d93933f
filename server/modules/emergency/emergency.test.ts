// Emergency mode over HTTP on both databases: an emergency on the demo county generates one item per
// house of the base data in its grids (and one per key-group person); a grid worker marks its own
// grid's households (again: updated, not duplicated; stale version: 409), the board's figures move,
// a township sees its part only, key persons are masked for roles that may not see their group,
// another county's staff get 404, and stand-down closes it with a .docx report; a drill is counted apart.
import { expect, it } from 'vitest';
import JSZip from 'jszip';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { seedDemoBaseData } from '../../demo/demo-base-data.ts';

interface Item {
  id: number;
  subject: string;
  label: string;
  keyGroups?: string[];
  gridId: number;
  result: string | null;
  note: string | null;
  version: number;
  abilities: { mark: boolean };
}
interface Counts {
  total: number;
  visited: number;
  reached: number;
  notReached: number;
  needs: number;
  pending: number;
}
interface Detail {
  id: number;
  status: string;
  drill: boolean;
  progress: Counts;
  townships: (Counts & { unitId: number | null; unitName: string })[];
  grids: (Counts & { unitId: number; unitName: string })[];
  notReached: Item[];
  needs: Item[];
  abilities: { board: boolean; standDown: boolean; mark: boolean };
}

describeEachDialect(
  'emergency mode',
  (get) => {
    it('lists every household of the demo county, lets the grid’s worker mark them, and stands down with a report', async () => {
      const h = get();
      await seedDemoBaseData(h.ctx);
      const county = await h.unit('370702');
      const grid = await h.unit('370702001001G01');
      const houses = await h.ctx.db
        .selectFrom('house')
        .innerJoin('org_unit', 'org_unit.id', 'house.unit_id')
        .select('house.id')
        .where('org_unit.level', '=', 'grid')
        .where('org_unit.path', 'like', `${county.path}%`)
        .execute();
      expect(houses.length).toBeGreaterThan(0);
      const keyPeople = await h.ctx.db
        .selectFrom('person_key_group')
        .innerJoin('person', 'person.id', 'person_key_group.person_id')
        .innerJoin('org_unit', 'org_unit.id', 'person.unit_id')
        .select('person.id')
        .distinct()
        .where('org_unit.path', 'like', `${county.path}%`)
        .execute();

      const leader = await h.login('leader');
      const declared = await h.inject({
        method: 'POST',
        url: '/api/v1/emergencies',
        token: leader,
        payload: { unitId: county.id, kind: 'flood', level: 'II', drill: false, instructions: '低洼地带群众立即转移' },
      });
      expect(declared.statusCode, declared.body).toBe(201);
      const e = declared.json() as Detail;
      expect(e).toMatchObject({ status: 'active', drill: false, abilities: { standDown: true, mark: false } });
      expect(e.progress).toMatchObject({ total: houses.length + keyPeople.length, visited: 0 });
      const households = await h.ctx.db
        .selectFrom('emergency_item')
        .select(['house_id'])
        .where('emergency_id', '=', e.id)
        .where('subject', '=', 'household')
        .execute();
      // One task per household of the county's grids, each house once.
      expect(households).toHaveLength(houses.length);
      expect(new Set(households.map((r) => r.house_id)).size).toBe(houses.length);
      expect(e.grids.reduce((n, g) => n + g.total, 0)).toBe(e.progress.total);

      // The banner: everyone whose area the emergency covers, residents included; nothing personal.
      const resident = await h.login('resident');
      const banner = await h.inject({ method: 'GET', url: '/api/v1/emergencies?active=1', token: resident });
      expect(banner.statusCode).toBe(200);
      expect((banner.json() as { items: { id: number; instructions: string }[] }).items).toEqual([
        expect.objectContaining({ id: e.id, instructions: '低洼地带群众立即转移' }),
      ]);
      expect((await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}`, token: resident })).statusCode).toBe(
        403,
      );

      // The grid worker sees its grid's list only, key persons by name.
      const worker = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01', displayName: '网格员甲' });
      const list = await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}/items`, token: worker.token });
      expect(list.statusCode, list.body).toBe(200);
      const items = (list.json() as { items: Item[] }).items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => i.gridId === grid.id && i.abilities.mark)).toBe(true);
      const [first, second] = items.filter((i) => i.subject === 'household');
      const keyItem = items.find((i) => i.subject === 'key_person');
      expect(keyItem?.keyGroups?.length).toBeGreaterThan(0);

      const mark = (itemId: number, payload: Record<string, unknown>, token = worker.token) =>
        h.inject({ method: 'POST', url: `/api/v1/emergencies/${e.id}/items/${itemId}`, token, payload });
      const m1 = await mark(first!.id, { result: 'reached', version: first!.version });
      expect(m1.statusCode, m1.body).toBe(200);
      expect(m1.json()).toMatchObject({ result: 'reached', version: first!.version + 1 });
      // A second mark updates the same item; a stale version is refused with the current item.
      const stale = await mark(first!.id, { result: 'need', version: first!.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({
        error: { code: 'EMERGENCY_ITEM_VERSION_CONFLICT', details: { current: { result: 'reached' } } },
      });
      expect((await mark(first!.id, { result: 'need', note: '需要饮用水' })).json()).toMatchObject({
        result: 'need',
        note: '需要饮用水',
      });
      expect((await mark(second!.id, { result: 'not_reached', note: '家中无人' })).statusCode).toBe(200);
      // Two workers marking the same item from the same read at once: one wins, the other is told.
      const colleague = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01' });
      const third = items.filter((i) => i.subject === 'household')[2]!;
      const race = await Promise.all([
        mark(third.id, { result: 'reached', version: third.version }),
        mark(third.id, { result: 'need', note: '同时标记', version: third.version }, colleague.token),
      ]);
      expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      await mark(third.id, { result: 'reached' });
      expect(
        await h.ctx.db.selectFrom('emergency_item').select('id').where('emergency_id', '=', e.id).execute(),
      ).toHaveLength(e.progress.total);

      // Another grid's worker and another county's leader: the item / emergency does not exist.
      const otherWorker = await buildUser(h, { role: 'grid_worker', unit: '370702002001G01' });
      expect((await mark(first!.id, { result: 'reached' }, otherWorker.token)).statusCode).toBe(404);
      const farLeader = await buildUser(h, { role: 'leader', unit: '370703' });
      expect(
        (await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}`, token: farLeader.token })).statusCode,
      ).toBe(404);
      expect(
        (
          await h.inject({
            method: 'POST',
            url: `/api/v1/emergencies/${e.id}/stand-down`,
            token: farLeader.token,
            payload: {},
          })
        ).statusCode,
      ).toBe(404);

      // The board moved; the leader sees the need, and key persons of special groups masked.
      const board = (
        await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}`, token: leader })
      ).json() as Detail;
      expect(board.progress).toMatchObject({ visited: 3, needs: 1, notReached: 1 });
      expect(board.grids.find((g) => g.unitId === grid.id)).toMatchObject({ visited: 3, needs: 1, notReached: 1 });
      expect(board.needs.map((i) => i.note)).toEqual(['需要饮用水']);
      expect(board.notReached.map((i) => i.id)).toEqual([second!.id]);
      // A township dispatcher sees its township only.
      const township = await h.login('township');
      const part = (
        await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}`, token: township })
      ).json() as Detail;
      expect(part.townships).toHaveLength(1);
      expect(part.progress.total).toBeLessThan(board.progress.total);
      const leaderItems = (
        (
          await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}/items?limit=2000`, token: leader })
        ).json() as {
          items: Item[];
        }
      ).items;
      const masked = leaderItems.filter((i) => i.subject === 'key_person' && i.keyGroups === undefined);
      expect(masked.length).toBeGreaterThan(0);
      for (const i of masked) expect(i.label).toMatch(/^重点人员走访（.\*+）$/u);

      const xlsx = await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}?format=xlsx`, token: leader });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');

      // Stand-down: closed, marks refused, the report is a .docx with the figures and no numbers.
      const down = await h.inject({
        method: 'POST',
        url: `/api/v1/emergencies/${e.id}/stand-down`,
        token: leader,
        payload: { summary: '险情解除，群众已返回' },
      });
      expect(down.statusCode, down.body).toBe(200);
      expect(down.json()).toMatchObject({ status: 'closed', summary: '险情解除，群众已返回' });
      expect((await mark(second!.id, { result: 'reached' })).json()).toMatchObject({
        error: { code: 'EMERGENCY_CLOSED' },
      });
      const report = await h.inject({ method: 'GET', url: `/api/v1/emergencies/${e.id}/report`, token: leader });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toContain('wordprocessingml');
      const xml = await (await JSZip.loadAsync(report.rawPayload)).file('word/document.xml')!.async('string');
      const text = xml.replace(/<[^>]+>/g, '');
      expect(text).toContain('防汛应急处置报告');
      expect(text).toContain('需要饮用水');
      expect(text).toContain('家中无人');
      expect(text).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
      expect((await h.inject({ method: 'GET', url: '/api/v1/emergencies?active=1', token: resident })).json()).toEqual({
        items: [],
      });
    });

    it('runs a drill apart, refuses a non-region and other counties, and keeps workers from declaring', async () => {
      const h = get();
      const leader = await h.login('leader');
      const town = await h.unit('370702001');
      const declare = (payload: Record<string, unknown>, token = leader) =>
        h.inject({
          method: 'POST',
          url: '/api/v1/emergencies',
          token,
          payload: { unitId: town.id, kind: 'fire', level: 'IV', drill: true, instructions: '消防演练', ...payload },
        });
      const drill = await declare({});
      expect(drill.statusCode, drill.body).toBe(201);
      expect(drill.json()).toMatchObject({ drill: true });
      const drillId = (drill.json() as { id: number }).id;
      const list = async (q: string) =>
        (
          (await h.inject({ method: 'GET', url: `/api/v1/emergencies?${q}`, token: leader })).json() as {
            items: { id: number; drill: boolean }[];
          }
        ).items;
      expect((await list('drill=1')).map((i) => i.id)).toContain(drillId);
      expect((await list('drill=0')).map((i) => i.id)).not.toContain(drillId);
      const centre = await h.unit('370702-centre');
      expect((await declare({ unitId: centre.id })).json()).toMatchObject({
        error: { code: 'EMERGENCY_UNIT_NOT_REGION' },
      });
      const other = await h.unit('370703');
      expect((await declare({ unitId: other.id })).statusCode).toBe(404);
      expect((await declare({ level: 'V' })).statusCode).toBe(400);
      expect((await declare({ instructions: '   ' })).statusCode).toBe(400);
      const worker = await h.login('gridworker');
      expect((await declare({}, worker)).statusCode).toBe(403);
    });
  },
  { config: { demoCases: 10 } },
);
