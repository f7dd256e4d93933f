// The sections of bench/README.md that the benchmarks rewrite (`<!-- bench:<name>:start -->` …
// `end -->`), keeping the hand-written notes between a section's notes markers.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

const root = path.resolve(import.meta.dirname, '..');

export async function updateReadme(name: string, section: string): Promise<void> {
  const file = path.join(root, 'bench', 'README.md');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmark\n\n';
  }
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const existing = new RegExp(`${start}[\\s\\S]*?${end}`);
  // Hand-written findings between the notes markers survive a new run.
  const notesPattern = new RegExp(`<!-- bench:${name}:notes:start -->[\\s\\S]*?<!-- bench:${name}:notes:end -->`);
  const notes = notesPattern.exec(existing.exec(text)?.[0] ?? '')?.[0];
  const block = `${start}\n${section}${notes ? `\n${notes}\n` : ''}${end}`;
  text = text.includes(start) ? text.replace(existing, () => block) : `${text.trimEnd()}\n\n${block}\n`;
  // Formatted as the repository's check expects (aligned tables).
  const options = await prettier.resolveConfig(file);
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}
