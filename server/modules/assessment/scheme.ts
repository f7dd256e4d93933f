// 考核方案 as data: what a composite score is made of. Pure — the scheme's rules and the score of
// one unit's figures under them; the figures themselves come from the KPI rules of the cases
// module (rankings.repository.ts), never from here.
import { Type, type Static } from 'typebox';

/** The rates a scheme may weigh: the dashboard's four, and 按时签收率. */
export const SCORED_RATES = ['response', 'resolution', 'satisfaction', 'onTime', 'acceptedOnTime'] as const;
export type ScoredRate = (typeof SCORED_RATES)[number];

const Points = Type.Number({ minimum: 0, maximum: 100 });
const Count = Type.Integer({ minimum: 0, maximum: 100_000 });

export const SchemeRules = Type.Object(
  {
    /** Relative weights (any non-negative numbers, at least one above 0); the rates' part of the score is out of 100. */
    weights: Type.Object(
      Object.fromEntries(SCORED_RATES.map((r) => [r, Points])) as Record<ScoredRate, typeof Points>,
      { additionalProperties: false },
    ),
    /** Below `received` cases a unit is listed, not ranked; below `rated` ratings satisfaction is not weighed. */
    minimumSample: Type.Object({ received: Count, rated: Count }, { additionalProperties: false }),
    /** Points taken off per red-carded case, per supervised case, per unsatisfied rating that stands. */
    deductions: Type.Object(
      { redCard: Points, supervision: Points, verifiedUnsatisfied: Points },
      { additionalProperties: false },
    ),
    /** Points added when a rate reaches a threshold. */
    bonuses: Type.Array(
      Type.Object(
        {
          rate: Type.Union(SCORED_RATES.map((r) => Type.Literal(r))),
          atLeast: Type.Number({ minimum: 0, maximum: 1 }),
          points: Points,
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    /** The third-party evaluator's sampled satisfaction replaces the self-reported one where a sample exists. */
    useSampledSatisfaction: Type.Boolean(),
    /**
     * 领导包案 (issue 17 §5): of the cases in the unit's area a leader was assigned within the
     * period, points added per case settled (resolved or closed) and taken off per case still open.
     * Versions stored before the field existed read it as 0 and 0.
     */
    leaderCases: Type.Optional(
      Type.Object({ settledBonus: Points, openDeduction: Points }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false, title: 'AssessmentSchemeRules' },
);
export type SchemeRules = Static<typeof SchemeRules>;
export type LeaderCaseRules = NonNullable<SchemeRules['leaderCases']>;

export const NO_LEADER_CASE_RULES: LeaderCaseRules = { settledBonus: 0, openDeduction: 0 };

/** The rules with every optional part filled in (a version stored before a part existed gets its zero). */
export function normaliseRules(rules: SchemeRules): SchemeRules & { leaderCases: LeaderCaseRules } {
  return { ...rules, leaderCases: { ...NO_LEADER_CASE_RULES, ...rules.leaderCases } };
}

/** What the score of one unit is computed from. */
export interface ScoreInput {
  received: number;
  rated: number;
  rates: Record<ScoredRate, number | null>;
  redCarded: number;
  supervised: number;
  unsatisfied: number;
  /** 领导包案: leader-taken cases of the period settled now, and still open now (default 0). */
  leaderSettled?: number;
  leaderOpen?: number;
}

export type UnrankedReason = 'no_cases' | 'below_minimum_sample' | 'no_rates';

export interface ScoreResult {
  /** Rounded to 2 decimals (ties are judged on the rounded score); null when the unit is not ranked. */
  score: number | null;
  unrankedReason: UnrankedReason | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The composite score: 100 × the weighted mean of the rates that exist (a rate with a zero
 * denominator, or satisfaction below the minimum number of ratings, drops out and its weight with
 * it), minus the deductions, plus the bonuses reached, plus the 领导包案 points (per leader-taken
 * case settled, less per one still open). Units with no cases, or fewer than the
 * minimum sample, are not scored.
 */
export function scoreOf(rules: SchemeRules, input: ScoreInput): ScoreResult {
  if (input.received === 0) return { score: null, unrankedReason: 'no_cases' };
  if (input.received < rules.minimumSample.received) return { score: null, unrankedReason: 'below_minimum_sample' };
  let weighed = 0;
  let weights = 0;
  for (const name of SCORED_RATES) {
    const weight = rules.weights[name];
    const value = input.rates[name];
    if (weight <= 0 || value === null) continue;
    if (name === 'satisfaction' && input.rated < rules.minimumSample.rated) continue;
    weighed += weight * value;
    weights += weight;
  }
  if (weights === 0) return { score: null, unrankedReason: 'no_rates' };
  const deductions =
    rules.deductions.redCard * input.redCarded +
    rules.deductions.supervision * input.supervised +
    rules.deductions.verifiedUnsatisfied * input.unsatisfied;
  const leader = rules.leaderCases ?? NO_LEADER_CASE_RULES;
  const leaderPoints =
    leader.settledBonus * (input.leaderSettled ?? 0) - leader.openDeduction * (input.leaderOpen ?? 0);
  const bonuses = rules.bonuses
    .filter((b) => {
      const value = input.rates[b.rate];
      return value !== null && value >= b.atLeast;
    })
    .reduce((sum, b) => sum + b.points, 0);
  return {
    score: round2((100 * weighed) / weights - deductions + bonuses + leaderPoints),
    unrankedReason: null,
  };
}

/**
 * Competition ranking (1, 2, 2, 4): a higher score ranks first, equal scores share a rank and are
 * flagged tied. Unscored entries get no rank.
 */
export function rankScores(scores: readonly (number | null)[]): { rank: number | null; tied: boolean }[] {
  const counts = new Map<number, number>();
  for (const s of scores) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  return scores.map((s) => {
    if (s === null) return { rank: null, tied: false };
    let above = 0;
    for (const other of scores) if (other !== null && other > s) above++;
    return { rank: above + 1, tied: (counts.get(s) ?? 0) > 1 };
  });
}
