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
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
}

/**
 * Starts Concord in a child process exactly as `npm start` does (on PORT 0 at 127.0.0.1, plus
 * `env`), resolving once it prints that it is running.
 */
export function startConcord(env: Record<string, string>, timeoutMs = 240_000): Promise<StartedConcord> {
  const child = spawn(process.execPath, startArguments(), {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /is running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.replace('localhost', '127.0.0.1'), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** SIGTERM, then waits for the process to exit. */
export async function stopConcord(started: StartedConcord): Promise<void> {
  started.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => started.child.on('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}
