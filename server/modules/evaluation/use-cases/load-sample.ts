// A sample the actor may read or work; 404 otherwise (its existence outside the actor's area is not told).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import { findSample, type SampleRow } from '../evaluation.repository.ts';
import { canReadSample, canWorkSample } from '../evaluation.policy.ts';

async function sampleIf(ctx: AppContext, id: number, allowed: (s: SampleRow) => boolean): Promise<SampleRow> {
  const sample = await findSample(ctx.db, id);
  if (!sample || !allowed(sample)) {
    throw new AppError('NOT_FOUND', '抽样不存在 / No such sample').denying('evaluation_sample', id);
  }
  return sample;
}

export function readableSample(ctx: AppContext, actor: Actor, id: number): Promise<SampleRow> {
  return sampleIf(ctx, id, (s) => canReadSample(actor, s));
}

export function workableSample(ctx: AppContext, actor: Actor, id: number): Promise<SampleRow> {
  return sampleIf(ctx, id, (s) => canWorkSample(actor, s));
}
