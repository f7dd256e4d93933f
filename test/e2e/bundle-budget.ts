// The web console's JavaScript budget: all chunks together, gzipped, must stay under 1.5 MB, and
// the pages must be split into chunks of their own (React.lazy per route).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 1.5 * 1024 * 1024;

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
