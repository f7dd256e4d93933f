// The demo's early warnings, so that a newcomer finds the inbox populated — each raised by the
// warnings module's own detection, never written by hand: a caller reporting a third time within
// days (repeat_reporter) with words of escalation in the last report (escalation_words), both
// raised by intake's hooks; a burst of one category in one grid this week, found by the scan's
// Poisson test (hot_spot); and an oral agreement of the demo committee found broken at its
// follow-up visit, raised by the follow-up's own hook (agreement_breach). Once: nothing is added
// when an intake warning already exists. Only with the demo cases (the tests build their own).
import type { AppContext } from '../context.ts';
import { anchorPathOf, findUserByUsername, type Actor } from '../modules/auth/index.ts';
import { registerCase } from '../modules/cases/index.ts';
import { findUnitByCode, type OrgUnitRow } from '../modules/org/index.ts';
import { scanWarnings } from '../modules/warnings/index.ts';
import { multiPolygonContains, type MultiPolygon } from '../modules/org/geo.ts';
import { loadFile } from '../modules/mediation/mediation-file.ts';
import { makeEffective, saveAgreement } from '../modules/mediation/use-cases/agreement.ts';
import { recordFollowUp } from '../modules/mediation/use-cases/follow-ups.ts';
import { DEMO_COMMITTEE_CODE } from './demo-mediation.ts';
import { DEMO_GRID_CODE } from './seed-demo.ts';
import type { Role } from '../../common/roles.ts';

/** The grid of the week's burst: 南关街道's first community, away from the demo grid worker's. */
const HOT_SPOT_GRID = '370702002001G01';
const HOT_SPOT_CASES = 7;
const DAY = 86_400_000;

async function actorOf(ctx: AppContext, username: string, unit: OrgUnitRow, role: Role): Promise<Actor | null> {
  const user = await findUserByUsername(ctx.db, username);
  if (!user) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    memberships: [
      {
        id: 0,
        unitId: unit.id,
        unitName: unit.name,
        unitCode: unit.code,
        unitType: unit.type,
        unitLevel: unit.level,
        unitPath: unit.path,
        role,
        anchorPath: anchorPathOf(unit),
      },
    ],
    sessionId: 0,
    restriction: null,
    serviceAccount: null,
  };
}

export async function seedDemoWarnings(ctx: AppContext): Promise<number> {
  const demoCase = await ctx.db
    .selectFrom('case_record')
    .select('id')
    .where('number', 'like', '370702-%-D%')
    .limit(1)
    .executeTakeFirst();
  if (!demoCase) return 0;
  const any = await ctx.db
    .selectFrom('warning')
    .select('id')
    .where('kind', 'in', ['repeat_reporter', 'escalation_words'])
    .limit(1)
    .executeTakeFirst();
  if (any) return 0;
  const [centre, grid, hotGrid, committee] = await Promise.all(
    ['370702-centre', DEMO_GRID_CODE, HOT_SPOT_GRID, DEMO_COMMITTEE_CODE].map((code) => findUnitByCode(ctx.db, code)),
  );
  if (!centre || !grid || !hotGrid || !committee) return 0;
  const operator = await actorOf(ctx, 'operator', centre, 'operator');
  if (!operator) return 0;

  // Where the reports are: a point inside the grid's boundary (the first of a 9 × 9 lattice over
  // its box that falls inside), so the new cases show on the map like every other demo case.
  const pointIn = async (unit: OrgUnitRow) => {
    const g = await ctx.db
      .selectFrom('org_geometry')
      .select(['geojson', 'min_lng', 'min_lat', 'max_lng', 'max_lat'])
      .where('unit_id', '=', unit.id)
      .executeTakeFirst();
    if (!g) return undefined;
    const shape = JSON.parse(g.geojson) as MultiPolygon;
    for (let i = 1; i < 10; i++)
      for (let j = 1; j < 10; j++) {
        // From the middle out: 5, 4, 6, 3, 7 … tenths of the box.
        const [u, v] = [5 + (i % 2 ? 1 : -1) * Math.floor(i / 2), 5 + (j % 2 ? 1 : -1) * Math.floor(j / 2)];
        const at: [number, number] = [
          g.min_lng + ((g.max_lng - g.min_lng) * u) / 10,
          g.min_lat + ((g.max_lat - g.min_lat) * v) / 10,
        ];
        if (multiPolygonContains(shape, at)) return { lng: at[0], lat: at[1], crs: 'gcj02' as const };
      }
    return undefined;
  };
  const [callerPoint, hotPoint] = [await pointIn(grid), await pointIn(hotGrid)];

  // 重复来电 + 矛盾激化苗头: one caller, three reports about the same neighbour, the last one heated.
  const caller = { name: '韩女士', phone: '13853600417' };
  for (const description of [
    '楼上住户每天深夜拖动家具，噪音很大，影响老人和孩子休息，请求协调',
    '再次反映楼上夜间噪音问题，上次沟通后没有改善，仍然每晚持续到十二点以后',
    '楼上噪音问题第三次反映仍未解决，已经和对方当面争吵，对方扬言报复，我们准备拉横幅讨说法',
  ]) {
    await registerCase(
      ctx,
      operator,
      {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'hotline',
        description,
        unitId: grid.id,
        ...(callerPoint ? { location: callerPoint } : {}),
        reporter: caller,
      },
      null,
    );
  }

  // 类别突增: a week's burst of one category in one grid, against its quiet last 90 days.
  for (let i = 0; i < HOT_SPOT_CASES; i++) {
    await registerCase(
      ctx,
      operator,
      {
        kind: 'complaint',
        categoryCode: 'CMP.PRICE',
        channel: 'hotline',
        description: `群众反映本社区早市蔬菜摊点集体大幅涨价、缺斤短两，明码标价与实收不符（第${i + 1}位来电）`,
        unitId: hotGrid.id,
        ...(hotPoint ? { location: hotPoint } : {}),
      },
      null,
    );
  }

  // 协议未履行: the oldest file without an agreement gets an oral one, found broken at its visit.
  const mediator = await actorOf(ctx, 'mediator', committee, 'mediator');
  const file = mediator
    ? await ctx.db
        .selectFrom('mediation_file')
        .select('id')
        .where('committee_id', '=', committee.id)
        .where('status', '=', 'open')
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('mediation_agreement').select('id').whereRef('file_id', '=', 'mediation_file.id')),
          ),
        )
        .orderBy('id')
        .executeTakeFirst()
    : undefined;
  if (mediator && file) {
    const deadline = new Date(ctx.clock.now().getTime() + 7 * DAY).toISOString().slice(0, 10);
    await saveAgreement(
      ctx,
      mediator,
      (await loadFile(ctx.db, { id: file.id }))!,
      {
        form: 'oral',
        facts: '双方因相邻墙体渗水维修费用发生争执。',
        issues: '维修费用的承担。',
        responsibilities: '渗水系被申请人一方施工所致。',
        terms: ['被申请人于一周内修复受损墙体，并赔偿申请人人民币贰仟元整。'],
        performanceManner: '现场修复；赔偿款现金支付',
        performanceDeadline: deadline,
      },
      null,
    );
    await makeEffective(ctx, mediator, (await loadFile(ctx.db, { id: file.id }))!, null);
    await recordFollowUp(
      ctx,
      mediator,
      (await loadFile(ctx.db, { id: file.id }))!,
      { performance: 'broken', note: '回访申请人：被申请人至今未修复墙体，也未支付赔偿款' },
      null,
    );
  }

  await scanWarnings(ctx);
  const raised = await ctx.db
    .selectFrom('warning')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(raised?.n ?? 0);
}
