// The lock between processes that `npm start`'s server build and the web console's build hold
// (server/platform/lock-file.mjs): processes started at the same moment take turns, also when a
// dead process's lock is in the way, and a lock held by a live process is waited for, never taken
// — a live process being the pid and start the lock names, not a later process under the same pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const lockModule = path.resolve(import.meta.dirname, '..', 'server', 'platform', 'lock-file.mjs');

/** A process that holds the lock for `holdMs`, writing when it enters and leaves to `log`. */
function contender(dir: string, holdMs: number, waitMs = 30_000): Promise<{ code: number | null; stderr: string }> {
  const script = `import { appendFileSync } from 'node:fs';
    import { withLock } from ${JSON.stringify(lockModule)};
    const log = ${JSON.stringify(path.join(dir, 'log'))};
    await withLock(${JSON.stringify(path.join(dir, '.build.lock'))}, async () => {
      appendFileSync(log, process.pid + ' in\\n');
      await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
      appendFileSync(log, process.pid + ' out\\n');
    }, { what: 'the test build', waitMs: ${waitMs}, pollMs: 5 });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** The pid of a process that has exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

/** Each holder entered and left before the next entered. */
function expectTurns(dir: string, processes: number) {
  const lines = readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(2 * processes);
  for (let i = 0; i < lines.length; i += 2) {
    const [pid, what] = lines[i]!.split(' ');
    expect(what, lines.join('\n')).toBe('in');
    expect(lines[i + 1], lines.join('\n')).toBe(`${pid} out`);
  }
  expect(new Set(lines.map((line) => line.split(' ')[0])).size).toBe(processes);
  // Released, and nothing of the taking left beside it.
  expect(readdirSync(dir).filter((name) => name !== 'log')).toEqual([]);
}

describe('the lock file of the builds', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'concord-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets eight processes started at the same moment in one at a time', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => contender(dir, 20)));
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    expectTurns(dir, 8);
  }, 60_000);

  it('takes over a dead process’s lock for one of them only, then the rest take turns', async () => {
    for (let round = 0; round < 3; round++) {
      rmSync(path.join(dir, 'log'), { force: true });
      writeFileSync(path.join(dir, '.build.lock'), String(await deadPid()));
      const results = await Promise.all(Array.from({ length: 8 }, () => contender(dir, 20)));
      expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
      expectTurns(dir, 8);
    }
  }, 60_000);

  it('takes over a lock file left empty by a crash', async () => {
    writeFileSync(path.join(dir, '.build.lock'), '');
    expect((await contender(dir, 0)).code).toBe(0);
    expectTurns(dir, 1);
  }, 30_000);

  it('takes over a lock naming a live pid that started after the holder (a restarted container’s)', async () => {
    // This test's own pid, as a process that started at tick 1 would have named it.
    writeFileSync(path.join(dir, '.build.lock'), `${process.pid} 1`);
    expect((await contender(dir, 0)).code).toBe(0);
    expectTurns(dir, 1);
  }, 30_000);

  it('names its holder by pid and start, and waits for a holder so named', async () => {
    // What a holder writes: its pid, and its start in clock ticks (USER_HZ, 100 a second on Linux)
    // since boot, which with the boot time is when Node says the process began. Its command name
    // (/proc's second field) holds spaces and parentheses.
    const script = `import { readFileSync } from 'node:fs';
      process.title = 'x) (y z';
      import { withLock } from ${JSON.stringify(lockModule)};
      const lock = ${JSON.stringify(path.join(dir, '.build.lock'))};
      await withLock(lock, async () => {
        const boot = Number(/btime (\\d+)/.exec(readFileSync('/proc/stat', 'utf8'))[1]);
        process.stdout.write(JSON.stringify({ lock: readFileSync(lock, 'utf8'), pid: process.pid, boot, began: performance.timeOrigin / 1000 }));
      }, { what: 'the test build', waitMs: 1000, pollMs: 5 });`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (exit) => (exit === 0 ? resolve(text) : reject(new Error(`exit ${exit}`))));
    });
    const { lock, pid, boot, began } = JSON.parse(out) as { lock: string; pid: number; boot: number; began: number };
    const [named, ticks] = lock.split(' ');
    expect(named).toBe(String(pid));
    expect(ticks).toMatch(/^[0-9]+$/);
    expect(Math.abs(boot + Number(ticks) / 100 - began)).toBeLessThan(3);

    // A lock naming this test's process, as it names itself, is waited for.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    writeFileSync(
      path.join(dir, '.build.lock'),
      `${process.pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`,
    );
    const { code, stderr } = await contender(dir, 0, 300);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`the test build by process ${process.pid} takes too long`);
  }, 30_000);

  it('removes a takeover lock left by a process killed under it once it is old, and not before', async () => {
    writeFileSync(path.join(dir, '.build.lock'), String(await deadPid()));
    const guard = path.join(dir, '.build.lock.takeover');
    writeFileSync(guard, String(await deadPid()));
    // Young: another waiter may have just taken it in the place of a leftover one.
    const early = await contender(dir, 0, 500);
    expect(early.code).not.toBe(0);
    expect(early.stderr).toContain('left by a stopped process could not be taken over');
    expect(existsSync(guard)).toBe(true);
    // A minute old: left behind; eight waiters remove it and the dead holder's lock, and take turns.
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(guard, minuteAgo, minuteAgo);
    const results = await Promise.all(Array.from({ length: 8 }, () => contender(dir, 20)));
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    expectTurns(dir, 8);
  }, 60_000);

  it('waits for a live holder and, past the wait, says who holds it without taking it', async () => {
    writeFileSync(path.join(dir, '.build.lock'), String(process.pid));
    const { code, stderr } = await contender(dir, 0, 300);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`the test build by process ${process.pid} takes too long`);
    expect(existsSync(path.join(dir, 'log'))).toBe(false);
    expect(readFileSync(path.join(dir, '.build.lock'), 'utf8')).toBe(String(process.pid));
  }, 30_000);
});
