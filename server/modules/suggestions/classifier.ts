// The suggester's learner: naive Bayes over binary text features (text-features.ts). wink's
// classifier counts the features per label and serialises the counts; the scores are complement
// naive Bayes (Rennie et al. 2003: a label is scored by how little the texts of every other label
// look like this one — steadier than plain multinomial NB when labels are of unequal size), turned
// into a confidence by a softmax with a temperature fitted on held-out texts (ADR 0018).
import winkNaiveBayes from 'wink-naive-bayes-text-classifier';
import { DEFAULT_FEATURES, textFeatures, type FeatureOptions } from './text-features.ts';

export type Algorithm = 'complement-nb' | 'multinomial-nb';

export interface LabelledText {
  text: string;
  label: string;
}

/** wink's learnings: [config, samples per label, count per label and feature, features per label, vocabulary]. */
type WinkLearnings = [
  { considerOnlyPresence: boolean; smoothingFactor: number },
  Record<string, number>,
  Record<string, Record<string, number>>,
  Record<string, number>,
  string[],
];

/** A trained model as stored (file or database): plain JSON, versioned by `format` and `version`. */
export interface TextClassifierModel {
  format: 'concord-text-classifier';
  version: 1;
  algorithm: Algorithm;
  features: FeatureOptions;
  smoothing: number;
  /** Softmax temperature over the scores (1 when there was too little to fit it on). */
  temperature: number;
  /** Features seen in fewer training texts than this were dropped. */
  minDocumentFrequency: number;
  examples: number;
  learnings: WinkLearnings;
}

export interface TrainOptions {
  algorithm?: Algorithm;
  smoothing?: number;
  features?: FeatureOptions;
  /** Fit the temperature on a held-out fifth (default true). */
  calibrate?: boolean;
}

export interface Prediction {
  label: string;
  confidence: number;
}

export class ClassifierInputError extends Error {}

/** Examples whose features were already extracted (k-fold evaluation extracts them once). */
export interface FeaturisedExample {
  features: string[];
  label: string;
}

/** Lets other work run (a server's requests) between chunks of a long training. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const CHUNK = 500;

export async function featurise(
  examples: readonly LabelledText[],
  features = DEFAULT_FEATURES,
): Promise<FeaturisedExample[]> {
  const out: FeaturisedExample[] = [];
  // One string per distinct feature, shared by every text that has it: 100,000 texts hold tens of
  // millions of features, mostly the same few hundred thousand.
  const interned = new Map<string, string>();
  const intern = (f: string) => {
    const known = interned.get(f);
    if (known !== undefined) return known;
    interned.set(f, f);
    return f;
  };
  for (let i = 0; i < examples.length; i++) {
    if (i > 0 && i % CHUNK === 0) await pause();
    out.push({ features: textFeatures(examples[i]!.text, features).map(intern), label: examples[i]!.label });
  }
  return out;
}

async function learnCounts(
  examples: readonly FeaturisedExample[],
  smoothing: number,
  minDf: number,
): Promise<WinkLearnings> {
  let keep: ((feature: string) => boolean) | null = null;
  if (minDf > 1) {
    const df = new Map<string, number>();
    for (const e of examples) for (const f of e.features) df.set(f, (df.get(f) ?? 0) + 1);
    keep = (f) => (df.get(f) ?? 0) >= minDf;
  }
  const nb = winkNaiveBayes();
  // The input is already a list of features: wink's preparation step passes it through.
  nb.definePrepTasks([(input) => input]);
  nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: smoothing });
  for (let i = 0; i < examples.length; i++) {
    if (i > 0 && i % (CHUNK * 4) === 0) await pause();
    const e = examples[i]!;
    nb.learn(keep ? e.features.filter(keep) : e.features, e.label);
  }
  try {
    nb.consolidate();
  } catch (error) {
    throw new ClassifierInputError(
      `cannot train: ${error instanceof Error ? error.message.replace(/^winkNBTC: /, '') : String(error)}`,
    );
  }
  return JSON.parse(nb.exportJSON()) as WinkLearnings;
}

/** A model ready to score texts: one weight vector (over the labels) per known feature. */
export class TextClassifier {
  readonly labels: string[];
  /**
   * The weights, sparse: a feature's weight for a label splits into a part every known feature
   * adds to that label (`perFeature`), a part that is the same for every label (dropped: the
   * softmax and the ranking do not see it) and a part that is not 0 only for the labels whose
   * texts had the feature — kept as one compressed row per feature (`start`, `entryLabel`,
   * `entryWeight`). A server keeps two models of ~100k features over ~45 labels for as long as it
   * serves: the dense rows were 36 MB each; most features occur under a few labels. One set of
   * typed arrays rather than an array per feature keeps major garbage collections short.
   */
  private readonly perFeature: Float64Array;
  private readonly start: Uint32Array;
  private readonly entryLabel: Uint16Array | Uint32Array;
  private readonly entryWeight: Float64Array;
  private readonly rowOf = new Map<string, number>();
  private readonly bias: Float64Array;
  /** Each label's place in the labels' locale order: the tie-break of equal confidences. */
  private readonly labelRank: Int32Array;
  private readonly temperature: number;
  private readonly features: TextClassifierModel['features'];

  constructor(model: TextClassifierModel) {
    if (model?.format !== 'concord-text-classifier' || model.version !== 1 || !Array.isArray(model.learnings)) {
      throw new ClassifierInputError('not a Concord text classifier model (format concord-text-classifier, version 1)');
    }
    const [, samples, count, perLabel, vocabulary] = model.learnings;
    this.labels = Object.keys(samples);
    const l = this.labels.length;
    this.labelRank = new Int32Array(l);
    [...this.labels.keys()]
      .sort((a, b) => this.labels[a]!.localeCompare(this.labels[b]!))
      .forEach((labelIndex, rank) => (this.labelRank[labelIndex] = rank));
    const alpha = model.smoothing;
    const complement = model.algorithm === 'complement-nb';
    const v = vocabulary.length;
    const totalSamples = this.labels.reduce((s, label) => s + samples[label]!, 0);
    const totalFeatures = this.labels.reduce((s, label) => s + (perLabel[label] ?? 0), 0);
    this.bias = new Float64Array(l);
    this.perFeature = new Float64Array(l);
    this.labels.forEach((label, i) => {
      const own = perLabel[label] ?? 0;
      // Complement NB leaves the prior out (Rennie et al.): it is what skews plain NB to big labels.
      this.bias[i] = complement ? 0 : Math.log(samples[label]! / totalSamples);
      // Complement NB: w(f, i) = log(T + αv − N_i) − log(T_f − n_fi + α)
      //   = [log(T + αv − N_i)] + [−log(T_f + α)] + [log(T_f + α) − log(T_f − n_fi + α)];
      // multinomial NB: w(f, i) = log(n_fi + α) − log(N_i + αv)
      //   = [−log(N_i + αv)] + [log α] + [log(n_fi + α) − log α].
      // The first part is `perFeature`, the second the same for every label, the third the entry.
      this.perFeature[i] = complement ? Math.log(totalFeatures - own + alpha * v) : -Math.log(own + alpha * v);
    });
    const counts = this.labels.map((label) => count[label] ?? {});
    const totals = new Float64Array(v);
    let entries = 0;
    vocabulary.forEach((feature, row) => {
      let total = 0;
      for (let i = 0; i < l; i++) {
        const own = counts[i]![feature] ?? 0;
        total += own;
        if (own > 0) entries++;
      }
      totals[row] = total;
    });
    this.start = new Uint32Array(v + 1);
    this.entryLabel = l <= 0xffff ? new Uint16Array(entries) : new Uint32Array(entries);
    this.entryWeight = new Float64Array(entries);
    let k = 0;
    vocabulary.forEach((feature, row) => {
      this.start[row] = k;
      const total = totals[row]!;
      for (let i = 0; i < l; i++) {
        const own = counts[i]![feature] ?? 0;
        if (own === 0) continue;
        this.entryLabel[k] = i;
        this.entryWeight[k++] = complement
          ? Math.log(total + alpha) - Math.log(total - own + alpha)
          : Math.log(own + alpha) - Math.log(alpha);
      }
      this.rowOf.set(feature, row);
    });
    this.start[v] = k;
    this.temperature = model.temperature;
    this.features = model.features;
  }

  /**
   * Raw scores (log-likelihood-like, up to a constant shared by every label), one per label in
   * `labels` order.
   */
  scoresOf(features: readonly string[]): Float64Array {
    const scores = Float64Array.from(this.bias);
    const { start, entryLabel, entryWeight, perFeature } = this;
    let known = 0;
    for (const f of features) {
      const row = this.rowOf.get(f);
      if (row === undefined) continue;
      known++;
      for (let k = start[row]!, end = start[row + 1]!; k < end; k++) scores[entryLabel[k]!]! += entryWeight[k]!;
    }
    for (let i = 0; i < scores.length; i++) scores[i]! += known * perFeature[i]!;
    return scores;
  }

  /** Labels by confidence, highest first (all of them unless `top` is given). */
  predictFeatures(features: readonly string[], top = Infinity): Prediction[] {
    return this.bestFeatures(features, top);
  }

  /**
   * The `top` most confident labels that `accept` takes, highest first. The first few are picked
   * one at a time rather than by sorting every label (a suggestion wants three of ~50); when
   * `accept` turns many down (a county's dispatcher and a province's lead units), the rest are
   * sorted once. Ties (many labels round to 0) are broken by the labels' locale order.
   */
  bestFeatures(features: readonly string[], top: number, accept?: (label: string) => boolean): Prediction[] {
    const probabilities = softmax(this.scoresOf(features), this.temperature);
    const rank = this.labelRank;
    const before = (a: number, b: number) =>
      probabilities[a]! > probabilities[b]! || (probabilities[a] === probabilities[b] && rank[a]! < rank[b]!);
    const out: Prediction[] = [];
    const offer = (i: number) => {
      const label = this.labels[i]!;
      if (!accept || accept(label)) out.push({ label, confidence: probabilities[i]! });
    };
    const taken = new Uint8Array(probabilities.length);
    const picks = Math.min(probabilities.length, top * 2, 8);
    for (let pick = 0; pick < picks && out.length < top; pick++) {
      let best = -1;
      for (let i = 0; i < probabilities.length; i++) if (!taken[i] && (best < 0 || before(i, best))) best = i;
      taken[best] = 1;
      offer(best);
    }
    if (out.length < top) {
      const rest = [...this.labels.keys()].filter((i) => !taken[i]).sort((a, b) => (before(a, b) ? -1 : 1));
      for (const i of rest) {
        if (out.length >= top) break;
        offer(i);
      }
    }
    return out;
  }

  predict(text: string, top = Infinity): Prediction[] {
    return this.predictFeatures(textFeatures(text, this.features), top);
  }
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  const out = new Float64Array(scores.length);
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s / temperature);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp(scores[i]! / temperature - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32), so a model and its folds are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold number (0..k-1) of each example: each label's examples shuffled and dealt round the folds. */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 17): number[] {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const indices of [...byLabel.values()]) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    // Start each label where the last one stopped, so small labels do not all crowd fold 0.
    indices.forEach((index, i) => (fold[index] = (offset + i) % k));
    offset = (offset + indices.length) % k;
  }
  return fold;
}

function minDfFor(size: number): number {
  return size >= 2000 ? 2 : 1;
}

async function fitCounts(
  examples: readonly FeaturisedExample[],
  options: TrainOptions,
  temperature: number,
): Promise<TextClassifierModel> {
  const algorithm = options.algorithm ?? 'complement-nb';
  const smoothing = options.smoothing ?? (algorithm === 'complement-nb' ? 0.3 : 0.1);
  const minDf = minDfFor(examples.length);
  const model: TextClassifierModel = {
    format: 'concord-text-classifier',
    version: 1,
    algorithm,
    features: options.features ?? DEFAULT_FEATURES,
    smoothing,
    temperature,
    minDocumentFrequency: minDf,
    examples: examples.length,
    learnings: await learnCounts(examples, smoothing, minDf),
  };
  return model;
}

/** The temperature that makes held-out confidences honest (least negative log-likelihood). */
async function fitTemperature(examples: readonly FeaturisedExample[], options: TrainOptions): Promise<number> {
  const folds = stratifiedFolds(
    examples.map((e) => e.label),
    5,
  );
  const train = examples.filter((_, i) => folds[i] !== 0);
  const held = examples.filter((_, i) => folds[i] === 0);
  const trainLabels = new Set(train.map((e) => e.label));
  if (held.length < 10 || trainLabels.size < 2) return 1;
  const classifier = new TextClassifier(await fitCounts(train, options, 1));
  const index = new Map(classifier.labels.map((label, i) => [label, i]));
  const scored = held
    .filter((e) => index.has(e.label))
    .map((e) => ({ scores: classifier.scoresOf(e.features), truth: index.get(e.label)! }));
  let best = { temperature: 1, loss: Infinity };
  for (let step = -20; step <= 60; step++) {
    const temperature = 10 ** (step / 20);
    let loss = 0;
    for (const { scores, truth } of scored) loss -= Math.log(Math.max(softmax(scores, temperature)[truth]!, 1e-12));
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}

export function checkExamples(examples: readonly LabelledText[]): void {
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) {
    throw new ClassifierInputError(`need at least 2 labels to learn from, found ${labels.size}`);
  }
}

export async function trainFeaturised(
  examples: readonly FeaturisedExample[],
  options: TrainOptions = {},
): Promise<TextClassifierModel> {
  const temperature = options.calibrate === false ? 1 : await fitTemperature(examples, options);
  return fitCounts(examples, options, temperature);
}

export async function trainClassifier(
  examples: readonly LabelledText[],
  options: TrainOptions = {},
): Promise<TextClassifierModel> {
  checkExamples(examples);
  return trainFeaturised(await featurise(examples, options.features), options);
}

export interface LabelMetrics {
  label: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  folds: number;
  examples: number;
  accuracy: number;
  macroF1: number;
  labels: LabelMetrics[];
}

/** Stratified k-fold cross-validation: every example is predicted once by a model that never saw it. */
export async function crossValidate(
  examples: readonly LabelledText[],
  k: number,
  options: TrainOptions = {},
  featurisedAlready?: FeaturisedExample[],
): Promise<Evaluation> {
  checkExamples(examples);
  if (!Number.isInteger(k) || k < 2)
    throw new ClassifierInputError(`--folds must be an integer of 2 or more, got ${k}`);
  const support = new Map<string, number>();
  for (const e of examples) support.set(e.label, (support.get(e.label) ?? 0) + 1);
  const short = [...support].filter(([, n]) => n < k);
  if (short.length > 0) {
    throw new ClassifierInputError(
      `${k} folds need at least ${k} examples of each label; too few: ` +
        short.map(([label, n]) => `"${label}" (${n})`).join(', '),
    );
  }
  const folds = stratifiedFolds(
    examples.map((e) => e.label),
    k,
  );
  const featurised = featurisedAlready ?? (await featurise(examples, options.features));
  const predicted = new Array<string>(examples.length);
  for (let fold = 0; fold < k; fold++) {
    const classifier = new TextClassifier(
      await trainFeaturised(
        featurised.filter((_, i) => folds[i] !== fold),
        { ...options, calibrate: false },
      ),
    );
    featurised.forEach((e, i) => {
      if (folds[i] === fold) predicted[i] = classifier.predictFeatures(e.features, 1)[0]!.label;
    });
  }
  return scoreEvaluation(
    examples.map((e) => e.label),
    predicted,
    k,
  );
}

export function scoreEvaluation(truth: readonly string[], predicted: readonly string[], folds: number): Evaluation {
  const labels = [...new Set(truth)].sort();
  const metrics = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (t === label && p === label) tp++;
      else if (p === label) fp++;
      else if (t === label) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support: tp + fn, precision, recall, f1 };
  });
  const correct = truth.filter((t, i) => predicted[i] === t).length;
  return {
    folds,
    examples: truth.length,
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    macroF1: metrics.reduce((s, m) => s + m.f1, 0) / Math.max(metrics.length, 1),
    labels: metrics,
  };
}
