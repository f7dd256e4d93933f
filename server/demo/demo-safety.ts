// The demo's safety index and screening ledgers: residents per basic grid (generated, plausible:
// 1,500–6,000 each; no population source ships with Concord — an administrator records real ones),
// 潍城区 screening monthly and 城关街道 weekly, and three months of screenings before this one in
// which the townships differ in diligence, with a few findings. Once: nothing is added when any
// screening exists. Only with the demo cases (the tests build their own).
import type { AppContext } from '../context.ts';
import { findUserByUsername } from '../modules/auth/index.ts';
import { findUnitByCode, listUnits } from '../modules/org/index.ts';
import { parsePeriod, previousPeriod, currentMonth } from '../../common/period.ts';
import { RISK_GRADES } from '../../common/safety.ts';
import { DEMO_COUNTY_CODE } from './seed-demo.ts';

/** A deterministic number in [0, 1) from a text: the demo is the same at every seeding. */
function unitRandom(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100_000) / 100_000;
}

const PARTY_NAMES = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '赵磊', '孙丽', '周强', '吴敏', '郑海'];
const ISSUES = [
  ['邻里因楼道堆放杂物多次争吵', '已约谈双方，清理楼道，约定不再堆放'],
  ['宅基地边界争议，双方砌墙对峙', '已请村两委现场丈量，暂停施工'],
  ['拖欠农民工工资约 3 万元，工人欲上访', '已联系用工单位负责人，约定本月内结清'],
  ['物业费上涨引发业主不满，拟集体拒缴', '已召集业主代表与物业座谈'],
  ['婚姻家庭矛盾，一方扬言过激行为', '已联系派出所和妇联共同稳控'],
] as const;

export async function seedDemoSafety(ctx: AppContext): Promise<number> {
  if (ctx.config.demoCases === 0) return 0;
  const any = await ctx.db.selectFrom('screening_record').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const county = await findUnitByCode(ctx.db, DEMO_COUNTY_CODE);
  const worker = await findUserByUsername(ctx.db, 'gridworker');
  if (!county || !worker) return 0;
  const township = await findUnitByCode(ctx.db, `${DEMO_COUNTY_CODE}001`);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const [grids, villages] = await Promise.all(
    (['grid', 'village'] as const).map((level) =>
      listUnits(ctx.db, { scopePaths: [county.path], level, type: 'region', limit: 100_000 }),
    ),
  );
  const units = [...villages!, ...grids!];
  const townships = await listUnits(ctx.db, {
    scopePaths: [county.path],
    parentId: county.id,
    type: 'region',
    limit: 1000,
  });
  // Each township its own diligence (share of periods screened), so the index tells them apart.
  const diligence = new Map(townships.map((t, i) => [t.path, 0.98 - 0.09 * i]));
  const diligenceOf = (path: string) => [...diligence].find(([p]) => path.startsWith(p))?.[1] ?? 0.8;

  const months = [previousPeriod(currentMonth(now))];
  while (months.length < 3) months.unshift(previousPeriod(months[0]!));
  const mondays = (label: string) => {
    const month = parsePeriod(label)!;
    const days: string[] = [];
    for (let t = Date.parse(month.from) + 8 * 3600_000; t < Date.parse(month.to) + 8 * 3600_000; t += 86_400_000) {
      const d = new Date(t);
      if (d.getUTCDay() === 1) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };

  let records = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const schedules = [
      {
        unit_id: county.id,
        unit_path: county.path,
        frequency: 'monthly' as const,
        updated_by: null,
        updated_at: months[0]!.from,
      },
      ...(township
        ? [
            {
              unit_id: township.id,
              unit_path: township.path,
              frequency: 'weekly' as const,
              updated_by: null,
              updated_at: months[0]!.from,
            },
          ]
        : []),
    ];
    await trx.insertInto('screening_schedule').values(schedules).execute();
    const populations = grids!
      .filter((g) => g.kind === 'basic')
      .map((g) => ({
        unit_id: g.id,
        unit_path: g.path,
        population: 1500 + Math.round(unitRandom(g.code) * 4500),
        source: '演示数据：生成 / demo: generated',
        updated_by: null,
        updated_at: at,
      }));
    for (let i = 0; i < populations.length; i += 200) {
      await trx
        .insertInto('region_population')
        .values(populations.slice(i, i + 200))
        .execute();
    }
    for (const unit of units) {
      const weekly = township !== undefined && township !== null && unit.path.startsWith(township.path);
      const periods = months.flatMap((m) => (weekly ? mondays(m.label) : [m.label]));
      for (const period of periods) {
        if (unitRandom(`${unit.code}:${period}`) > diligenceOf(unit.path)) continue;
        const day = period.length === 7 ? `${period}-1${Math.floor(unitRandom(unit.code) * 9)}` : period;
        const doneAt = new Date(Date.parse(`${day}T02:30:00Z`)).toISOString();
        const inserted = await trx
          .insertInto('screening_record')
          .values({
            unit_id: unit.id,
            unit_path: unit.path,
            frequency: weekly ? 'weekly' : 'monthly',
            period,
            screened_by: worker.id,
            screened_by_name: worker.display_name,
            done_at: doneAt,
            note: '入户走访，未发现重大隐患',
            created_at: doneAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records++;
        const pick = unitRandom(`finding:${unit.code}:${period}`);
        if (pick < 0.12) {
          const [description, measures] = ISSUES[Math.floor(pick * 100) % ISSUES.length]!;
          const a = PARTY_NAMES[Math.floor(pick * 1000) % PARTY_NAMES.length]!;
          const b = PARTY_NAMES[(Math.floor(pick * 1000) + 3) % PARTY_NAMES.length]!;
          const phone = `139${String(Math.floor(unitRandom(`${unit.code}${period}p`) * 1e8)).padStart(8, '0')}`;
          await trx
            .insertInto('screening_finding')
            .values({
              screening_id: inserted.id,
              parties: JSON.stringify([
                { name: a, phoneEnc: ctx.cipher.encrypt(phone) },
                { name: b, phoneEnc: null },
              ]),
              description,
              risk_grade: RISK_GRADES[Math.floor(pick * 10_000) % RISK_GRADES.length]!,
              measures,
              responsible_person: worker.display_name,
              case_id: null,
              mediation_file_id: null,
              created_by: worker.id,
              created_at: doneAt,
            })
            .execute();
        }
      }
    }
  });
  return records;
}
