// Demo meetings (issue 19 §2): a consultation meeting of the demo community held last week with its
// attendees and minutes, and a coordination meeting of 城关街道 in two days with the demo grid worker
// and a residents' representative (phone sealed). Written once, as a data import would; nobody is
// notified of demo data.
import type { AppContext } from '../context.ts';

const HELD_TITLE = '和平社区停车秩序议事会';
const NEXT_TITLE = '城关街道老旧小区改造协调会';

export async function seedDemoMeetings(ctx: AppContext): Promise<void> {
  const db = ctx.db;
  if (await db.selectFrom('meeting').select('id').where('title', '=', HELD_TITLE).executeTakeFirst()) return;
  const units = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'path'])
    .where('code', 'in', ['370702001', '370702001001'])
    .execute();
  const township = units.find((u) => u.code === '370702001');
  const community = units.find((u) => u.code === '370702001001');
  const gridworker = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'gridworker')
    .executeTakeFirst();
  const dispatcher = await db.selectFrom('app_user').select('id').where('username', '=', 'township').executeTakeFirst();
  if (!township || !community || !gridworker) return;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const day = 24 * 3_600_000;
  await db.transaction().execute(async (trx) => {
    const held = await trx
      .insertInto('meeting')
      .values({
        kind: 'consultation',
        title: HELD_TITLE,
        unit_id: community.id,
        unit_path: community.path,
        scheduled_at: new Date(now.getTime() - 7 * day).toISOString(),
        place: '和平社区党群服务中心二楼',
        agenda: '一、通报小区停车现状；二、居民代表发言；三、议定停车管理办法',
        status: 'held',
        subject_kind: null,
        subject_id: null,
        minutes: '会议议定：划定临时停车位 40 个，夜间禁止占用消防通道，由物业每周巡查；一个月后再议。',
        cancel_reason: null,
        created_by: gridworker.id,
        closed_by: gridworker.id,
        closed_at: new Date(now.getTime() - 7 * day + 2 * 3_600_000).toISOString(),
        version: 3,
        created_at: new Date(now.getTime() - 10 * day).toISOString(),
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('meeting_participant')
      .values([
        {
          meeting_id: held.id,
          position: 1,
          user_id: gridworker.id,
          name: '城关街道网格员',
          role: '网格员',
          phone_enc: null,
          attended: 1,
        },
        {
          meeting_id: held.id,
          position: 2,
          user_id: null,
          name: '居民代表李某',
          role: '居民代表',
          phone_enc: null,
          attended: 1,
        },
        {
          meeting_id: held.id,
          position: 3,
          user_id: null,
          name: '物业经理王某',
          role: '物业',
          phone_enc: null,
          attended: 1,
        },
        {
          meeting_id: held.id,
          position: 4,
          user_id: null,
          name: '业委会主任赵某',
          role: '业委会',
          phone_enc: null,
          attended: 0,
        },
      ])
      .execute();
    const next = await trx
      .insertInto('meeting')
      .values({
        kind: 'coordination',
        title: NEXT_TITLE,
        unit_id: township.id,
        unit_path: township.path,
        scheduled_at: new Date(now.getTime() + 2 * day).toISOString(),
        place: '城关街道办事处三楼会议室',
        agenda: '一、改造方案说明；二、住建、城管、供电等部门协调分工；三、居民意见',
        status: 'scheduled',
        subject_kind: null,
        subject_id: null,
        minutes: null,
        cancel_reason: null,
        created_by: dispatcher?.id ?? gridworker.id,
        closed_by: null,
        closed_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('meeting_participant')
      .values([
        {
          meeting_id: next.id,
          position: 1,
          user_id: gridworker.id,
          name: '城关街道网格员',
          role: '网格员',
          phone_enc: null,
          attended: null,
        },
        {
          meeting_id: next.id,
          position: 2,
          user_id: null,
          name: '居民代表孙某',
          role: '居民代表',
          phone_enc: ctx.cipher.encrypt('13800005678'),
          attended: null,
        },
      ])
      .execute();
  });
}
