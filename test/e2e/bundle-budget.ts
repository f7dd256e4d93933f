// The web console's JavaScript budget: all chunks together, gzipped, must stay under 1.5 MB, and
// the pages must be split into chunks of their own (React.lazy per route). The residents' page
// (/m) has a budget of its own for what a phone downloads before its first screen: the entry
// (which holds the residents' page) with everything it imports statically, followed through the
// build's manifest (a size check; bench/page-weight.ts measures the same in a browser).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 1.5 * 1024 * 1024;
/** Issue 14: the /m first screen within 200 KB of compressed JavaScript. */
export const RESIDENT_BUDGET_BYTES = 200 * 1024;
/** The console's application (a key of the manifest): main.tsx imports it lazily, never for /m. */
export const CONSOLE_MODULE = 'src/app/app.tsx';

export interface BundleReport {
  files: { name: string; gzipped: number }[];
  totalGzipped: number;
  entry: string;
  /** React's production build (its minified errors point to the decoder page). */
  reactProduction: boolean;
}

export function measureBundle(distDir: string): BundleReport {
  const assets = path.join(distDir, 'assets');
  const names = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const sources = new Map(names.map((name) => [name, readFileSync(path.join(assets, name))]));
  const files = names
    .map((name) => ({ name, gzipped: gzipSync(sources.get(name)!, { level: 9 }).length }))
    .sort((a, b) => b.gzipped - a.gzipped);
  const text = [...sources.values()].map((b) => b.toString('utf8')).join('\n');
  const reactProduction = text.includes('error-decoder') && !text.includes('The above error occurred');
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(html)?.[1] ?? '';
  return { files, totalGzipped: files.reduce((sum, f) => sum + f.gzipped, 0), entry, reactProduction };
}

export function describeBundle(report: BundleReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    `web console JavaScript: ${kb(report.totalGzipped)} gzipped in ${report.files.length} chunks (budget ${kb(BUDGET_BYTES)})`,
    ...report.files.slice(0, 5).map((f) => `  ${f.name}: ${kb(f.gzipped)}`),
  ].join('\n');
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface FirstScreenReport {
  /** Every script the first screen needs: its name and gzipped size. */
  scripts: { name: string; gzipped: number }[];
  totalGzipped: number;
  /** Chunks that are only imported lazily from the first screen (not counted). */
  lazy: string[];
}

/**
 * What /m loads before its first screen: the entry of index.html (main.tsx with the residents'
 * page) and everything it imports statically, the chunks index.html preloads. The console is a
 * dynamic import of the entry that /m never makes; it must not be among them.
 */
export function measureResidentFirstScreen(distDir: string): FirstScreenReport {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the manifest names no entry');
  if (!manifest[entry]!.dynamicImports?.includes(CONSOLE_MODULE)) {
    throw new Error(`the entry does not load ${CONSOLE_MODULE} lazily`);
  }
  const needed = new Set<string>();
  const follow = (key: string) => {
    if (needed.has(key)) return;
    needed.add(key);
    for (const next of manifest[key]?.imports ?? []) follow(next);
  };
  follow(entry);
  if (needed.has(CONSOLE_MODULE)) throw new Error(`${CONSOLE_MODULE} is loaded with the entry`);
  const lazy = new Set<string>();
  for (const key of needed) {
    for (const next of manifest[key]!.dynamicImports ?? []) if (!needed.has(next)) lazy.add(manifest[next]!.file);
  }
  const scripts = [...needed]
    .map((key) => manifest[key]!.file)
    .map((file) => ({ name: file, gzipped: gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length }))
    .sort((a, b) => b.gzipped - a.gzipped);
  return { scripts, totalGzipped: scripts.reduce((sum, s) => sum + s.gzipped, 0), lazy: [...lazy].sort() };
}

export function describeFirstScreen(report: FirstScreenReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    `/m first screen JavaScript: ${kb(report.totalGzipped)} gzipped in ${report.scripts.length} files (budget ${kb(RESIDENT_BUDGET_BYTES)})`,
    ...report.scripts.map((s) => `  ${s.name}: ${kb(s.gzipped)}`),
  ].join('\n');
}
