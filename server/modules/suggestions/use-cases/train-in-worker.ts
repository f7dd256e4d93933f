// Training runs in a worker thread with a heap of its own: the server's is capped (256 MB in
// `npm start`) and a 100k-case run peaks near 330 MB. The worker is given the cases, trains both
// models (train-targets.ts) and posts back their JSON with the evaluation; the server stores them.
// A worker that throws, runs out of memory or exits early rejects — the run is marked failed and
// the server, whose heap never held the training, keeps serving.
//
// Like the checkpointer (platform/db/checkpointer.ts) the worker is a small inline script. It
// imports the compiled train-targets.js when this module is compiled (`npm start` runs build/), and
// otherwise loads the TypeScript module through tsx's API, so it runs the same under tsx, under the
// test runner and from the build.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainedModels, TrainingInput } from './train-targets.ts';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
(workerData.tsxApi === null
  ? import(workerData.entry)
  : import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry)))
  .then((m) => m.trainTargets(workerData.cases))
  .then(
    (result) => parentPort.postMessage({ ok: true, result }),
    (error) => parentPort.postMessage({ ok: false, error: error && error.message ? error.message : String(error) }),
  );
`;

/** The worker's own old-generation heap, in MB (a 100k-case run needs ~330). */
export const TRAINING_HEAP_MB = 768;

export interface WorkerOptions {
  /** Overrides TRAINING_HEAP_MB (tests run a worker out of memory with a tiny one). */
  heapMb?: number;
}

export function trainInWorker(cases: readonly TrainingInput[], options: WorkerOptions = {}): Promise<TrainedModels> {
  const compiled = import.meta.url.endsWith('.js');
  // tsx's ES-module API (the package's `import` condition; `require` would give its CommonJS build).
  const tsxApi = compiled
    ? null
    : pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'))
        .href;
  const entry = new URL(compiled ? './train-targets.js' : './train-targets.ts', import.meta.url).href;
  return new Promise<TrainedModels>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const worker = new Worker(WORKER, {
      eval: true,
      // The server's own flags (its 256 MB cap among them) are not the worker's.
      execArgv: [],
      workerData: { tsxApi, entry, cases },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? TRAINING_HEAP_MB },
    });
    worker.once('message', (message: { ok: true; result: TrainedModels } | { ok: false; error: string }) => {
      settle(() => (message.ok ? resolve(message.result) : reject(new Error(message.error))));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          outOfMemory
            ? new Error(`training ran out of memory (heap limit ${options.heapMb ?? TRAINING_HEAP_MB} MB)`)
            : error,
        ),
      );
    });
    worker.once('exit', (code) => {
      settle(() => reject(new Error(`the training worker stopped (exit code ${code}) before it answered`)));
    });
  });
}
