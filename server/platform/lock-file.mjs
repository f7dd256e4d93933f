// A lock between processes on one machine, as a file naming its holder (pid and start): taken by
// creating the file exclusively, released by removing it, taken over when its holder is dead (a
// builder killed mid-way — the crash test kills servers — leaves its lock behind). Plain
// JavaScript: both `npm start`'s server build (scripts/server-build.mjs, before any TypeScript can
// run) and the web console's build (platform/http/web-build.ts) hold it. The server build copies
// it into build/.
//
// Two windows are closed here (the landing CI of stop 34 had two processes both build):
// - The lock file never exists half-written. The holder goes into a file of this process's own,
//   which is then hard-linked to the lock's name; the link fails when the name exists. (Created
//   empty and then written, a waiter reading in between found no pid, took the lock for a dead
//   holder's and removed it while its holder worked.)
// - A dead holder's lock is removed by one waiter at a time, under a second lock (`.takeover`),
//   which reads the holder again first: two waiters that both saw the dead holder cannot have the
//   second remove the lock the first has just taken. Nothing under the takeover lock waits, so it
//   is left behind only by a process killed within those few statements; it is then removed once
//   its holder is gone and it is 10 s old, without a guard of its own.

import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';

/**
 * The takeover lock is held for a few statements: one this old whose holder is gone was left by a
 * process killed under it. (Removed sooner, a waiter that read it could remove the one another
 * waiter has just taken in its place.)
 */
const LEFTOVER_GUARD_MS = 10_000;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * When a process started, in clock ticks since boot (/proc/<pid>/stat's 22nd field), or null where
 * there is no /proc. A lock names its holder by pid and start: a container restarted after a crash
 * mid-build runs its new server under the same small pid, which must not find itself holding the
 * lock its predecessor left (it would wait the whole wait and fail to start).
 */
function startOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and parentheses; state is
    // field 3. Anything but a number (an emulated /proc) is no start at all.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start !== undefined && /^[0-9]+$/.test(start) ? start : null;
  } catch {
    return null;
  }
}

/** This process as a lock names it: its pid, and its start where known. */
function identity() {
  const start = startOf(process.pid);
  return start === null ? String(process.pid) : `${process.pid} ${start}`;
}

/** The holder a lock file names ({ pid, start }); NaN when it names none, null when it is gone. */
function holderOf(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  const match = /^([1-9][0-9]*)(?: ([0-9]+))?$/.exec(text);
  return match ? { pid: Number(match[1]), start: match[2] ?? null } : NaN;
}

/** Creates `file` naming this process, whole, or returns false when it exists. */
function tryCreate(file) {
  const mine = `${file}.${process.pid}`;
  const fd = openSync(mine, 'w');
  try {
    writeSync(fd, identity());
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(mine, file);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * No live process holds the file: it names none (a crash left it), a dead process, or a process
 * that started after the holder (its pid reused).
 */
function abandoned(holder) {
  if (holder === null) return false;
  if (Number.isNaN(holder) || !alive(holder.pid)) return true;
  const start = holder.start === null ? null : startOf(holder.pid);
  return start !== null && start !== holder.start;
}

/** How long ago the file was last written, in ms; 0 when it is gone. */
function ageMs(file) {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Removes `lockFile` if its holder is dead, as the one waiter holding the takeover lock. Returns
 * false when another waiter holds that (the caller waits and looks again).
 */
function removeAbandoned(lockFile) {
  const guard = `${lockFile}.takeover`;
  if (!tryCreate(guard)) {
    if (abandoned(holderOf(guard)) && ageMs(guard) > LEFTOVER_GUARD_MS) rmSync(guard, { force: true });
    return false;
  }
  try {
    // Under the guard only a live holder's release can change the file, and a dead one cannot.
    if (abandoned(holderOf(lockFile))) rmSync(lockFile, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/**
 * Runs `work` while holding `lockFile`, waiting up to `waitMs` for another holder (then throws,
 * naming `what` and the holder). Not re-entrant: a process that holds a lock and asks for it again
 * waits for itself.
 */
export async function withLock(lockFile, work, { what, waitMs, pollMs }) {
  const deadline = Date.now() + waitMs;
  while (!tryCreate(lockFile)) {
    const holder = holderOf(lockFile);
    if (holder === null) continue; // released meanwhile: take it
    if (abandoned(holder) && removeAbandoned(lockFile)) continue;
    if (Date.now() > deadline) {
      throw new Error(
        Number.isNaN(holder) || abandoned(holder)
          ? `${what}: the lock ${lockFile} left by a stopped process could not be taken over`
          : `${what} by process ${holder.pid} takes too long`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
