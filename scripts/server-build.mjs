// Compiles the server for `npm start` (scripts/start.mjs, ADR 0043): the TypeScript of server/ and
// common/ is transformed file by file with esbuild into build/ (same layout; relative `.ts` imports
// become `.js`) when build/ is missing or its sources changed.
//
// Plain JavaScript, so that node runs it without a loader. Several processes may start at once
// (browser tests, the crash loop, node:cluster's workers): one builds under a lock file while the
// others wait, into a fresh directory that then replaces build/ by renaming, so a starting process
// never imports a half-written tree.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withLock } from '../server/platform/lock-file.mjs';

const SOURCE_DIRS = ['server', 'common'];
/** Written last into a build: the fingerprint of the sources it was made from. */
const STAMP = '.sources';

/** Every TypeScript file the server runs (tests excluded) and its plain JavaScript, relative to the root. */
function sources(root) {
  const files = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      const source = entry.name.endsWith('.mjs') || (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'));
      if (!entry.isFile() || !source) continue;
      files.push(path.relative(root, path.join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}

/** The files' paths, sizes and modification times: any change makes a new build. */
function fingerprint(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const info = statSync(path.join(root, file));
    hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function current(root, print) {
  try {
    return readFileSync(path.join(root, 'build', STAMP), 'utf8') === print;
  } catch {
    return false;
  }
}

/** A relative import of a `.ts` file, static or dynamic, as esbuild prints it. */
const TS_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)"(\.{1,2}\/[^"]*?)\.ts"/g;

async function build(root, files, print) {
  const { transform, stop } = await import('esbuild');
  const fresh = path.join(root, `.build-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  // esbuild's service transforms the files in parallel. It is a child process that would otherwise
  // live as long as the server (~105 MB resident beside it after every start that compiled).
  try {
    await Promise.all(
      files.map(async (file) => {
        const source = readFileSync(path.join(root, file), 'utf8');
        if (file.endsWith('.mjs')) {
          // Plain JavaScript (platform/lock-file.mjs) is copied as it is.
          const out = path.join(fresh, file);
          mkdirSync(path.dirname(out), { recursive: true });
          writeFileSync(out, source);
          return;
        }
        const { code } = await transform(source, {
          loader: 'ts',
          format: 'esm',
          target: 'node20',
          sourcefile: file,
        });
        const out = path.join(fresh, file.replace(/\.ts$/, '.js'));
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, code.replace(TS_IMPORT, '$1"$2.js"'));
      }),
    );
  } finally {
    await stop();
  }
  writeFileSync(path.join(fresh, STAMP), print);
  const target = path.join(root, 'build');
  const old = path.join(root, `.build-old-${process.pid}`);
  if (existsSync(target)) renameSync(target, old);
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Makes `<root>/build` current for the sources under `<root>/server` and `<root>/common`. Returns
 * how many files were compiled, or null when the build was current (or another process made it
 * while this one waited for the lock).
 */
export async function ensureServerBuild(root) {
  const files = sources(root);
  // This file's own size and time are part of the fingerprint: a change in how it builds rebuilds.
  const print = fingerprint(root, files) + fingerprint(import.meta.dirname, ['server-build.mjs']);
  if (current(root, print)) return null;
  return withLock(
    path.join(root, '.build.lock'),
    async () => {
      if (current(root, print)) return null;
      await build(root, files, print);
      return files.length;
    },
    { what: 'the server build', waitMs: 5 * 60_000, pollMs: 200 },
  );
}
