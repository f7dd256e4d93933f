// What the suggester reads in a report: jieba words (search mode, so 拖欠工资 also gives 工资) and
// character n-grams of 1–3 over each run of letters and digits — the n-grams still match when a
// word is misspelt (物业 → 务业) or too short for jieba to cut. A feature counts once per text.
import { searchWords } from '../../platform/text/search-text.ts';

export interface FeatureOptions {
  /** Shortest and longest character n-gram; [0, 0] turns them off. */
  ngram: readonly [number, number];
  words: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = { ngram: [1, 3], words: true };

/** Full-width letters and digits as half-width, lower case: ＡＢＣ１ and abc1 are the same. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The runs of letters and digits (CJK included) of a text, punctuation and spaces dropped. */
function runsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function characterNgrams(text: string, min: number, max: number): string[] {
  return ngramsOfNormalised(normaliseText(text), min, max);
}

/** Outside the BMP a character is two UTF-16 units: such runs are cut by code point. */
const SURROGATE = /[\uD800-\uDFFF]/;

function ngramsOfNormalised(normalised: string, min: number, max: number): string[] {
  const out: string[] = [];
  if (min < 1 || max < min) return out;
  for (const run of runsOf(normalised)) {
    if (!SURROGATE.test(run)) {
      for (let n = min; n <= max; n++) for (let i = 0; i + n <= run.length; i++) out.push(run.slice(i, i + n));
      continue;
    }
    const chars = [...run];
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** The distinct features of a text; words and n-grams are kept apart by a prefix. */
export function textFeatures(text: string, options: FeatureOptions = DEFAULT_FEATURES): string[] {
  const features = new Set<string>();
  const normalised = normaliseText(text);
  if (options.words) for (const word of searchWords(normalised)) features.add(`w:${word}`);
  for (const gram of ngramsOfNormalised(normalised, options.ngram[0], options.ngram[1])) features.add(`c:${gram}`);
  return [...features];
}
