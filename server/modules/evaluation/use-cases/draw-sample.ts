// The evaluator draws a sample of a unit's closed cases for a period: the frame (cases.index's
// closedCaseIdsForSampling) shuffled by the seed (draw.ts), stored with its seed, frame size and
// draw order, audited, in one transaction. A unit outside the evaluator's area is a 404.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { parsePeriod, type ReportPeriod } from '../../../../common/period.ts';
import { auditActorOf, jurisdictionPaths, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import { closedCaseIdsForSampling, type SamplingScope } from '../../cases/index.ts';
import { drawSample, newSeed } from '../draw.ts';
import { insertItems, insertSample, type SampleRow } from '../evaluation.repository.ts';

/** The most cases one sample may hold: a few days of calls, and ±5 % at 95 % needs ~385. */
export const MAX_SAMPLE_SIZE = 400;

export interface DrawSampleInput {
  unitId: number;
  period: string;
  size: number;
  seed?: string | undefined;
}

export function periodOrFail(text: string): ReportPeriod {
  const period = parsePeriod(text);
  if (!period) {
    throw new AppError('VALIDATION_FAILED', '期间格式不正确 / The period is not valid', [
      { field: 'period', message: '如 2026-11、2026-Q4、2026 或 2026-11-01..2026-11-15' },
    ]);
  }
  return period;
}

export async function drawEvaluationSample(
  ctx: AppContext,
  actor: Actor,
  input: DrawSampleInput,
  clientIp: string | null,
): Promise<{ sample: SampleRow; caseIds: number[] }> {
  const period = periodOrFail(input.period);
  const roots = jurisdictionPaths(actor, 'evaluation:sample');
  const unit = await findUnitById(ctx.db, input.unitId);
  if (!unit || !roots.some((root) => isWithin(unit.path, root))) {
    throw new AppError('NOT_FOUND', '单位不存在 / No such unit').denying('org_unit', input.unitId);
  }
  // A region: the cases located in its area. Another unit (a department, a committee): the cases it
  // led, still only those located in the evaluator's area.
  const scope: SamplingScope =
    unit.type === 'region' ? { regionPath: unit.path } : { leadUnitId: unit.id, withinPaths: roots };
  const frame = await closedCaseIdsForSampling(ctx.db, scope, period);
  if (frame.length === 0) throw new AppError('EVALUATION_NOTHING_TO_SAMPLE');
  const seed = input.seed ?? newSeed();
  const caseIds = drawSample(frame, input.size, seed);
  const now = ctx.clock.now();
  const sample = await ctx.db.transaction().execute(async (trx) => {
    const row = await insertSample(trx, {
      unit_id: unit.id,
      unit_path: unit.path,
      period_label: period.label,
      period_from: period.from,
      period_to: period.to,
      requested_size: input.size,
      population: frame.length,
      seed,
      created_by: actor.userId,
      created_at: now.toISOString(),
    });
    await insertItems(trx, row.id, caseIds);
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'evaluation:sample'),
        action: 'evaluation.sample_draw',
        subjectType: 'evaluation_sample',
        subjectId: row.id,
        outcome: 'success',
        clientIp,
        details: {
          unitId: unit.id,
          period: period.label,
          size: input.size,
          drawn: caseIds.length,
          population: frame.length,
          seed,
        },
      },
      now,
    );
    return row;
  });
  return { sample, caseIds };
}
