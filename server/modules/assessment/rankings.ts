// Rankings (排名) of the units at one level for a period: each unit's figures by the KPI rules of
// the cases module, its composite score by the scheme in force for the period, its competition
// rank, and the same for the period before. No jurisdiction check here: routes do that.
import type { Db } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import { findUnitById, listUnits, type OrgUnitRow } from '../org/index.ts';
import {
  countKpisByUnit,
  emptyUnitCounts,
  leaderCasesByUnit,
  RATES,
  rate,
  type LeaderCaseCounts,
  type UnitBuckets,
  type UnitCounts,
} from '../cases/index.ts';
import { rankScores, scoreOf, type ScoredRate, type UnrankedReason } from './scheme.ts';
import { schemeInForce, type SchemeVersion } from './scheme.repository.ts';
import { sampledSatisfactionByUnit } from '../evaluation/index.ts';

export const RANKING_LEVELS = ['department', 'township', 'county', 'committee'] as const;
export type RankingLevel = (typeof RANKING_LEVELS)[number];

/** Satisfaction from the third-party evaluator's calls, per unit (the evaluation module's). */
export type SampledSatisfaction = (
  db: Db,
  unitIds: number[],
  period: ReportPeriod,
) => Promise<Map<number, { satisfied: number; rated: number }>>;

export interface RankingRow {
  unitId: number;
  unitName: string;
  /** 受理量: cases registered in the period. */
  received: number;
  responded: number;
  notCancelled: number;
  resolved: number;
  rated: number;
  satisfied: number;
  unsatisfied: number;
  /** Accepted after an assignment with an acceptance deadline, and of those on time. */
  accepted: number;
  acceptedOnTime: number;
  handlingDue: number;
  handledOnTime: number;
  reopened: number;
  overdueNow: number;
  supervised: number;
  redCarded: number;
  /** 领导包案: cases in the unit's area a leader was assigned in the period, settled now / still open now. */
  leaderSettled: number;
  leaderOpen: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  onTimeRate: number | null;
  acceptedOnTimeRate: number | null;
  /** Whose satisfaction the score used: self-reported ratings or the evaluator's sample. */
  satisfactionSource: 'reported' | 'sampled';
  score: number | null;
  rank: number | null;
  tied: boolean;
  unrankedReason: UnrankedReason | null;
  previous: { rank: number | null; score: number | null };
  /** Places moved up (positive) or down since the previous period; score difference. Null when either is unranked. */
  change: { rank: number | null; score: number | null };
}

export interface RankingTable {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  level: RankingLevel;
  scheme: { id: number; version: number; name: string };
  rows: RankingRow[];
}

export interface RankingInput {
  level: RankingLevel;
  withinUnit: { id: number; path: string };
  period: ReportPeriod;
  now: Date;
  /** Read when the scheme in force says useSampledSatisfaction; default: the evaluation module's. */
  sampledSatisfaction?: SampledSatisfaction | undefined;
}

const invalid = (message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field: 'withinUnitId', message }]);

/** The units ranked at `level` under `within`, in code order, and how their cases are counted. */
export async function unitsAtLevel(
  db: Db,
  level: RankingLevel,
  within: { id: number; path: string },
): Promise<{ units: OrgUnitRow[]; buckets: UnitBuckets }> {
  const parent = await findUnitById(db, within.id);
  if (!parent || parent.path !== within.path) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  const common = { scopePaths: [within.path], limit: 100_000 };
  switch (level) {
    case 'township':
    case 'county': {
      const parentLevel = level === 'township' ? 'county' : 'city';
      if (parent.type !== 'region' || parent.level !== parentLevel)
        throw invalid(
          level === 'township'
            ? '乡镇排名须选择一个区县 / Township rankings are within a county'
            : '区县排名须选择一个市 / County rankings are within a city',
        );
      const units = await listUnits(db, { ...common, parentId: parent.id, type: 'region', level });
      return { units, buckets: { by: 'location', withinPath: parent.path, units } };
    }
    case 'department': {
      if (parent.type !== 'region' || (parent.level !== 'county' && parent.level !== 'township'))
        throw invalid('部门排名须选择一个区县或乡镇 / Department rankings are within a county or township');
      const units = await listUnits(db, { ...common, parentId: parent.id, type: 'department' });
      return { units, buckets: { by: 'lead', unitIds: units.map((u) => u.id) } };
    }
    case 'committee': {
      if (parent.type !== 'region')
        throw invalid('调委会排名须选择一个行政区域 / Committee rankings are within a region');
      const units = await listUnits(db, { ...common, withinPath: parent.path, type: 'committee' });
      return { units, buckets: { by: 'lead', unitIds: units.map((u) => u.id) } };
    }
  }
}

interface Scored {
  unit: OrgUnitRow;
  counts: UnitCounts;
  leader: LeaderCaseCounts;
  rates: Record<ScoredRate, number | null>;
  satisfactionSource: 'reported' | 'sampled';
  score: number | null;
  unrankedReason: UnrankedReason | null;
  rank: number | null;
  tied: boolean;
}

async function scorePeriod(
  db: Db,
  units: OrgUnitRow[],
  buckets: UnitBuckets,
  period: ReportPeriod,
  now: Date,
  sampled: SampledSatisfaction | undefined,
): Promise<{ scheme: SchemeVersion; scored: Scored[] }> {
  const scheme = await schemeInForce(db, beijingDay(new Date(period.from)));
  const counted = await countKpisByUnit(db, { buckets, from: period.from, to: period.to, now: now.toISOString() });
  const samples = scheme.rules.useSampledSatisfaction
    ? await (sampled ?? sampledSatisfactionByUnit)(
        db,
        units.map((u) => u.id),
        period,
      )
    : new Map<number, { satisfied: number; rated: number }>();
  // 领导包案 counts by the unit's area (regions); a department or committee has no area: 0.
  const leaders = await leaderCasesByUnit(db, units, period);
  const scored = units.map((unit): Omit<Scored, 'rank' | 'tied'> => {
    const counts = counted.get(unit.id) ?? emptyUnitCounts();
    const ratio = (name: keyof typeof RATES) => rate(counts[RATES[name].numerator], counts[RATES[name].denominator]);
    const sample = samples.get(unit.id);
    const leader = leaders.get(unit.id) ?? { assigned: 0, settled: 0, open: 0 };
    const useSample = sample !== undefined && sample.rated > 0;
    const rates: Record<ScoredRate, number | null> = {
      response: ratio('response'),
      resolution: ratio('resolution'),
      satisfaction: useSample ? rate(sample.satisfied, sample.rated) : ratio('satisfaction'),
      onTime: ratio('onTime'),
      acceptedOnTime: rate(counts.acceptedOnTime, counts.accepted),
    };
    const { score, unrankedReason } = scoreOf(scheme.rules, {
      received: counts.all,
      rated: useSample ? sample.rated : counts.rated,
      rates,
      redCarded: counts.redCarded,
      supervised: counts.supervised,
      unsatisfied: counts.unsatisfied,
      leaderSettled: leader.settled,
      leaderOpen: leader.open,
    });
    return {
      unit,
      counts,
      leader,
      rates,
      satisfactionSource: useSample ? 'sampled' : 'reported',
      score,
      unrankedReason,
    };
  });
  const ranks = rankScores(scored.map((s) => s.score));
  return { scheme, scored: scored.map((s, i) => ({ ...s, ...ranks[i]! })) };
}

/** The ranking table of `level` under `withinUnit` for `period`, with the change from the period before. */
export async function computeRankings(db: Db, input: RankingInput): Promise<RankingTable> {
  const { units, buckets } = await unitsAtLevel(db, input.level, input.withinUnit);
  const before = previousPeriod(input.period);
  const [current, previous] = await Promise.all([
    scorePeriod(db, units, buckets, input.period, input.now, input.sampledSatisfaction),
    scorePeriod(db, units, buckets, before, input.now, input.sampledSatisfaction),
  ]);
  const previousById = new Map(previous.scored.map((s) => [s.unit.id, s]));
  const rows = current.scored.map((s): RankingRow => {
    const last = previousById.get(s.unit.id);
    const prev = { rank: last?.rank ?? null, score: last?.score ?? null };
    return {
      unitId: s.unit.id,
      unitName: s.unit.name,
      received: s.counts.all,
      responded: s.counts.responded,
      notCancelled: s.counts.notCancelled,
      resolved: s.counts.resolved,
      rated: s.counts.rated,
      satisfied: s.counts.satisfied,
      unsatisfied: s.counts.unsatisfied,
      accepted: s.counts.accepted,
      acceptedOnTime: s.counts.acceptedOnTime,
      handlingDue: s.counts.handlingDue,
      handledOnTime: s.counts.handledOnTime,
      reopened: s.counts.reopened,
      overdueNow: s.counts.overdue,
      supervised: s.counts.supervised,
      redCarded: s.counts.redCarded,
      leaderSettled: s.leader.settled,
      leaderOpen: s.leader.open,
      responseRate: s.rates.response,
      resolutionRate: s.rates.resolution,
      satisfactionRate: s.rates.satisfaction,
      onTimeRate: s.rates.onTime,
      acceptedOnTimeRate: s.rates.acceptedOnTime,
      satisfactionSource: s.satisfactionSource,
      score: s.score,
      rank: s.rank,
      tied: s.tied,
      unrankedReason: s.unrankedReason,
      previous: prev,
      change: {
        rank: s.rank !== null && prev.rank !== null ? prev.rank - s.rank : null,
        score: s.score !== null && prev.score !== null ? Math.round((s.score - prev.score) * 100) / 100 : null,
      },
    };
  });
  // Ranked units first by rank, then the unranked, each in code order (listUnits' order).
  const order = new Map(units.map((u, i) => [u.id, i]));
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || order.get(a.unitId)! - order.get(b.unitId)!);
  const { id, version, name } = current.scheme;
  return { period: input.period, previousPeriod: before, level: input.level, scheme: { id, version, name }, rows };
}
