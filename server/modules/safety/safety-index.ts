// 平安指数: one region unit's index for one month, its twelve-month trend and its children ranked,
// from the components' settings (weights, normalisation) and grades in the database. The formula
// is docs/safety-index.md; the arithmetic safety-formula.ts; the raw values safety-inputs.ts.
import type { Db } from '../../context.ts';
import { parsePeriod, previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import { SAFETY_COMPONENT_NAMES, type SafetyComponentKey } from '../../../common/safety.ts';
import { listUnits, type OrgUnitRow } from '../org/index.ts';
import { gradeOf, scoreComponents, type GradeSetting, type ScoredComponent } from './safety-formula.ts';
import { gatherFacts, GROUP_PARTIES, valuesOf, WARNING_POINTS, type SafetyFacts } from './safety-inputs.ts';
import { loadComponents, loadGrades, type ComponentRow } from './safety.repository.ts';

export interface ExplainedComponent extends ScoredComponent {
  name: string;
  nameEn: string;
  best: number;
  worst: number;
  explanation: string;
  explanationEn: string;
}

export interface SafetyIndex {
  unitId: number;
  unitName: string;
  period: string;
  score: number;
  grade: string;
  gradeName: string;
  gradeNameEn: string;
  components: ExplainedComponent[];
  facts: SafetyFacts;
}

export interface SafetySettings {
  components: ComponentRow[];
  grades: GradeSetting[];
}

export async function loadSettings(db: Db): Promise<SafetySettings> {
  const [components, grades] = await Promise.all([loadComponents(db), loadGrades(db)]);
  return { components, grades };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(2);

function describe(key: SafetyComponentKey, f: SafetyFacts, value: number | null): { zh: string; en: string } {
  const noPopulation = { zh: '未登记常住人口，按满分计', en: 'no population recorded: full marks' };
  switch (key) {
    case 'disputes_per_10k':
      return value === null
        ? noPopulation
        : {
            zh: `本月登记纠纷 ${f.disputes} 件，常住人口 ${f.population} 人，每万人 ${num(value)} 件`,
            en: `${f.disputes} disputes this month among ${f.population} residents: ${num(value)} per 10,000`,
          };
    case 'resolution_rate':
      return value === null
        ? { zh: '本月无纠纷，按满分计', en: 'no disputes this month: full marks' }
        : {
            zh: `${f.disputes} 件纠纷中已化解 ${f.resolved} 件（${pct(value)}）`,
            en: `${f.resolved} of ${f.disputes} disputes resolved (${pct(value)})`,
          };
    case 'satisfaction_rate':
      return value === null
        ? { zh: '本月无评价，按满分计', en: 'no ratings this month: full marks' }
        : {
            zh: `${f.rated} 件已评价纠纷中满意或基本满意 ${f.satisfied} 件（${pct(value)}）`,
            en: `${f.satisfied} of ${f.rated} rated disputes satisfied or basically satisfied (${pct(value)})`,
          };
    case 'overdue_share':
      return value === null
        ? { zh: '本月无纠纷，按满分计', en: 'no disputes this month: full marks' }
        : {
            zh: `${f.disputes} 件纠纷中目前超期未办结 ${f.overdue} 件（${pct(value)}）`,
            en: `${f.overdue} of ${f.disputes} disputes are open past their deadline (${pct(value)})`,
          };
    case 'warning_points_per_10k': {
      const w = f.warnings;
      const counts = `红 ${w.red}、橙 ${w.orange}、黄 ${w.yellow}、蓝 ${w.blue}`;
      const countsEn = `red ${w.red}, orange ${w.orange}, yellow ${w.yellow}, blue ${w.blue}`;
      const points = `${WARNING_POINTS.red}/${WARNING_POINTS.orange}/${WARNING_POINTS.yellow}/${WARNING_POINTS.blue}`;
      return value === null
        ? noPopulation
        : {
            zh: `本月预警 ${counts}，按 ${points} 分计 ${f.warningPoints} 分，每万人 ${num(value)} 分`,
            en: `warnings this month ${countsEn}, at ${points} points: ${f.warningPoints} points, ${num(value)} per 10,000`,
          };
    }
    case 'repeat_share':
      return value === null
        ? { zh: '本月无纠纷，按满分计', en: 'no disputes this month: full marks' }
        : {
            zh: `${f.disputes} 件纠纷中因不满意重办 ${f.reopened} 件（${pct(value)}）`,
            en: `${f.reopened} of ${f.disputes} disputes reopened after an unsatisfied rating (${pct(value)})`,
          };
    case 'group_disputes_per_10k':
      return value === null
        ? noPopulation
        : {
            zh: `本月排查发现涉及 ${GROUP_PARTIES} 人以上的群体性纠纷 ${f.groupDisputes} 起，每万人 ${num(value)} 起`,
            en: `${f.groupDisputes} group disputes (${GROUP_PARTIES}+ parties) found in screenings this month: ${num(value)} per 10,000`,
          };
    case 'screening_coverage':
      return value === null
        ? { zh: '本月尚无应排查的网格或村（社区），按满分计', en: 'no grid or village due to screen yet: full marks' }
        : {
            zh: `应排查 ${f.screeningsExpected} 次，已完成 ${f.screeningsDone} 次（${pct(value)}）`,
            en: `${f.screeningsDone} of ${f.screeningsExpected} scheduled screenings done (${pct(value)})`,
          };
  }
}

const isKey = (key: string): key is SafetyComponentKey => key in SAFETY_COMPONENT_NAMES;

export async function computeSafetyIndex(
  db: Db,
  unit: Pick<OrgUnitRow, 'id' | 'name' | 'path'>,
  month: ReportPeriod,
  now: Date,
  settings: SafetySettings,
): Promise<SafetyIndex> {
  const facts = await gatherFacts(db, unit.path, month, now);
  const values = valuesOf(facts);
  const { score, components } = scoreComponents(
    settings.components,
    settings.components.map((c) => ({ key: c.key, value: isKey(c.key) ? values[c.key] : null })),
  );
  const grade = gradeOf(score, settings.grades);
  return {
    unitId: unit.id,
    unitName: unit.name,
    period: month.label,
    score,
    grade: grade.code,
    gradeName: grade.nameZh,
    gradeNameEn: grade.nameEn,
    components: components.map((c, i) => {
      const setting = settings.components[i]!;
      const names = isKey(c.key) ? SAFETY_COMPONENT_NAMES[c.key] : { zh: c.key, en: c.key };
      const said = isKey(c.key) ? describe(c.key, facts, c.value) : { zh: '', en: '' };
      const tail = `，得分 ${c.contribution}／${c.weight}`;
      const tailEn = `: ${c.contribution} of ${c.weight} points`;
      return {
        ...c,
        name: names.zh,
        nameEn: names.en,
        best: setting.best,
        worst: setting.worst,
        explanation: said.zh + tail,
        explanationEn: said.en + tailEn,
      };
    }),
    facts,
  };
}

/** The twelve months ending with `month`, oldest first. */
export function trendMonths(month: ReportPeriod): ReportPeriod[] {
  const months = [month];
  while (months.length < 12) months.unshift(previousPeriod(months[0]!));
  return months;
}

export async function safetyTrend(
  db: Db,
  unit: Pick<OrgUnitRow, 'id' | 'name' | 'path'>,
  month: ReportPeriod,
  now: Date,
  settings: SafetySettings,
): Promise<{ period: string; score: number }[]> {
  const trend: { period: string; score: number }[] = [];
  // One month at a time: each is a handful of indexed counts, and the machine is shared.
  for (const m of trendMonths(month)) {
    const index = await computeSafetyIndex(db, unit, m, now, settings);
    trend.push({ period: m.label, score: index.score });
  }
  return trend;
}

/** The region units under `within` at `level` (its direct children without one), ranked by score. */
export async function rankChildren(
  db: Db,
  within: Pick<OrgUnitRow, 'id' | 'path'>,
  level: string | undefined,
  month: ReportPeriod,
  now: Date,
  settings: SafetySettings,
) {
  const units = await listUnits(db, {
    scopePaths: [within.path],
    withinPath: within.path,
    type: 'region',
    ...(level !== undefined ? { level } : { parentId: within.id }),
    limit: 2000,
  });
  const children = units.filter((u) => u.id !== within.id);
  const scored: (SafetyIndex & { code: string; level: string })[] = [];
  for (const child of children) {
    scored.push({
      ...(await computeSafetyIndex(db, child, month, now, settings)),
      code: child.code,
      level: child.level,
    });
  }
  scored.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
  return scored.map((s, i) => ({ ...s, rank: i + 1 }));
}

export const monthPeriod = (label: string) => {
  const p = parsePeriod(label);
  return p && p.kind === 'month' ? p : null;
};
