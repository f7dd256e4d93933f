// The demo county's consultations (议事协商, issue 19 §1, ADR 0037): its CPPCC committee unit (政协, the
// addressee of proposal leads; a department of kind `cppcc` under the county), and three topics of
// the demo resident's community — one gathering supporters, one open for the vote, one decided with
// its follow-up under way — so that /consultations, /m's 议事 tab and the public list show something.
// Made once: nothing is added when the county has its committee already.
import type { AppContext } from '../context.ts';
import { findUnitByCode } from '../modules/org/index.ts';
import { insertLoadedUnits, maxUnitId } from '../modules/org/org.repository.ts';
import { findUserByUsername } from '../modules/auth/index.ts';
import { CPPCC_UNIT_KIND } from '../../common/consultations.ts';

export const DEMO_CPPCC_CODE = '370702-dept-cppcc';

export async function seedDemoConsultations(ctx: AppContext, countyCode: string, communityCode: string): Promise<void> {
  if (await findUnitByCode(ctx.db, DEMO_CPPCC_CODE)) return;
  const [county, community, township, worker, resident] = await Promise.all([
    findUnitByCode(ctx.db, countyCode),
    findUnitByCode(ctx.db, communityCode),
    findUnitByCode(ctx.db, communityCode.slice(0, 9)),
    findUserByUsername(ctx.db, 'gridworker'),
    findUserByUsername(ctx.db, 'resident'),
  ]);
  if (!county || !community || !township || !worker || !resident) return;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const id = (await maxUnitId(trx)) + 1;
    await insertLoadedUnits(
      trx,
      ctx.dialect,
      [
        {
          id,
          code: DEMO_CPPCC_CODE,
          name: `政协${county.name}委员会`,
          type: 'department',
          kind: CPPCC_UNIT_KIND,
          level: county.level,
          parent_id: county.id,
          path: `${county.path}${id}/`,
          depth: county.depth + 1,
          created_at: at,
        },
      ],
      [],
    );
    const topic = async (values: {
      title: string;
      body: string;
      status: 'gathering' | 'open' | 'closed';
      by: number;
      origin: string;
      days: number;
      options: string[];
      decision?: string;
      progress?: number;
    }) => {
      const { id: topicId } = await trx
        .insertInto('consultation')
        .values({
          unit_id: community.id,
          unit_path: community.path,
          level: 'village',
          building_label: null,
          title: values.title,
          body: values.body,
          status: values.status,
          origin: values.origin,
          raised_by: values.by,
          supporters_needed: values.status === 'gathering' ? 5 : 0,
          supporter_count: values.status === 'gathering' ? 1 : 0,
          created_at: daysAgo(values.days),
          opened_at: values.status === 'gathering' ? null : daysAgo(values.days),
          closed_at: values.status === 'closed' ? daysAgo(1) : null,
          closed_by: values.status === 'closed' ? worker.id : null,
          decision: values.decision ?? null,
          decision_unit_id: values.decision ? township.id : null,
          decision_due: values.decision ? new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10) : null,
          progress: values.progress ?? 0,
          escalated_from_id: null,
          escalation_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (values.options.length > 0) {
        await trx
          .insertInto('consultation_option')
          .values(values.options.map((label, i) => ({ consultation_id: topicId, position: i + 1, label })))
          .execute();
      }
      await trx
        .insertInto('consultation_event')
        .values({
          consultation_id: topicId,
          kind: 'raised',
          actor_id: values.by,
          note: null,
          progress: null,
          at: daysAgo(values.days),
        })
        .execute();
      return topicId;
    };
    await topic({
      title: '小区增设电动车充电桩',
      body: '楼道充电存在火灾隐患，建议在小区东门空地增设集中充电桩。',
      status: 'gathering',
      by: resident.id,
      origin: 'resident',
      days: 2,
      options: ['同意增设', '暂不增设'],
    });
    await topic({
      title: '社区广场舞时间调整',
      body: '部分居民反映晚间广场舞音量较大，拟调整活动时间。',
      status: 'open',
      by: worker.id,
      origin: 'staff',
      days: 5,
      options: ['19:00—20:30', '18:30—20:00', '维持现状'],
    });
    const decided = await topic({
      title: '老旧楼道照明改造',
      body: '3号楼、5号楼楼道照明损坏，居民议定由街道统一改造。',
      status: 'closed',
      by: worker.id,
      origin: 'staff',
      days: 20,
      options: ['统一改造', '各楼自行维修'],
      decision: '由街道统一更换楼道声控照明，费用由社区公益金列支。',
      progress: 60,
    });
    await trx
      .insertInto('consultation_event')
      .values({
        consultation_id: decided,
        kind: 'progress',
        actor_id: worker.id,
        note: '3号楼已完成更换',
        progress: 60,
        at,
      })
      .execute();
  });
}
