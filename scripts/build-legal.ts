// Turns the statutes saved as markdown under data/legal/src/ (copied from the public LawRefBook/Laws
// repository; Chinese statutes are not subject to copyright, Copyright Law Art. 5) into the JSON the
// legal library loads at start (data/legal/<code>.json): one record per law with its issuing body,
// version, source and retrieval date, and its articles with part, chapter and section.
// Run with `npx tsx scripts/build-legal.ts`; `--check` fails when a JSON file is out of date.
// Deterministic: the same markdown gives the same bytes. Nothing is downloaded.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { splitStatute } from '../server/modules/legal/statute-markdown.ts';

const legalDir = path.resolve(import.meta.dirname, '..', 'data', 'legal');

interface LawMeta {
  code: string;
  file: string;
  shortTitle: string;
  issuingBody: string;
  adoptedOn: string;
  versionDate: string;
  effectiveDate: string;
  sourcePath: string;
  sourceCommit: string;
  /** `full`: every article of the statute; `excerpt`: the chapters saved only (listed in the JSON). */
  coverage: 'full' | 'excerpt';
}

interface MetaFile {
  retrievedOn: string;
  repository: string;
  official: string;
  laws: LawMeta[];
}

const meta = JSON.parse(readFileSync(path.join(legalDir, 'laws.meta.json'), 'utf8')) as MetaFile;
const check = process.argv.includes('--check');
let stale = 0;
for (const law of meta.laws) {
  const statute = splitStatute(readFileSync(path.join(legalDir, 'src', law.file), 'utf8'));
  if (statute.articles.length === 0) throw new Error(`${law.file}: no articles found`);
  const chapters = [...new Set(statute.articles.map((a) => [a.part, a.chapter].filter(Boolean).join(' ')))];
  const out = {
    code: law.code,
    title: statute.title,
    shortTitle: law.shortTitle,
    issuingBody: law.issuingBody,
    adoptedOn: law.adoptedOn,
    versionDate: law.versionDate,
    effectiveDate: law.effectiveDate,
    note: statute.note,
    coverage: law.coverage,
    chapters: law.coverage === 'excerpt' ? chapters : undefined,
    source: {
      repository: meta.repository,
      path: law.sourcePath,
      commit: law.sourceCommit,
      official: meta.official,
    },
    retrievedOn: meta.retrievedOn,
    articles: statute.articles,
  };
  const target = path.join(legalDir, `${law.code}.json`);
  const text = `${JSON.stringify(out, null, 1)}\n`;
  if (check) {
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
      console.error(`${target} is out of date: run npx tsx scripts/build-legal.ts`);
      stale++;
    }
  } else {
    writeFileSync(target, text);
    console.log(`${law.code}: ${statute.title}, ${statute.articles.length} articles`);
  }
}
if (stale > 0) process.exit(1);
