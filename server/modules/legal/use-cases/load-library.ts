// Loads the statutes shipped under data/legal/*.json (scripts/build-legal.ts writes them from the
// saved markdown) at start, like the other reference data. A statute whose file is unchanged since
// the last load is skipped; a changed one is updated in place, article by article (matched by
// label), so the ids a citation holds stay valid; an article the new text no longer has is kept
// as not in force rather than deleted. Nothing is downloaded.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../../context.ts';
import { referenceDataDir } from '../../../platform/paths.ts';
import { searchText } from '../../../platform/text/search-text.ts';
import { indexArticle } from '../legal.repository.ts';

export interface LawFile {
  code: string;
  title: string;
  shortTitle: string;
  issuingBody: string;
  versionDate: string;
  effectiveDate: string;
  coverage: 'full' | 'excerpt';
  chapters?: string[];
  source: { repository: string; path: string; commit: string; official: string };
  retrievedOn: string;
  articles: {
    number: number;
    label: string;
    part: string | null;
    chapter: string | null;
    section: string | null;
    text: string;
  }[];
}

export const legalDataDir = path.join(referenceDataDir, 'legal');

export function readLawFiles(dir = legalDataDir): { law: LawFile; sha256: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'laws.meta.json')
    .sort()
    .map((name) => {
      const text = readFileSync(path.join(dir, name), 'utf8');
      return { law: JSON.parse(text) as LawFile, sha256: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * The words an article is found by: its statute's titles, its label and headings (weighed more), and
 * its text — kept apart, so that every article of 第七章 相邻关系 matching 相邻 by its heading does not
 * drown the one whose own text speaks of 相邻关系.
 */
export function legalArticleWords(law: Pick<LawFile, 'title' | 'shortTitle'>, article: LawFile['articles'][number]) {
  const heading = [law.shortTitle, law.title, article.label, article.part, article.chapter, article.section];
  return { titleWords: searchText(...heading), searchText: searchText(article.text) };
}

/** How many statutes were (re)loaded: 0 when every file is as last loaded. */
export async function loadLegalLibrary(ctx: AppContext, files = readLawFiles()): Promise<number> {
  let loaded = 0;
  for (const { law, sha256 } of files) {
    const existing = await ctx.db
      .selectFrom('legal_law')
      .select(['id', 'content_sha256'])
      .where('code', '=', law.code)
      .executeTakeFirst();
    if (existing?.content_sha256 === sha256) continue;
    const at = ctx.clock.now().toISOString();
    const values = {
      code: law.code,
      title: law.title,
      short_title: law.shortTitle,
      issuing_body: law.issuingBody,
      version_date: law.versionDate,
      effective_date: law.effectiveDate,
      coverage: law.coverage,
      source: JSON.stringify({ ...law.source, ...(law.chapters ? { chapters: law.chapters } : {}) }),
      retrieved_on: law.retrievedOn,
      content_sha256: sha256,
      loaded_at: at,
    };
    await ctx.db.transaction().execute(async (trx) => {
      const lawId = existing
        ? (await trx.updateTable('legal_law').set(values).where('id', '=', existing.id).execute(), existing.id)
        : (await trx.insertInto('legal_law').values(values).returning('id').executeTakeFirstOrThrow()).id;
      const current = new Map(
        (await trx.selectFrom('legal_article').select(['id', 'label']).where('law_id', '=', lawId).execute()).map(
          (r) => [r.label, r.id],
        ),
      );
      const seen = new Set<string>();
      for (const article of law.articles) {
        seen.add(article.label);
        const words = legalArticleWords(law, article);
        const row = {
          law_id: lawId,
          number: article.number,
          label: article.label,
          part: article.part,
          chapter: article.chapter,
          section: article.section,
          text: article.text,
          title_words: words.titleWords,
          search_text: words.searchText,
          in_force: 1,
        };
        const id = current.get(article.label);
        if (id !== undefined) {
          await trx.updateTable('legal_article').set(row).where('id', '=', id).execute();
          await indexArticle(trx, ctx.dialect, id, words.titleWords, words.searchText);
        } else {
          const inserted = await trx.insertInto('legal_article').values(row).returning('id').executeTakeFirstOrThrow();
          await indexArticle(trx, ctx.dialect, inserted.id, words.titleWords, words.searchText);
        }
      }
      const gone = [...current].filter(([label]) => !seen.has(label)).map(([, id]) => id);
      if (gone.length > 0)
        await trx.updateTable('legal_article').set({ in_force: 0 }).where('id', 'in', gone).execute();
    });
    loaded++;
  }
  return loaded;
}
