// Training the suggester on the centre's own decisions: a run is requested (by an administrator, or
// by the nightly schedule), then one process claims it and trains both models — the category a case
// was worked under, and the unit that finally led it to resolution — each with its k-fold
// evaluation kept beside it. Training runs in a worker thread with its own
// heap (train-in-worker.ts), so the server keeps answering and never holds the run's memory.
import type { AppContext } from '../../../context.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { listTrainingCases } from '../../cases/index.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { trainInWorker, type WorkerOptions } from './train-in-worker.ts';
import { modelsChanged } from '../suggest.ts';
import {
  claimRun,
  failRun,
  findUnfinishedRun,
  finishRun,
  insertPendingRun,
  newestRequestedAt,
  type TrainingRun,
} from '../suggestions.repository.ts';
import type { TrainingTrigger } from '../suggestions.table.ts';

/** The newest cases learnt from: enough for every category, bounded in memory and time. */
export const TRAINING_LIMIT = 200_000;
/** A run left `training` this long ago died with its process; a new request replaces it. */
const STALE_MS = 2 * 60 * 60_000;
/** Beijing hour after which the nightly run is due. */
const NIGHTLY_HOUR = 2;

export interface RequestResult {
  run: TrainingRun;
  created: boolean;
}

/** Asks for a training run; an unfinished one is returned instead of starting a second. */
export async function requestTraining(
  ctx: AppContext,
  actor: Actor | null,
  trigger: TrainingTrigger,
  clientIp: string | null,
): Promise<RequestResult> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const unfinished = await findUnfinishedRun(ctx.db);
  if (unfinished) {
    const stale =
      unfinished.status === 'training' &&
      unfinished.startedAt !== null &&
      now.getTime() - Date.parse(unfinished.startedAt) > STALE_MS;
    if (!stale) return { run: unfinished, created: false };
    await failRun(ctx.db, unfinished.version, 'interrupted: the training process stopped', at);
  }
  const version = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertPendingRun(trx, { trigger, requestedBy: actor?.userId ?? null, at });
    await ctx.audit.append(
      trx,
      {
        actor: actor
          ? auditActorOf(actor, 'suggestion:manage')
          : { userId: null, username: 'scheduler', role: null, unitId: null },
        action: 'suggestions.train',
        subjectType: 'suggestion_model',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { trigger },
      },
      now,
    );
    return id;
  });
  return {
    run: {
      version,
      status: 'pending',
      trigger,
      requestedBy: actor?.userId ?? null,
      requestedAt: at,
      startedAt: null,
      trainedAt: null,
      durationMs: null,
      category: { examples: 0, evaluation: null },
      leadUnit: { examples: 0, evaluation: null },
      error: null,
    },
    created: true,
  };
}

/** Trains one claimed run; the models and their evaluation are stored with it. */
async function trainRun(ctx: AppContext, version: number, options: WorkerOptions): Promise<void> {
  const started = performance.now();
  try {
    // Trained in a worker thread with its own heap: the server only holds the texts until they are
    // handed over, and the models' JSON when it comes back.
    const { category, leadUnit } = await trainInWorker(await listTrainingCases(ctx.db, TRAINING_LIMIT), options);
    await finishRun(ctx.db, version, {
      trained_at: ctx.clock.now().toISOString(),
      duration_ms: Math.round(performance.now() - started),
      category_model: category.modelJson,
      category_examples: category.summary.examples,
      category_metrics: category.summary.evaluation ? JSON.stringify(category.summary.evaluation) : null,
      lead_unit_model: leadUnit.modelJson,
      lead_unit_examples: leadUnit.summary.examples,
      lead_unit_metrics: leadUnit.summary.evaluation ? JSON.stringify(leadUnit.summary.evaluation) : null,
    });
    modelsChanged(ctx);
  } catch (error) {
    await failRun(
      ctx.db,
      version,
      error instanceof Error ? error.message : String(error),
      ctx.clock.now().toISOString(),
    );
    throw error;
  }
}

/** Claims the oldest pending run, if any, and trains it; resolves to its version, or null. */
export async function trainPendingRun(ctx: AppContext, options: WorkerOptions = {}): Promise<number | null> {
  const unfinished = await findUnfinishedRun(ctx.db);
  if (unfinished?.status !== 'pending') return null;
  if (!(await claimRun(ctx.db, unfinished.version, ctx.clock.now().toISOString()))) return null;
  await trainRun(ctx, unfinished.version, options);
  return unfinished.version;
}

/**
 * The scheduled job: after 02:00 Beijing time, once a day, asks for a run; then trains whatever is
 * pending (a request made while no job was running included).
 */
export async function retrainIfDue(ctx: AppContext): Promise<number | null> {
  const now = ctx.clock.now();
  const dueAt = Date.parse(`${beijingDay(now)}T0${NIGHTLY_HOUR}:00:00+08:00`);
  const newest = await newestRequestedAt(ctx.db);
  if (now.getTime() >= dueAt && (newest === null || Date.parse(newest) < dueAt)) {
    await requestTraining(ctx, null, 'schedule', null);
  }
  return trainPendingRun(ctx);
}
