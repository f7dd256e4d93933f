// The demo's 队伍建设 and 网格力量: staff records for the demo's grid worker, mediator and centre
// staff with training records (one certificate already expired, one expiring within 30 days, the
// rest valid, dated from the clock), evaluations, and two or three cadres attached to each basic
// grid of 城关街道 (names and phones generated; phones sealed like any other). Deterministic, and
// once: nothing is added when any staff record exists. Only with the demo cases (tests build their own).
import type { AppContext } from '../context.ts';
import { findMemberships, findUserByUsername } from '../modules/auth/index.ts';
import { findUnitByCode, findUnitsByIds, listUnits } from '../modules/org/index.ts';
import { CADRE_ROLE_CODES, addDays, type StaffPost } from '../../common/workforce.ts';
import { DEMO_COUNTY_CODE } from './seed-demo.ts';

/** A deterministic number in [0, 1) from a text: the demo is the same at every seeding. */
function unitRandom(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100_000) / 100_000;
}

const STAFF: { username: string; post: StaffPost; qualifications: string; duties: string[] }[] = [
  {
    username: 'gridworker',
    post: 'grid_worker_full',
    qualifications: '网格员岗位培训合格',
    duties: [
      '入户走访，掌握网格内人、地、事、物、组织',
      '排查矛盾纠纷和安全隐患',
      '小事就地化解，大事及时上报',
      '政策宣传和信息采集',
    ],
  },
  {
    username: 'mediator',
    post: 'mediator_full',
    qualifications: '人民调解员资格；法律职业资格',
    duties: ['受理和调解民间纠纷', '制作调解协议书并回访履行情况', '参与诉调、警调、访调对接'],
  },
  {
    username: 'dispatcher',
    post: 'centre_staff',
    qualifications: '综治中心调度岗位培训合格',
    duties: ['事件分流、交办和督办', '组织吹哨报到', '统计分析和研判预警'],
  },
  {
    username: 'operator',
    post: 'centre_staff',
    qualifications: '12345 热线话务培训合格',
    duties: ['窗口和热线受理', '回访群众并记录满意度'],
  },
  {
    username: 'township',
    post: 'centre_staff',
    qualifications: '综治中心调度岗位培训合格',
    duties: ['街道事件分流和吹哨', '组织网格员排查'],
  },
];

const COURSES = ['网格员业务能力提升培训', '人民调解实务培训', '应急处置与安全生产培训', '心理疏导基础培训'];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '德明', '玉梅', '国华', '春生', '丽娟', '振华', '淑珍'];
const OFFICES: Record<string, string> = {
  liaison_cadre: '城关街道办事处干部',
  party_member: '社区党支部党员',
  npc_deputy: '区人大代表',
  cppcc_member: '区政协委员',
  building_head: '楼栋长',
};

export async function seedDemoWorkforce(ctx: AppContext): Promise<number> {
  if (ctx.config.demoCases === 0) return 0;
  const any = await ctx.db.selectFrom('staff_record').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const county = await findUnitByCode(ctx.db, DEMO_COUNTY_CODE);
  if (!county) return 0;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  let added = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, person] of STAFF.entries()) {
      const user = await findUserByUsername(trx, person.username);
      if (!user) continue;
      const [membership] = await findMemberships(trx, [user.id]);
      if (!membership) continue;
      const [unit] = await findUnitsByIds(trx, [membership.unitId]);
      if (!unit) continue;
      const { id } = await trx
        .insertInto('staff_record')
        .values({
          user_id: user.id,
          unit_id: unit.id,
          unit_path: unit.path,
          post: person.post,
          qualifications: person.qualifications,
          duties: person.duties.join('\n'),
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      added++;
      // The grid worker's first certificate has lapsed and the mediator's runs out within 30 days:
      // both lists of the page have something to show from the first start.
      const trainings = [
        {
          course: COURSES[i % COURSES.length]!,
          completed: addDays(today, -700 - i * 30),
          expires: i === 0 ? addDays(today, -12) : i === 1 ? addDays(today, 18) : addDays(today, 400 + i * 20),
        },
        { course: COURSES[(i + 1) % COURSES.length]!, completed: addDays(today, -120 - i * 7), expires: null },
        {
          course: COURSES[(i + 2) % COURSES.length]!,
          completed: addDays(today, -40 - i * 3),
          expires: addDays(today, 700),
        },
      ];
      for (const [j, t] of trainings.entries()) {
        await trx
          .insertInto('staff_training')
          .values({
            staff_id: id,
            course: t.course,
            hours: 8 + ((i + j) % 3) * 8,
            completed_on: t.completed,
            certificate_no: t.expires ? `WC-${t.completed.slice(0, 4)}-${String(100 + i * 10 + j)}` : null,
            expires_on: t.expires,
            created_by: null,
            created_at: at,
          })
          .execute();
      }
      const year = Number(today.slice(0, 4)) - 1;
      await trx
        .insertInto('staff_evaluation')
        .values({
          staff_id: id,
          period: String(year),
          grade: i % 3 === 0 ? 'excellent' : 'competent',
          comment: i % 3 === 0 ? '工作扎实，群众评价好' : '完成年度工作任务',
          created_by: null,
          created_at: at,
        })
        .execute();
    }

    const township = await findUnitByCode(trx, `${DEMO_COUNTY_CODE}001`);
    if (!township) return;
    const grids = await listUnits(trx, { scopePaths: [township.path], level: 'grid', type: 'region', limit: 10_000 });
    for (const grid of grids.filter((g) => g.kind === 'basic' || g.kind === null)) {
      const count = 2 + Math.floor(unitRandom(`${grid.code}:n`) * 2);
      for (let k = 0; k < count; k++) {
        const seed = `${grid.code}:${k}`;
        const role = k === 0 ? 'liaison_cadre' : CADRE_ROLE_CODES[1 + Math.floor(unitRandom(`${seed}:r`) * 4)]!;
        const name =
          SURNAMES[Math.floor(unitRandom(`${seed}:s`) * SURNAMES.length)]! +
          GIVEN[Math.floor(unitRandom(`${seed}:g`) * GIVEN.length)]!;
        const phone = `139${String(Math.floor(unitRandom(`${seed}:p`) * 1e8)).padStart(8, '0')}`;
        await trx
          .insertInto('grid_cadre')
          .values({
            grid_id: grid.id,
            grid_path: grid.path,
            name,
            role,
            organisation: OFFICES[role] ?? null,
            phone_enc: ctx.cipher.encrypt(phone),
            phone_hash: ctx.cipher.blindIndex(phone),
            created_by: null,
            created_at: at,
          })
          .execute();
      }
    }
  });
  return added;
}
