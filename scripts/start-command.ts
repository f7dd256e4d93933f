// The node arguments `npm start` runs the server with (flags included, such as the heap cap), for
// whatever must start Concord exactly as a newcomer does: the benchmark, the crash test, the
// start-up and browser tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function startArguments(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`"npm start" runs ${program}; expected node with arguments`);
  return args;
}
