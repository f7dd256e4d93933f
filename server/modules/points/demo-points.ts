// The demo's points (issue 19 §3, §5): a few rewards at the demo resident's community, the resident's
// earnings (a verified report, three volunteer hours, a recognised good deed) through awardPoints, an
// approved nomination on the public board and one waiting for review. Once: nothing is added when
// any reward exists.
import type { AppContext } from '../../context.ts';
import { findUserByUsername } from '../auth/index.ts';
import { residentHome } from './points.policy.ts';
import { insertReward } from './points.repository.ts';
import { decideRecognition, insertRecognition, setPointsCredited } from './recognition.repository.ts';
import { awardPoints } from './use-cases/award-points.ts';

const REWARDS = [
  { name: '洗衣液一瓶', description: '2kg 装', cost: 20, stock: 30 },
  { name: '大米一袋', description: '5kg 装', cost: 60, stock: 10 },
  { name: '理发券', description: '社区理发室使用', cost: 10, stock: 50 },
];

export async function seedDemoPoints(ctx: AppContext, usernames: { resident: string; staff: string }): Promise<void> {
  if (await ctx.db.selectFrom('point_reward').select('id').limit(1).executeTakeFirst()) return;
  const [resident, staff] = await Promise.all([
    findUserByUsername(ctx.db, usernames.resident),
    findUserByUsername(ctx.db, usernames.staff),
  ]);
  if (!resident || !staff) return;
  const home = await residentHome(ctx.db, resident.id);
  if (!home) return;
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const reward of REWARDS)
      await insertReward(trx, { unitId: home.unitId, unitPath: home.unitPath, ...reward }, staff.id, at);
    await awardPoints(ctx, trx, { userId: resident.id, rule: 'verified_report', sourceKey: 'demo:report' });
    await awardPoints(ctx, trx, {
      userId: resident.id,
      rule: 'volunteer_hour',
      sourceKey: 'demo:volunteer',
      quantity: 3,
    });
    const approved = await insertRecognition(
      trx,
      {
        unitId: home.unitId,
        unitPath: home.unitPath,
        nomineeName: '社区居民',
        nomineeUserId: resident.id,
        deed: '连续三年义务打扫小区楼道，雪天为独居老人送菜上门。',
      },
      staff.id,
      at,
    );
    await decideRecognition(trx, approved, { status: 'approved', by: staff.id, at, reason: null });
    const deed = await awardPoints(ctx, trx, {
      userId: resident.id,
      rule: 'good_deed',
      sourceKey: `recognition:${approved}`,
    });
    await setPointsCredited(trx, approved, deed.credited);
    await insertRecognition(
      trx,
      {
        unitId: home.unitId,
        unitPath: home.unitPath,
        nomineeName: '王师傅',
        nomineeUserId: null,
        deed: '拾到钱包一个，内有现金和证件，及时交到社区归还失主。',
      },
      resident.id,
      at,
    );
  });
}
