// HTTP for the legal library: staff search the statutes' articles by Chinese words and read one
// with its statute, version and source. The library is national law, the same for every area.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { authorize } from '../auth/index.ts';
import { Type } from 'typebox';
import { findLegalArticle, listLaws, parseSource, searchArticles, type LegalArticle } from './legal.repository.ts';
import { citationOf, legalQueryWords, legalSnippet } from './legal-text.ts';
import { LegalBasis, LegalBasisListItem, LegalBasisQuery, LegalLaw } from './legal.schemas.ts';

const TAGS = ['legal'];
const MAX_OFFSET = 2_000;

const isOffsetCursor = (value: unknown): value is { offset: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const n = (value as Record<string, unknown>).offset;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_OFFSET;
};

function listFields(a: LegalArticle) {
  return {
    id: a.id,
    lawCode: a.lawCode,
    lawTitle: a.lawTitle,
    lawShortTitle: a.lawShortTitle,
    label: a.label,
    number: a.number,
    part: a.part,
    chapter: a.chapter,
    section: a.section,
    versionDate: a.versionDate,
  };
}

export function presentLegalBasis(a: LegalArticle) {
  return {
    ...listFields(a),
    text: a.text,
    issuingBody: a.issuingBody,
    effectiveDate: a.effectiveDate,
    coverage: a.coverage,
    source: a.source,
    retrievedOn: a.retrievedOn,
    inForce: a.inForce,
    citation: citationOf(a),
  };
}

export function legalRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/legal-bases',
    {
      schema: {
        tags: TAGS,
        summary: '法律法规检索 / Search the legal library',
        description:
          '`q` is cut into Chinese words (jieba); an article containing any of them is found, those with more ' +
          'and rarer words, above all in the statute’s title, the article number and its chapter, first. Each ' +
          'item has a `snippet` of the text around the first word found and the `highlights` (the words ' +
          'found). `law` keeps one statute (its `code`, GET /api/v1/legal-laws). Without `q`, articles in ' +
          'statute and number order.',
        querystring: LegalBasisQuery,
        response: { 200: Page(LegalBasisListItem), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'legal:read');
      const query = request.query;
      const limit = query.limit ?? 20;
      const offset = decodeCursor(query.cursor, isOffsetCursor)?.offset ?? 0;
      const words = query.q ? legalQueryWords(query.q) : [];
      if (query.q && words.length === 0) return { items: [], nextCursor: null };
      const rows = await searchArticles(ctx.db, ctx.dialect, { words, lawCode: query.law, offset, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map((a) => ({ ...listFields(a), ...legalSnippet(a, words) })),
        nextCursor:
          rows.length > limit && offset + limit <= MAX_OFFSET ? encodeCursor({ offset: offset + limit }) : null,
      };
    },
  );

  app.get(
    '/api/v1/legal-bases/:id',
    {
      schema: {
        tags: TAGS,
        summary: '法条全文 / One article',
        description:
          'The article with its statute, the version date (latest amendment the text carries), the issuing body, ' +
          'and where the text was taken from (`source`: the repository file, and the official database to check ' +
          'it against). `coverage: "excerpt"` says the library holds only some chapters of that statute.',
        params: IdParams,
        response: { 200: LegalBasis, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'legal:read');
      const article = await findLegalArticle(ctx.db, request.params.id);
      if (!article) throw new AppError('NOT_FOUND', '法条不存在 / No such article');
      return presentLegalBasis(article);
    },
  );

  app.get(
    '/api/v1/legal-laws',
    {
      schema: {
        tags: TAGS,
        summary: '法律法规目录 / The statutes in the library',
        response: { 200: Type.Object({ items: Type.Array(LegalLaw) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'legal:read');
      const laws = await listLaws(ctx.db);
      return {
        items: laws.map((l) => ({
          code: l.code,
          title: l.title,
          shortTitle: l.short_title,
          issuingBody: l.issuing_body,
          versionDate: l.version_date,
          effectiveDate: l.effective_date,
          coverage: l.coverage,
          source: parseSource(l.source),
          retrievedOn: l.retrieved_on,
          articleCount: l.article_count,
        })),
      };
    },
  );
}
