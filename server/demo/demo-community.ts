// The demo's 社区共治 (issue 19 §6–§7): the bodies of 城关街道 and its first community (an owners'
// committee, a property company, a social organisation, a volunteer team, a building head; contact
// phones sealed like any other), the demo account `shegong` (seed-demo.ts) linked to the social
// organisation (a resident's account: it applies for and claims projects in /m, and leads the
// volunteer team), one open service project, one volunteer activity and one policy notice.
// Deterministic, and once: nothing is added when any community body exists.
import type { AppContext } from '../context.ts';
import { findUserByUsername } from '../modules/auth/index.ts';
import { findUnitByCode } from '../modules/org/index.ts';

export const DEMO_SOCIAL_ORG_ACCOUNT = 'shegong';

export async function seedDemoCommunity(ctx: AppContext): Promise<void> {
  const any = await ctx.db.selectFrom('community_body').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const township = await findUnitByCode(ctx.db, '370702001');
  const village = await findUnitByCode(ctx.db, '370702001001');
  const staff = await findUserByUsername(ctx.db, 'township');
  if (!township || !village || !staff) return;
  const member = await findUserByUsername(ctx.db, DEMO_SOCIAL_ORG_ACCOUNT);
  if (!member) return;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const bodies: [string, string, typeof village, string | null, string | null][] = [
    ['owners_committee', '幸福里小区业主委员会', village, '刘主任', '13905361001'],
    ['property_company', '潍坊安居物业服务有限公司', village, '孙经理', '05368881234'],
    ['social_org', '潍城区阳光社工服务中心', township, '李社工', '13905361002'],
    ['volunteer_team', '城关街道红马甲志愿服务队', village, '李社工', '13905361002'],
    ['building_head', '幸福里3号楼楼栋长', village, '王大爷', '13905361003'],
  ];
  await ctx.db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const [kind, name, unit, contact, phone] of bodies) {
      const { id } = await trx
        .insertInto('community_body')
        .values({
          kind,
          name,
          unit_id: unit.id,
          unit_path: unit.path,
          contact_name: contact,
          contact_phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
          note: null,
          created_by: staff.id,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(id);
    }
    await trx
      .insertInto('community_body_member')
      .values([
        { body_id: ids[2]!, user_id: member.id, role: 'member', added_by: staff.id, added_at: at },
        { body_id: ids[3]!, user_id: member.id, role: 'lead', added_by: staff.id, added_at: at },
      ])
      .execute();
    await trx
      .insertInto('service_project')
      .values({
        unit_id: township.id,
        unit_path: township.path,
        title: '独居老人助餐服务',
        description: '为城关街道独居老人每周送餐三次，并定期上门探访。',
        budget_yuan: 50_000,
        starts_on: day(7),
        ends_on: day(120),
        award_mode: 'select',
        status: 'open',
        created_by: staff.id,
        created_at: at,
      })
      .execute();
    await trx
      .insertInto('volunteer_activity')
      .values({
        team_id: ids[3]!,
        unit_id: village.id,
        unit_path: village.path,
        title: '敬老院义务劳动',
        description: '打扫卫生、陪老人聊天。',
        starts_at: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
        place: '城关街道敬老院',
        created_by: staff.id,
        created_at: at,
      })
      .execute();
    await trx
      .insertInto('notice')
      .values({
        unit_id: township.id,
        unit_path: township.path,
        kind: 'policy',
        urgent: 0,
        title: '2027年度城乡居民医保缴费通知',
        body: '2027年度城乡居民基本医疗保险集中缴费期为即日起至12月31日，请通过社区服务站或线上渠道缴纳。',
        published_by: staff.id,
        published_at: at,
      })
      .execute();
  });
}
