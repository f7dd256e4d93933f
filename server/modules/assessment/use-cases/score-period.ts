// The assessment scores of a period: the ranking computed by the scheme in force for it, kept as
// a snapshot with the scheme's version once the period is over (a period still running is scored
// live and not stored). An administrator's recompute replaces the snapshot, audited.
import type { AppContext } from '../../../context.ts';
import type { ReportPeriod } from '../../../../common/period.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { computeRankings, type RankingLevel, type RankingRow, type SampledSatisfaction } from '../rankings.ts';
import { findScore, saveScore } from '../scheme.repository.ts';
import { forgetKeptRankings } from '../ranking-snapshot.ts';

export interface ScoreRequest {
  level: RankingLevel;
  withinUnit: { id: number; path: string };
  period: ReportPeriod;
  sampledSatisfaction?: SampledSatisfaction | undefined;
}

export interface PeriodScores {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  level: RankingLevel;
  scheme: { id: number; version: number; name: string };
  rows: RankingRow[];
  computedAt: string | null;
  stored: boolean;
}

interface Snapshot {
  previousPeriod: ReportPeriod;
  scheme: { id: number; version: number; name: string };
  rows: RankingRow[];
}

const keyOf = (input: ScoreRequest) => ({
  period: input.period.label,
  level: input.level,
  withinUnitId: input.withinUnit.id,
});

/** The stored snapshot, or the scores computed now (and stored when the period is over). */
export async function periodScores(ctx: AppContext, input: ScoreRequest): Promise<PeriodScores> {
  const stored = await findScore(ctx.db, keyOf(input));
  if (stored) {
    const snapshot = JSON.parse(stored.rows) as Snapshot;
    return {
      period: input.period,
      previousPeriod: snapshot.previousPeriod,
      level: input.level,
      scheme: snapshot.scheme,
      // A snapshot stored before 领导包案 counted has no leader figures: 0.
      rows: snapshot.rows.map((row) => ({
        ...row,
        leaderSettled: row.leaderSettled ?? 0,
        leaderOpen: row.leaderOpen ?? 0,
      })),
      computedAt: stored.computed_at,
      stored: true,
    };
  }
  const now = ctx.clock.now();
  if (Date.parse(input.period.to) > now.getTime()) {
    const table = await computeRankings(ctx.db, { ...input, now });
    return { ...table, computedAt: null, stored: false };
  }
  return store(ctx, input, null, null);
}

async function store(
  ctx: AppContext,
  input: ScoreRequest,
  actor: Actor | null,
  clientIp: string | null,
): Promise<PeriodScores> {
  const now = ctx.clock.now();
  const table = await computeRankings(ctx.db, { ...input, now });
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const snapshot: Snapshot = { previousPeriod: table.previousPeriod, scheme: table.scheme, rows: table.rows };
    const row = await saveScore(trx, keyOf(input), {
      schemeId: table.scheme.id,
      schemeVersion: table.scheme.version,
      rows: snapshot,
      computedBy: actor?.userId ?? null,
      at,
    });
    // An administrator's recompute: the kept rankings are computed again on their next request.
    if (actor) await forgetKeptRankings(trx);
    if (actor)
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'assessment:manage'),
          action: 'assessment.recompute',
          subjectType: 'assessment_score',
          subjectId: row.id,
          outcome: 'success',
          clientIp,
          details: { ...keyOf(input), schemeVersion: table.scheme.version },
        },
        now,
      );
  });
  return { ...table, computedAt: at, stored: true };
}

/** An administrator computes the period's scores again by the scheme in force now and stores them. */
export function recomputeScores(
  ctx: AppContext,
  actor: Actor,
  input: ScoreRequest,
  clientIp: string | null,
): Promise<PeriodScores> {
  return store(ctx, input, actor, clientIp);
}
