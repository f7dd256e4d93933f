// The demo: 潍城区 (370702) with grids, the demo accounts of the stable contract (password
// demo1234, demo mode only) and a few registered residents. Every step is idempotent.
import type { AppContext } from '../context.ts';
import { createUser, findUserByUsername } from '../modules/auth/index.ts';
import { findUnitByCode, loadDemoGrids } from '../modules/org/index.ts';
import { loadReferenceData } from '../reference-data.ts';
import { seedDemoCases } from './demo-cases.ts';
import { seedDemoMediation } from './demo-mediation.ts';

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
];

export async function seedDemo(
  ctx: AppContext,
): Promise<{ regionsLoaded: boolean; grids: number; accounts: number; cases: number; mediationFiles: number }> {
  const regions = await loadReferenceData(ctx);
  const grids = await loadDemoGrids(ctx);
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
  return { regionsLoaded: regions.loaded, grids, accounts, cases, mediationFiles };
}
