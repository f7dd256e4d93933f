// A grid's page and its cadres at work, over HTTP on both databases (ADR 0030): the page shows the
// grid's houses, people and only the key groups the reader may see; another area's grid does not
// exist; a task for a cadre sends one SMS, once; a whistle that calls the grid's cadres records
// them, tells them by SMS and names them in the timeline only to those who may see the cadres.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { HOUSE_HEADERS, PEOPLE_HEADERS, idNumber, sheetXlsx, xlsxPart } from '../../../test/support/base-data.ts';
import { insertLoadedUnits, maxUnitId } from '../org/org.repository.ts';
import { findUnitByCode } from '../org/index.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';

const GRID = '370702001001G01';
const CADRE_PHONE = '13811112222';
const quiet = () => undefined;

interface Person {
  id: number;
  name: string;
  keyGroups?: string[];
}
interface Overview {
  id: number;
  name: string;
  township: { name: string } | null;
  workers: { id: number; name: string }[];
  cadres: { id: number; name: string; role: string; phone: string | null }[];
  baseData: {
    houses: {
      id: number;
      address: string;
      lng: number | null;
      lat: number | null;
      people: (Person & { relation: string })[];
    }[];
    unhoused: Person[];
    keyGroupPeople: (Person & { houseIds: number[] })[];
    counts: { houses: number; people: number; keyGroups?: { group: string; count: number }[] };
  } | null;
}

/** A grid of another county (潍坊市寒亭区 370703), made as the loader would. */
async function otherCountyGrid(h: Harness): Promise<number> {
  const county = (await findUnitByCode(h.ctx.db, '370703'))!;
  const id = (await maxUnitId(h.ctx.db)) + 1;
  await h.ctx.db.transaction().execute((trx) =>
    insertLoadedUnits(
      trx,
      h.ctx.dialect,
      [
        {
          id,
          code: '370703999001G01',
          name: '寒亭测试网格',
          type: 'region',
          kind: 'basic',
          level: 'grid',
          parent_id: county.id,
          path: `${county.path}${id}/`,
          depth: county.depth + 1,
          created_at: h.ctx.clock.now().toISOString(),
        },
      ],
      [],
    ),
  );
  return id;
}

describeEachDialect('grid page and cadres at work', (get) => {
  const tokens: Record<string, string> = {};
  let gridId = 0;
  let cadreId = 0;

  beforeAll(async () => {
    const h = get();
    for (const name of [
      'admin',
      'dispatcher',
      'township',
      'gridworker',
      'leader',
      'evaluator',
      'department',
      'resident',
    ])
      tokens[name] = await h.login(name);
    gridId = (await h.unit(GRID)).id;
    const houses = await h.inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=houses',
      token: tokens.dispatcher,
      ...xlsxPart(
        await sheetXlsx(
          [...HOUSE_HEADERS, '经度', '纬度'],
          [
            ['潍城区城关街道网格页 1 号', GRID, '住宅', '119.1021', '36.7112'],
            ['潍城区城关街道网格页 2 号', GRID, '住宅', null, null],
          ],
        ),
      ),
    });
    expect(houses.statusCode, houses.body).toBe(200);
    const people = await h.inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=people',
      token: tokens.dispatcher,
      ...xlsxPart(
        await sheetXlsx(PEOPLE_HEADERS, [
          ['网格甲', idNumber(801, '19400101'), '13700008001', GRID, '潍城区城关街道网格页 1 号', '产权人', '独居老人'],
          [
            '网格乙',
            idNumber(802, '19800101'),
            '13700008002',
            GRID,
            '潍城区城关街道网格页 1 号',
            '居住人',
            '社区矫正对象',
          ],
          ['网格丙', idNumber(803, '19900101'), '13700008003', GRID, '潍城区城关街道网格页 2 号', '租户', null],
        ]),
      ),
    });
    expect(people.statusCode, people.body).toBe(200);
    const cadre = await h.inject({
      method: 'POST',
      url: '/api/v1/grid-cadres',
      token: tokens.admin,
      payload: {
        gridId,
        name: '联系干部李四',
        role: 'liaison_cadre',
        organisation: '城关街道办事处',
        phone: CADRE_PHONE,
      },
    });
    expect(cadre.statusCode, cadre.body).toBe(201);
    cadreId = (cadre.json() as { id: number }).id;
  });

  const overview = async (who: string, id = gridId) =>
    get().inject({ method: 'GET', url: `/api/v1/grids/${id}/overview`, token: tokens[who] });

  it('shows houses with points, people per house, workers and cadres; key groups only to the roles that see them', async () => {
    const res = await overview('gridworker');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Overview;
    expect(page.name).toBeTruthy();
    expect(page.workers.map((w) => w.name)).toContain('城关街道网格员');
    expect(page.cadres).toEqual([
      expect.objectContaining({ id: cadreId, name: '联系干部李四', role: 'liaison_cadre', phone: '138****2222' }),
    ]);
    expect(res.body).not.toContain(CADRE_PHONE);
    const one = page.baseData!.houses.find((x) => x.address === '潍城区城关街道网格页 1 号')!;
    expect([one.lng, one.lat]).toEqual([119.1021, 36.7112]);
    expect(one.people.map((p) => p.name).sort()).toEqual(['网格乙', '网格甲']);
    expect(page.baseData!.houses.find((x) => x.address === '潍城区城关街道网格页 2 号')!.lng).toBeNull();
    // The grid worker sees both groups.
    const groups = page.baseData!.keyGroupPeople.map((p) => [p.name, p.keyGroups]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['网格甲', ['elderly_alone']],
        ['网格乙', ['community_correction']],
      ]),
    );

    // A leader sees the welfare group only: the special group's person is no key-group person, and
    // no count hints at them.
    const leader = (await overview('leader')).json() as Overview;
    const leaderNames = leader.baseData!.keyGroupPeople.map((p) => p.name);
    expect(leaderNames).toContain('网格甲');
    expect(leaderNames).not.toContain('网格乙');
    expect(JSON.stringify(leader)).not.toContain('community_correction');
    expect(leader.baseData!.counts.keyGroups!.map((c) => c.group)).not.toContain('community_correction');
    const yi = leader.baseData!.houses.flatMap((x) => x.people).find((p) => p.name === '网格乙')!;
    expect(yi.keyGroups).toEqual([]);

    // An evaluator reads the grid's workers and cadres, not its residents.
    const evaluator = (await overview('evaluator')).json() as Overview;
    expect(evaluator.baseData).toBeNull();
    expect(evaluator.cadres).toHaveLength(1);

    expect((await overview('department')).statusCode).toBe(403);
    expect((await overview('resident')).statusCode).toBe(403);
  });

  it('answers 404 for a grid of another county or township, and for a unit that is not a grid', async () => {
    const h = get();
    const elsewhere = await otherCountyGrid(h);
    expect((await overview('dispatcher', elsewhere)).statusCode).toBe(404);
    expect((await overview('admin', elsewhere)).statusCode).toBe(200);
    const otherTownship = (await h.unit('370702002001G01')).id;
    expect((await overview('gridworker', otherTownship)).statusCode).toBe(404);
    expect((await overview('township', otherTownship)).statusCode).toBe(404);
    expect((await overview('dispatcher', (await h.unit('370702001')).id)).statusCode).toBe(404);
    expect((await overview('dispatcher', 2_000_000_000)).statusCode).toBe(404);
  });

  it('assigns a task to a cadre of the grid: one SMS, once, no name or phone in the outbox', async () => {
    const h = get();
    const assign = (payload: Record<string, unknown>) =>
      h.inject({ method: 'POST', url: '/api/v1/grid-tasks', token: tokens.township, payload });
    const task = await assign({ kind: 'visit', title: '走访独居老人', unitId: gridId, cadreId, dueDate: '2026-12-31' });
    expect(task.statusCode, task.body).toBe(201);
    expect(task.json()).toMatchObject({
      cadreId,
      cadre: { name: '联系干部李四', role: 'liaison_cadre' },
      assigneeId: null,
    });
    const taskId = (task.json() as { id: number }).id;

    // A cadre of another grid, or a cadre and a worker at once: refused, nothing written.
    const otherGrid = (await h.unit('370702002001G01')).id;
    const stranger = await h.inject({
      method: 'POST',
      url: '/api/v1/grid-cadres',
      token: tokens.admin,
      payload: { gridId: otherGrid, name: '别的网格干部', role: 'party_member' },
    });
    const strangerId = (stranger.json() as { id: number }).id;
    const refused = await assign({
      kind: 'visit',
      title: '错派',
      unitId: gridId,
      cadreId: strangerId,
      dueDate: '2026-12-31',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'GRID_TASK_CADRE_INVALID' } });

    const outbox = await h.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'grid_task.assigned')
      .where('subject_id', '=', String(taskId))
      .execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.recipient_type).toBe('cadre');
    expect(JSON.stringify(outbox[0])).not.toContain('李四');
    expect(JSON.stringify(outbox[0])).not.toContain(CADRE_PHONE);

    const deliver = () => deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    await deliver();
    // Delivered again (as after a crash between sending and recording): still one text.
    await h.ctx.db.deleteFrom('outbox_delivery').where('outbox_id', '=', outbox[0]!.id).execute();
    await h.ctx.db.updateTable('outbox').set({ status: 'pending' }).where('id', '=', outbox[0]!.id).execute();
    await deliver();
    const texts = await h.ctx.db.selectFrom('sms_message').selectAll().where('outbox_id', '=', outbox[0]!.id).execute();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ template_code: 'cadre_task', phone_masked: '138****2222', status: 'sent' });
    expect(texts[0]!.text).toContain('走访');
    expect(texts[0]!.text).not.toContain('http');
  });

  it('calls the grid’s cadres into a whistle: recorded once, told by SMS, named in the timeline only to cadre readers', async () => {
    const h = get();
    const built = await buildCase(h, { at: GRID, status: 'in_progress', lead: '370702-dept-housing' });
    const call = (who: string, ids: number[]) =>
      h.inject({
        method: 'POST',
        url: `/api/v1/cases/${built.id}/whistle-cadres`,
        token: tokens[who],
        payload: { cadreIds: ids },
      });
    // No whistle yet.
    const early = await call('township', [cadreId]);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ error: { code: 'WHISTLE_CADRES_NO_WHISTLE' } });

    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}`, token: tokens.township })
    ).json() as {
      version: number;
    };
    const urban = (await h.unit('370702-dept-urban_management')).id;
    const whistle = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${built.id}/actions`,
      token: tokens.township,
      payload: { action: 'whistle', version: detail.version, unitIds: [urban] },
    });
    expect(whistle.statusCode, whistle.body).toBe(200);

    expect((await call('department', [cadreId])).statusCode).toBe(403);
    expect((await call('township', [2_000_000_000])).statusCode).toBe(422);
    const ok = await call('township', [cadreId]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ items: [{ id: cadreId, name: '联系干部李四', role: 'liaison_cadre' }] });
    // Again: nothing new.
    expect((await call('township', [cadreId])).statusCode).toBe(200);
    const rows = await h.ctx.db.selectFrom('whistle_cadre').selectAll().where('case_id', '=', built.id).execute();
    expect(rows.map((r) => r.cadre_id)).toEqual([cadreId]);
    const messages = await h.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'case.whistled')
      .where('recipient_type', '=', 'cadre')
      .where('subject_id', '=', String(built.id))
      .execute();
    expect(messages).toHaveLength(1);
    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const texts = await h.ctx.db
      .selectFrom('sms_message')
      .selectAll()
      .where('outbox_id', '=', messages[0]!.id)
      .execute();
    expect(texts).toHaveLength(1);
    expect(texts[0]!.template_code).toBe('cadre_whistle');
    expect(texts[0]!.text).toContain(built.number);

    const timeline = async (who: string) =>
      (
        (await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}`, token: tokens[who] })).json() as {
          timeline: { action: string; data: unknown }[];
        }
      ).timeline.filter((e) => e.action === 'whistle_cadres');
    expect(await timeline('township')).toEqual([
      expect.objectContaining({ data: { cadres: [{ id: cadreId, name: '联系干部李四', role: 'liaison_cadre' }] } }),
    ]);
    // The summoned department sees that a cadre was told, not who.
    const urbanToken = await h.login('urban');
    const seen = (
      (await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}`, token: urbanToken })).json() as {
        timeline: { action: string; data: unknown }[];
      }
    ).timeline.filter((e) => e.action === 'whistle_cadres');
    expect(seen).toEqual([expect.objectContaining({ data: { cadres: [{ role: 'liaison_cadre' }] } })]);
  });
});
