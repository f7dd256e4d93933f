// Builds the web console at start when web/dist is missing or older than its sources, so that
// `npm start` on a fresh clone serves it. Several processes may start at once (tests, a crash
// loop): one builds under a lock file while the others wait, and the new build replaces the old
// one by renaming, so a running server never serves a half-written directory. The build's text
// files are compressed once here (brotli and gzip beside each), so that a county's two-core
// server never compresses a file per request.
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { withLock } from '../lock-file.mjs';

/** Written last into a build whose files are compressed; a build without it is made again. */
export const PRECOMPRESSED_MARKER = '.precompressed';
/** Text worth compressing; images and fonts are compressed formats already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);
/** Below this a compressed copy saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Writes `<file>.br` (brotli, best) and `<file>.gz` (gzip, best) beside every text file of a build
 * that is worth it, keeping only copies smaller than the file, then the marker. Run on a build
 * before it is moved into place: nothing serves the directory meanwhile.
 */
export async function precompressBuild(dir: string): Promise<void> {
  const files = filesUnder(dir).filter((file) => COMPRESSIBLE.has(path.extname(file).toLowerCase()));
  for (const file of files) {
    const bytes = await readFile(file);
    if (bytes.length < MIN_COMPRESS_BYTES) continue;
    const [br, gz] = await Promise.all([
      brotli(bytes, {
        params: {
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
          [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
      gzipAsync(bytes, { level: zlib.Z_BEST_COMPRESSION }),
    ]);
    if (br.length < bytes.length) await writeFile(`${file}.br`, br);
    if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
  }
  writeFileSync(path.join(dir, PRECOMPRESSED_MARKER), '');
}

/** What the client is built from; a newer file than the build's index.html makes it stale. */
function newestSource(webDir: string): number {
  const repo = path.dirname(webDir);
  const roots = [
    path.join(webDir, 'src'),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.ts'),
    path.join(repo, 'common'),
    path.join(repo, 'package-lock.json'),
  ];
  let newest = 0;
  const visit = (p: string) => {
    let info;
    try {
      info = statSync(p);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const root of roots) visit(root);
  return newest;
}

/** Why the build must be made again, or null when it is current. */
export function webBuildStaleness(webDir: string): 'missing' | 'stale' | null {
  const index = path.join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return 'missing';
  // A build from before precompression is made again once, compressed this time.
  if (!existsSync(path.join(webDir, 'dist', PRECOMPRESSED_MARKER))) return 'stale';
  return statSync(index).mtimeMs < newestSource(webDir) ? 'stale' : null;
}

/**
 * Makes web/dist current. Returns how long the build took, or null when none was needed.
 * `log` tells the operator why start-up pauses.
 */
export async function ensureWebBuild(webDir: string, log: (line: string) => void): Promise<number | null> {
  if (webBuildStaleness(webDir) === null) return null;
  return withLock(path.join(webDir, '.build.lock'), buildWeb, {
    what: 'the web console build',
    waitMs: 10 * 60_000,
    pollMs: 500,
  });

  async function buildWeb(): Promise<number | null> {
    const reason = webBuildStaleness(webDir);
    if (reason === null) return null; // another process built it while this one waited
    log(
      reason === 'missing'
        ? '正在构建网页客户端 / building the web console (web/dist is missing)…'
        : '正在重新构建网页客户端 / rebuilding the web console (its sources changed, or it is not yet compressed)…',
    );
    const started = Date.now();
    for (const name of readdirSync(webDir)) {
      if (name.startsWith('.dist-')) rmSync(path.join(webDir, name), { recursive: true, force: true });
    }
    const fresh = path.join(webDir, `.dist-build-${process.pid}`);
    const { build } = await import('vite');
    // Vite takes the bundle's NODE_ENV from the environment when set: a server started by the test
    // runner (NODE_ENV=test) would otherwise ship React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.join(webDir, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: fresh, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    await precompressBuild(fresh);
    const dist = path.join(webDir, 'dist');
    const old = path.join(webDir, `.dist-old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(fresh, dist);
    rmSync(old, { recursive: true, force: true });
    return Date.now() - started;
  }
}
