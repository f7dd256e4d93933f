// The demo: 潍城区 (370702) with grids, the demo accounts of the stable contract (password
// demo1234, demo mode only) and a few registered residents. Every step is idempotent.
import type { AppContext } from '../context.ts';
import { accountsWithPassword, createUser, findUserByUsername } from '../modules/auth/index.ts';
import { findUnitByCode, loadDemoGrids } from '../modules/org/index.ts';
import { loadReferenceData } from '../reference-data.ts';
import { seedDemoCases } from './demo-cases.ts';
import { seedDemoMediation } from './demo-mediation.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { seedDemoSafety } from './demo-safety.ts';
import { seedDemoWorkforce } from './demo-workforce.ts';
import { seedDemoWarnings } from './demo-warnings.ts';
import { seedDemoPsychTeam } from './demo-psych.ts';
import { seedDemoConsultations } from './demo-consultations.ts';
import { seedDemoBaseData } from './demo-base-data.ts';
import { seedDemoPoints } from '../modules/points/index.ts';
import { seedDemoCredit } from './demo-credit.ts';
import { seedDemoMeetings } from './demo-meetings.ts';
import { seedDemoCommunity } from './demo-community.ts';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_COUNTY_CODE = '370702';
/** The grid the demo grid worker and resident belong to: 城关街道's first community. */
export const DEMO_GRID_CODE = '370702001001G01';

export const DEMO_ACCOUNTS: { username: string; displayName: string; unitCode: string; role: string }[] = [
  { username: 'admin', displayName: '系统管理员', unitCode: '37-centre', role: 'admin' },
  { username: 'dispatcher', displayName: '潍城区综治中心调度员', unitCode: '370702-centre', role: 'dispatcher' },
  { username: 'operator', displayName: '潍城区综治中心受理员', unitCode: '370702-centre', role: 'operator' },
  { username: 'department', displayName: '区住建局承办人', unitCode: '370702-dept-housing', role: 'department' },
  { username: 'gridworker', displayName: '城关街道网格员', unitCode: DEMO_GRID_CODE, role: 'grid_worker' },
  {
    username: 'mediator',
    displayName: '区联合人民调解委员会调解员',
    unitCode: '370702-cmte-territorial',
    role: 'mediator',
  },
  { username: 'court', displayName: '潍城区人民法院立案庭', unitCode: '370702-court', role: 'department' },
  { username: 'leader', displayName: '潍城区分管领导', unitCode: '370702', role: 'leader' },
  { username: 'evaluator', displayName: '第三方评估员', unitCode: '370702', role: 'evaluator' },
  { username: 'resident', displayName: '张三（群众）', unitCode: '370702001001', role: 'resident' },
  // Beyond the contract's list: a township dispatcher (街乡吹哨) and two more departments to summon.
  { username: 'township', displayName: '城关街道综治中心调度员', unitCode: '370702001-centre', role: 'dispatcher' },
  {
    username: 'urban',
    displayName: '区综合行政执法局承办人',
    unitCode: '370702-dept-urban_management',
    role: 'department',
  },
  {
    username: 'market',
    displayName: '区市场监督管理局承办人',
    unitCode: '370702-dept-market_regulation',
    role: 'department',
  },
  // issue 18 §7: a member of the county's psychological service team (the department role in the team unit).
  { username: 'psych', displayName: '潍城区心理服务队队员', unitCode: '370702-dept-psych', role: 'department' },
  // issue 19 §6: a resident's account acting for the demo social organisation (阳光社工服务中心, linked
  // by demo-community.ts): it applies for and claims service projects in /m and leads the volunteer team.
  { username: 'shegong', displayName: '李社工（阳光社工服务中心）', unitCode: '370702001001', role: 'resident' },
];

/** Production is CONCORD_MODE=production, or NODE_ENV=production whatever CONCORD_MODE says. */
export function isProduction(mode: AppContext['config']['mode'], nodeEnv = process.env.NODE_ENV): boolean {
  return mode === 'production' || nodeEnv === 'production';
}

/** Demo accounts that still sign in with the published demo password: production refuses to start. */
export function demoAccountsWithDemoPassword(ctx: AppContext): Promise<string[]> {
  return accountsWithPassword(
    ctx,
    DEMO_ACCOUNTS.map((a) => a.username),
    DEMO_PASSWORD,
  );
}

/** The refusal main.ts prints: the accounts by name and the command that fixes each. */
export function demoPasswordRefusal(usernames: string[]): string {
  return [
    `拒绝启动：生产模式下以下演示账号仍在使用公开的演示密码 ${DEMO_PASSWORD}：${usernames.join('、')}`,
    `Refusing to start: in production these demo accounts still have the published demo password ${DEMO_PASSWORD}: ${usernames.join(', ')}`,
    '请逐个重置密码（新密码须在首次登录时修改）/ Reset each password (the new one must be changed at first sign-in):',
    ...usernames.map((name) => `  npx concord user reset-password ${name}`),
    '',
  ].join('\n');
}

export async function seedDemo(
  ctx: AppContext,
): Promise<{ regionsLoaded: boolean; grids: number; accounts: number; cases: number; mediationFiles: number }> {
  // Its accounts share one published password: never in production, whoever calls.
  if (isProduction(ctx.config.mode)) {
    throw new Error('演示数据不能在生产环境载入 / the demo is never seeded in production (NODE_ENV or CONCORD_MODE)');
  }
  const regions = await loadReferenceData(ctx);
  const grids = await loadDemoGrids(ctx);
  await seedDemoPsychTeam(ctx, DEMO_COUNTY_CODE);
  let accounts = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByUsername(ctx.db, account.username)) continue;
    const unit = await findUnitByCode(ctx.db, account.unitCode);
    if (!unit) throw new Error(`demo unit ${account.unitCode} is missing`);
    await createUser(
      ctx,
      { actor: null, clientIp: null },
      {
        username: account.username,
        displayName: account.displayName,
        password: DEMO_PASSWORD,
        // The contract's demo password is below the rules; createUser allows it here, in demo mode only.
        passwordRules: 'demo_seed',
        mustChangePassword: false,
        memberships: [{ unitId: unit.id, role: account.role }],
      },
    );
    accounts++;
  }
  const cases = await seedDemoCases(ctx, ctx.config.demoCases);
  // After the cases: the files of the disputes the demo mediator's committee is handling.
  const mediationFiles = await seedDemoMediation(ctx);
  await seedDemoKnowledge(ctx);
  await seedDemoSafety(ctx);
  await seedDemoWorkforce(ctx);
  await seedDemoBaseData(ctx);
  // issue 19: rewards at the demo resident's community, its points and the recognition board.
  await seedDemoPoints(ctx, { resident: 'resident', staff: 'dispatcher' });
  // issue 19 §4: a few credit records of the base data's people, after it and the mediation files.
  await seedDemoCredit(ctx);
  await seedDemoMeetings(ctx);
  await seedDemoConsultations(ctx, DEMO_COUNTY_CODE, '370702001001');
  await seedDemoCommunity(ctx);
  // Last: raised by the warnings module's own rules over the cases and files above. Not when the
  // demo asks for no cases of its own (the benchmark's million were generated beforehand: a scan
  // over them at every start would hold the start for minutes).
  if (ctx.config.demoCases > 0) await seedDemoWarnings(ctx);
  return { regionsLoaded: regions.loaded, grids, accounts, cases, mediationFiles };
}
