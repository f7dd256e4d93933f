// The training itself — both models and their k-fold evaluation — as a pure function of the cases
// learnt from. It runs in a worker thread with its own heap (see train-in-worker.ts), never in the
// server's: a 100k-case run peaks well above the server's 256 MB.
import {
  crossValidate,
  featurise,
  stratifiedFolds,
  trainFeaturised,
  type LabelledText,
  type TextClassifierModel,
} from '../classifier.ts';
import type { TargetSummary } from '../suggestions.repository.ts';

/** k-fold evaluation runs on a stratified sample of at most this many cases (it trains k times). */
export const EVALUATION_SAMPLE = 20_000;
export const EVALUATION_FOLDS = 5;

/** What a training worker is given: each case's text, its category and its final lead unit. */
export interface TrainingInput {
  text: string;
  categoryCode: string;
  finalLeadUnitId: number | null;
}

/** One trained target, the model already serialised (it is stored as JSON). */
export interface TrainedTarget {
  modelJson: string | null;
  summary: TargetSummary;
}

export interface TrainedModels {
  category: TrainedTarget;
  leadUnit: TrainedTarget;
}

/** Every `k`-th example of each label, so the sample keeps the labels' proportions. */
function stratifiedSample<T extends { label: string }>(examples: readonly T[], size: number): T[] {
  if (examples.length <= size) return [...examples];
  const folds = stratifiedFolds(
    examples.map((e) => e.label),
    Math.ceil(examples.length / size),
  );
  return examples.filter((_, i) => folds[i] === 0);
}

async function trainTarget(examples: LabelledText[]): Promise<TrainedTarget> {
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2 || examples.length < 10)
    return { modelJson: null, summary: { examples: examples.length, evaluation: null } };
  const featurised = await featurise(examples);
  const model: TextClassifierModel = await trainFeaturised(featurised);
  // Labels with fewer cases than folds cannot be evaluated; they are still learnt and named.
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const skippedLabels = [...counts].filter(([, n]) => n < EVALUATION_FOLDS).map(([label]) => label);
  const evaluable = featurised
    .map((f, i) => ({ f, e: examples[i]!, label: examples[i]!.label }))
    .filter((x) => !skippedLabels.includes(x.label));
  const sample = stratifiedSample(evaluable, EVALUATION_SAMPLE);
  const evaluation =
    new Set(sample.map((s) => s.label)).size >= 2
      ? await crossValidate(
          sample.map((s) => s.e),
          EVALUATION_FOLDS,
          {},
          sample.map((s) => s.f),
        )
      : null;
  return {
    modelJson: JSON.stringify(model),
    summary: {
      examples: examples.length,
      evaluation: evaluation ? { ...evaluation, sampled: sample.length, skippedLabels } : null,
    },
  };
}

/** Trains the category model and the lead-unit model (only resolved cases name a final lead unit). */
export async function trainTargets(cases: readonly TrainingInput[]): Promise<TrainedModels> {
  const category = await trainTarget(cases.map((c) => ({ text: c.text, label: c.categoryCode })));
  const leadUnit = await trainTarget(
    cases.filter((c) => c.finalLeadUnitId !== null).map((c) => ({ text: c.text, label: String(c.finalLeadUnitId) })),
  );
  return { category, leadUnit };
}
