// `npm start` runs the server compiled (scripts/server-build.mjs, ADR 0043). On a copy of server/ and
// common/: the first start compiles every file (and copies the plain .mjs) with its relative imports
// pointing at files that exist, the next start reuses the build, an edited or deleted source makes a
// new one, two processes starting at once build once, and no compiler process outlives the build.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../scripts/server-build.mjs';

const repo = path.resolve(import.meta.dirname, '..');
const build = (root: string) => ensureServerBuild(root);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.js') || entry.name.endsWith('.mjs')))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the compiled server of npm start', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'concord-build-'));
    for (const dir of ['server', 'common']) cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compiles every source once, with .js imports, and reuses the build until a source changes', async () => {
    const compiled = await build(root);
    const out = path.join(root, 'build');
    const files = jsFiles(out);
    expect(compiled).toBe(files.length);
    expect(files.length).toBeGreaterThan(300);
    expect(existsSync(path.join(out, 'server', 'main.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('.test.js'))).toBe(false);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      // No relative import still names a TypeScript file, and each one it names exists.
      expect(code, file).not.toMatch(/from\s*"\.{1,2}\/[^"]*\.ts"|import\s*\(?\s*"\.{1,2}\/[^"]*\.ts"/);
      for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
        expect(existsSync(path.resolve(path.dirname(file), spec!)), `${file} imports ${spec}`).toBe(true);
      }
    }
    expect(await build(root)).toBeNull();

    const edited = path.join(root, 'server', 'platform', 'paths.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nexport const editedForTest = 42;\n`);
    expect(await build(root)).toBe(files.length);
    expect(readFileSync(path.join(out, 'server', 'platform', 'paths.js'), 'utf8')).toContain('editedForTest = 42');

    const removed = path.join('server', 'platform', 'paths.ts');
    unlinkSync(path.join(root, removed));
    expect(await build(root)).toBe(files.length - 1);
    expect(existsSync(path.join(out, 'server', 'platform', 'paths.js'))).toBe(false);
  }, 60_000);

  it('leaves no compiler process running beside the server once built', async () => {
    rmSync(path.join(root, 'build'), { recursive: true, force: true });
    // The process goes on as the server would; its children are read after the build.
    const script = `import { readFileSync } from 'node:fs';
      import { ensureServerBuild } from ${JSON.stringify(path.join(repo, 'scripts', 'server-build.mjs'))};
      const compiled = await ensureServerBuild(${JSON.stringify(root)});
      // A stopped child takes a moment to be reaped: up to 2 s.
      const childrenNow = () => readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim();
      for (let i = 0; i < 40 && childrenNow() !== ''; i++) await new Promise((r) => setTimeout(r, 50));
      process.stdout.write(JSON.stringify({ compiled, children: childrenNow() }));`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    const { compiled, children } = JSON.parse(out) as { compiled: number; children: string };
    expect(compiled).toBeGreaterThan(300);
    expect(children).toBe('');
  }, 60_000);

  it('builds once when two processes start at the same moment', async () => {
    rmSync(path.join(root, 'build'), { recursive: true, force: true });
    const script = `import { ensureServerBuild } from ${JSON.stringify(path.join(repo, 'scripts', 'server-build.mjs'))};
      process.stdout.write(String(await ensureServerBuild(${JSON.stringify(root)})));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const results = await Promise.all([run(), run()]);
    // One compiled every file; the other waited for the lock and found the build current.
    expect(results.filter((r) => r === 'null')).toHaveLength(1);
    expect(results.filter((r) => Number(r) > 300)).toHaveLength(1);
    expect(existsSync(path.join(root, '.build.lock'))).toBe(false);
    expect(readdirSync(root).filter((name) => name.startsWith('.build-'))).toEqual([]);
  }, 60_000);
});
