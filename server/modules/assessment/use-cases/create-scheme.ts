// An administrator adds a new version of the assessment scheme, in force from a Beijing day. A
// version is never edited: a period already scored keeps its snapshot until it is recomputed.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { SCORED_RATES, type SchemeRules } from '../scheme.ts';
import { insertScheme, type SchemeVersion } from '../scheme.repository.ts';
import { forgetKeptRankings } from '../ranking-snapshot.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

export interface CreateSchemeInput {
  name: string;
  effectiveFrom: string;
  rules: SchemeRules;
  note?: string | null | undefined;
}

export async function createScheme(
  ctx: AppContext,
  actor: Actor,
  input: CreateSchemeInput,
  clientIp: string | null,
): Promise<SchemeVersion> {
  const name = input.name.trim();
  if (name === '') throw invalid('name', '不能为空 / Must not be blank');
  const day = new Date(`${input.effectiveFrom}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== input.effectiveFrom)
    throw invalid('effectiveFrom', '日期无效 / Invalid date');
  if (!SCORED_RATES.some((r) => input.rules.weights[r] > 0))
    throw invalid('rules.weights', '至少一项指标的权重须大于0 / At least one weight must be above 0');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const scheme = await insertScheme(trx, {
      name,
      effectiveFrom: input.effectiveFrom,
      rules: input.rules,
      note: input.note?.trim() || null,
      createdBy: actor.userId,
      at: now.toISOString(),
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'assessment:manage'),
        action: 'assessment.scheme_create',
        subjectType: 'assessment_scheme',
        subjectId: scheme.id,
        outcome: 'success',
        clientIp,
        details: { version: scheme.version, effectiveFrom: scheme.effectiveFrom, rules: scheme.rules },
      },
      now,
    );
    // The kept rankings were scored by the versions known before (ADR 0022).
    await forgetKeptRankings(trx);
    return scheme;
  });
}
