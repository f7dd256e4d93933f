// The node arguments `npm start` runs the server with (flags included, such as the heap cap), for
// whatever must start Concord exactly as a newcomer does: the benchmark, the crash test, the
// start-up and browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function startArguments(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`"npm start" runs ${program}; expected node with arguments`);
  return args;
}

export interface StartedConcord {
  child: ChildProcess;
  /** The address the process printed, with 127.0.0.1 for localhost. */
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
}

/**
 * Starts `node <args>` from the project root with `env` added, resolving once its output matches
 * `ready` (whose first group is the address it serves on).
 */
export function startChild(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 240_000,
): Promise<StartedConcord> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.replace('localhost', '127.0.0.1'), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Starts Concord in a child process exactly as `npm start` does (on PORT 0 at 127.0.0.1, plus
 * `env`), resolving once it prints that it is running.
 */
export function startConcord(
  env: Record<string, string>,
  timeoutMs = 240_000,
  /** Node flags put before npm start's own (the benchmark's `--cpu-prof`). */
  nodeFlags: string[] = [],
): Promise<StartedConcord> {
  return startChild(
    [...nodeFlags, ...startArguments()],
    { PORT: '0', HOST: '127.0.0.1', ...env },
    /is running: (http:\/\/\S+)/,
    timeoutMs,
  );
}

/** SIGTERM, then waits for the process to exit. */
export async function stopConcord(started: StartedConcord): Promise<void> {
  started.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => started.child.on('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}
