// The nightly run's memory at scale, the server's way (issue 17): under `npm start`'s 256 MB heap
// cap, 100k demo-generator texts (categories and lead units) are handed to the training worker
// (its own 768 MB heap), which trains both models with their evaluation; the server side's heap
// and the process's RSS are sampled throughout.
// `node --max-old-space-size=256 --import tsx bench/suggest-train-worker.ts [cases]`.
import { TEMPLATES, fill, generator } from '../server/demo/demo-case-texts.ts';
import { trainInWorker } from '../server/modules/suggestions/use-cases/train-in-worker.ts';

const count = Number(process.argv[2] ?? 100_000);
const rnd = generator(20_201_902);
const codes = Object.keys(TEMPLATES);
const cases = Array.from({ length: count }, () => {
  const code = rnd.pick(codes);
  return { text: fill(rnd.pick(TEMPLATES[code]!), rnd), categoryCode: code, finalLeadUnitId: rnd.int(1, 30) };
});

let heapPeak = 0;
let rssPeak = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  heapPeak = Math.max(heapPeak, m.heapUsed);
  rssPeak = Math.max(rssPeak, m.rss);
}, 200);
const t0 = performance.now();
const { category, leadUnit } = await trainInWorker(cases);
clearInterval(sampler);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log({
  cases: count,
  seconds: ((performance.now() - t0) / 1000).toFixed(0),
  serverHeapPeak: mb(heapPeak),
  processRssPeak: mb(rssPeak),
  categoryF1: category.summary.evaluation?.macroF1,
  leadUnitF1: leadUnit.summary.evaluation?.macroF1,
  modelJson: mb((category.modelJson?.length ?? 0) + (leadUnit.modelJson?.length ?? 0)),
});
