// Chinese full-text search (cases, knowledge base): text is segmented with jieba (search mode, so 拖欠工资 also yields
// 工资) and stored as space-separated words; SQLite indexes them with FTS5, PostgreSQL with a
// 'simple' tsvector. The dictionary loads once per process, on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  // The dictionary file is read here and dropped once jieba has built its tables from it;
  // `@node-rs/jieba/dict.js` would keep it, and a 6 MB IDF table Concord never uses, for good.
  jieba ??= Jieba.withDict(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
  return jieba;
}

/** Words worth indexing: letters, digits and CJK only, lower-cased, de-duplicated. */
export function searchWords(text: string): string[] {
  const words = segmenter()
    .cutForSearch(text, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w !== '');
  return [...new Set(words)];
}

export function searchText(...parts: (string | null | undefined)[]): string {
  return searchWords(parts.filter(Boolean).join(' ')).join(' ');
}

/** Similarity of two texts as the Jaccard index of their words (for duplicate suggestions). */
export function similarity(a: string, b: string): number {
  const left = new Set(a.split(' ').filter(Boolean));
  const right = new Set(b.split(' ').filter(Boolean));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared / (left.size + right.size - shared);
}
