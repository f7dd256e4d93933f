// The suggester's learner on its own: what it reads in a text, how it splits examples into folds,
// and that what it learns predicts, calibrates and survives being stored as JSON.
import { describe, expect, it } from 'vitest';
import { characterNgrams, textFeatures } from './text-features.ts';
import {
  ClassifierInputError,
  TextClassifier,
  crossValidate,
  scoreEvaluation,
  stratifiedFolds,
  trainClassifier,
  type TextClassifierModel,
} from './classifier.ts';
import { generateCitizenMessages } from '../../../test/fixtures/classify/generate-citizen-messages.ts';

describe('text features', () => {
  it('cuts Chinese into jieba words and 1–3 character n-grams, punctuation dropped', () => {
    const features = textFeatures('拖欠工资！');
    expect(features).toContain('w:拖欠');
    expect(features).toContain('w:工资');
    expect(features).toContain('c:欠工资');
    expect(features).toContain('c:资');
    expect(features.some((f) => f.includes('！'))).toBe(false);
  });

  it('keeps n-grams within a run of letters and digits and reads full-width as half-width', () => {
    expect(characterNgrams('物业，ＡＢ', 1, 2)).toEqual(['物', '业', '物业', 'a', 'b', 'ab']);
  });

  it('still shares n-grams with the right word when a character is misspelt', () => {
    const right = new Set(textFeatures('小区物业不维修电梯'));
    const typo = textFeatures('小区务业不维修电梯');
    expect(typo.filter((f) => f.startsWith('c:') && right.has(f)).length).toBeGreaterThan(10);
  });

  it('counts a feature once per text', () => {
    const features = textFeatures('噪音噪音噪音');
    expect(features.length).toBe(new Set(features).size);
  });
});

describe('stratifiedFolds', () => {
  it('deals each label evenly over the folds, reproducibly', () => {
    const labels: string[] = [
      ...Array<string>(23).fill('a'),
      ...Array<string>(7).fill('b'),
      ...Array<string>(5).fill('c'),
    ];
    const folds = stratifiedFolds(labels, 5);
    for (const label of ['a', 'b', 'c']) {
      const counts = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === label && counts[folds[i]!]!++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(labels, 5)).toEqual(folds);
  });
});

describe('scoreEvaluation', () => {
  it('computes precision, recall and F1 per label and their macro average', () => {
    const result = scoreEvaluation(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], 2);
    const [a, b] = result.labels;
    expect(a).toMatchObject({ label: 'a', precision: 1, recall: 0.5 });
    expect(b).toMatchObject({ label: 'b', precision: 2 / 3, recall: 1 });
    expect(result.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(result.accuracy).toBe(0.75);
  });
});

describe('trainClassifier', () => {
  const examples = generateCitizenMessages(20);

  it('predicts the matter of a message it never saw, with a confidence that ranks it first', async () => {
    const classifier = new TextClassifier(await trainClassifier(examples));
    const [best, second] = classifier.predict('老板拖欠了我们三个月的工资，一直不发，要求帮忙讨薪', 3);
    expect(best!.label).toBe('wages');
    expect(best!.confidence).toBeGreaterThan(second!.confidence);
    const all = classifier.predict('楼上邻居半夜噪音很大');
    expect(all.reduce((s, p) => s + p.confidence, 0)).toBeCloseTo(1, 9);
    expect(all[0]!.label).toBe('neighbour');
  });

  it('is not certain of everything: an unrelated text gets no confident answer', async () => {
    const classifier = new TextClassifier(await trainClassifier(examples));
    const [best] = classifier.predict('今天天气不错', 1);
    expect(best!.confidence).toBeLessThan(0.6);
  });

  it('gives the same predictions after a round trip through JSON', async () => {
    const model = await trainClassifier(examples);
    const copy = new TextClassifier(JSON.parse(JSON.stringify(model)) as TextClassifierModel);
    const text = '医院手术后感染，医院不承担责任';
    expect(copy.predict(text, 3)).toEqual(new TextClassifier(model).predict(text, 3));
    expect(model).toMatchObject({ format: 'concord-text-classifier', version: 1, examples: examples.length });
  });

  it('scores as naive Bayes does, feature by feature and label by label, up to a constant per text', async () => {
    for (const algorithm of ['complement-nb', 'multinomial-nb'] as const) {
      const model = await trainClassifier(examples, { algorithm, calibrate: false });
      const classifier = new TextClassifier(model);
      const [, samples, count, perLabel, vocabulary] = model.learnings;
      const labels = Object.keys(samples);
      const alpha = model.smoothing;
      const v = vocabulary.length;
      const allFeatures = labels.reduce((s, l) => s + (perLabel[l] ?? 0), 0);
      const allSamples = labels.reduce((s, l) => s + samples[l]!, 0);
      const known = new Set(vocabulary);
      // The textbook weights (Rennie et al. 2003 for the complement), one feature at a time.
      const naive = (features: string[]) =>
        labels.map((label) => {
          const own = (f: string) => count[label]?.[f] ?? 0;
          const total = (f: string) => labels.reduce((s, l) => s + (count[l]?.[f] ?? 0), 0);
          let score = algorithm === 'complement-nb' ? 0 : Math.log(samples[label]! / allSamples);
          for (const f of features.filter((f) => known.has(f))) {
            score +=
              algorithm === 'complement-nb'
                ? Math.log(allFeatures - (perLabel[label] ?? 0) + alpha * v) - Math.log(total(f) - own(f) + alpha)
                : Math.log(own(f) + alpha) - Math.log((perLabel[label] ?? 0) + alpha * v);
          }
          return score;
        });
      for (const text of ['楼上邻居半夜噪音很大', '老板拖欠了我们三个月的工资', '今天天气不错', '']) {
        const features = textFeatures(text);
        const expected = naive(features);
        const scores = [...classifier.scoresOf(features)];
        const shift = scores[0]! - expected[0]!;
        scores.forEach((score, i) => expect(score - shift).toBeCloseTo(expected[i]!, 8));
      }
    }
  });

  it('refuses one label and a model that is not one', async () => {
    await expect(trainClassifier([{ text: '噪音扰民', label: 'a' }])).rejects.toThrow(ClassifierInputError);
    expect(() => new TextClassifier({ format: 'other' } as never)).toThrow(/not a Concord text classifier/);
  });
});

describe('crossValidate', () => {
  it('reaches a high macro-F1 on the generated citizen messages', async () => {
    const result = await crossValidate(generateCitizenMessages(15), 5);
    expect(result.labels).toHaveLength(8);
    expect(result.macroF1).toBeGreaterThan(0.85);
  });

  it('names the labels with fewer examples than folds', async () => {
    const examples = [
      ...generateCitizenMessages(5).filter((e) => e.label !== 'land'),
      { text: '村里宅基地纠纷', label: 'land' },
    ];
    await expect(crossValidate(examples, 5)).rejects.toThrow(/"land" \(1\)/);
  });
});
