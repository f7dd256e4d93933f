// A lock between processes on one machine, as a file holding the holder's pid: taken by creating
// the file exclusively, released by removing it, taken over when its holder is dead (a builder
// killed mid-way — the crash test kills servers — leaves its lock behind). Plain JavaScript: both
// `npm start`'s server build (scripts/server-build.mjs, before any TypeScript can run) and the web
// console's build (platform/http/web-build.ts) hold it. The server build copies it into build/.

import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `work` while holding `lockFile`, waiting up to `waitMs` for another holder (then throws,
 * naming `what` and the holder).
 */
export async function withLock(lockFile, work, { what, waitMs, pollMs }) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(lockFile, 'utf8'));
      } catch {
        continue; // released meanwhile
      }
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${what} by process ${holder} takes too long`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
