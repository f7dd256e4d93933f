// Training time of the suggester at scale (issue 17: "trains on 100 k cases in minutes"): the demo
// generator's report texts (server/demo/demo-case-texts.ts — templates, so far easier than real
// reports) with their categories, trained as the nightly run trains (featurise, calibrate, learn),
// then the k-fold evaluation on the stratified sample the run uses. No database: this measures the
// learner. `npx tsx bench/suggest-train.ts [cases]`.
import { readFileSync } from 'node:fs';
import { TEMPLATES, fill, generator } from '../server/demo/demo-case-texts.ts';
import { crossValidate, featurise, trainFeaturised, TextClassifier } from '../server/modules/suggestions/classifier.ts';
import { EVALUATION_FOLDS, EVALUATION_SAMPLE } from '../server/modules/suggestions/use-cases/train-targets.ts';

const count = Number(process.argv[2] ?? 100_000);
const categories = (
  JSON.parse(readFileSync(new URL('../data/categories.json', import.meta.url), 'utf8')) as {
    groups: { items: { code: string; name: string }[] }[];
  }
).groups.flatMap((g) => g.items);
const names = new Map(categories.map((c) => [c.code, c.name]));
const rnd = generator(20_201_902);
const codes = Object.keys(TEMPLATES);
const examples = Array.from({ length: count }, () => {
  const code = rnd.pick(codes);
  return { text: `${names.get(code) ?? code}\n${fill(rnd.pick(TEMPLATES[code]!), rnd)}`, label: code };
});

const t0 = performance.now();
const featurised = await featurise(examples);
const t1 = performance.now();
const model = await trainFeaturised(featurised);
const t2 = performance.now();
const sample = featurised.slice(0, EVALUATION_SAMPLE);
const evaluation = await crossValidate(examples.slice(0, EVALUATION_SAMPLE), EVALUATION_FOLDS, {}, sample);
const t3 = performance.now();
const classifier = new TextClassifier(model);
const probe = '楼上邻居每天深夜在家跺脚拖动家具，多次沟通无果，双方发生争吵，请求社区调解';
const runs = 2000;
const t4 = performance.now();
for (let i = 0; i < runs; i++) classifier.predict(probe, 3);
const perPredict = (performance.now() - t4) / runs;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  JSON.stringify(
    {
      cases: count,
      labels: codes.length,
      featurise: s(t1 - t0),
      train: s(t2 - t1),
      evaluate: `${s(t3 - t2)} (${EVALUATION_FOLDS}-fold on ${sample.length})`,
      total: s(t3 - t0),
      macroF1: evaluation.macroF1.toFixed(3),
      modelJsonMB: (JSON.stringify(model).length / 1e6).toFixed(1),
      predictMs: perPredict.toFixed(2),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    },
    null,
    2,
  ),
);
