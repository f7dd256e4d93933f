// WAL checkpoints off the request path. SQLite copies the write-ahead log back into the database
// file (and syncs it) on the COMMIT that crosses `wal_autocheckpoint` pages — in Concord, inside
// whichever request committed then, on the one thread that serves every request. A worker thread
// with its own connection checkpoints instead, every few hundred milliseconds, in PASSIVE mode:
// it never waits for or blocks a writer. The app's connection keeps a high automatic threshold
// as a safety net should the worker fall behind.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next round retries */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs } });
  // A failed worker only means checkpoints fall back to the app's own threshold.
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: () => {
      // Held until the worker's last checkpoint is done and its connection closed.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
