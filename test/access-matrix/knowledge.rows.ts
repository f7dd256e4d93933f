// Access-matrix rows: the knowledge base (issue 15) and 直接答复 at intake. Articles are owned by a
// township: inside, the actors' 城关街道 (an ancestor of the grid worker's and resident's units);
// outside, 南关街道, which applies nowhere the actors work.
import { articleWords } from '../../server/modules/knowledge/knowledge-text.ts';
import { insertArticle } from '../../server/modules/knowledge/knowledge.repository.ts';
import { anywhere, inJurisdiction, listIsScoped, type Fixture, type Row, type Where } from './expectations.ts';
import { uniqueSuffix } from './fixtures.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };

/** An active article of the township of `where`, findable by the word returned. */
async function newArticle(f: Fixture, where: Where): Promise<{ id: number; word: string }> {
  const unit = await f.h.unit(TOWNSHIP[where]);
  // One Latin token: the search matches any word, so the two sides share none.
  const word = `kb${where}${uniqueSuffix()}`;
  const article = { title: `矩阵测试条目 ${word}`, body: `矩阵测试正文 ${word}`, tags: [] };
  const words = articleWords(article);
  const at = new Date().toISOString();
  const id = await f.h.ctx.db.transaction().execute((trx) =>
    insertArticle(trx, f.h.ctx.dialect, {
      unit_id: unit.id,
      title: article.title,
      body: article.body,
      category_code: null,
      tags: '[]',
      review_due: '2099-01-01',
      status: 'active',
      version: 1,
      title_words: words.titleWords,
      search_text: words.searchText,
      created_by: null,
      updated_by: null,
      created_at: at,
      updated_at: at,
    }),
  );
  return { id, word };
}

export const KNOWLEDGE_ROWS: Record<string, Row> = {
  // Every staff role searches; an article of another township is not found.
  'GET /api/v1/knowledge': {
    build: async (f, where) => {
      const { word } = await newArticle(f, where);
      return { method: 'GET', url: `/api/v1/knowledge?q=${encodeURIComponent(word)}` };
    },
    access: anywhere('knowledge:read'),
    check: listIsScoped,
  },
  'GET /api/v1/knowledge/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/knowledge/${(await newArticle(f, where)).id}` }),
    access: inJurisdiction('knowledge:read'),
  },
  // An administrator writes for a unit of its area; another township does not exist for it.
  'POST /api/v1/knowledge': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/knowledge',
      payload: { unitId: (await f.h.unit(TOWNSHIP[where])).id, title: '矩阵新条目', body: '矩阵新条目正文' },
    }),
    access: inJurisdiction('knowledge:manage', { ok: 201 }),
  },
  'PATCH /api/v1/knowledge/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/knowledge/${(await newArticle(f, where)).id}`,
      payload: { version: 1, title: '矩阵改名' },
    }),
    access: inJurisdiction('knowledge:manage'),
  },
  // 直接答复 (issue 15): the same intake route with `directAnswer`, for the operator and the
  // dispatcher only; outside their area the intake itself refuses (422 OUTSIDE_JURISDICTION).
  'POST /api/v1/cases (directAnswer)': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        kind: 'inquiry',
        categoryCode: 'INQ.POLICY',
        channel: 'hotline',
        description: '来电咨询调解是否收费',
        unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        reporter: { name: '赵六', phone: '13600003333' },
        directAnswer: { articleId: (await newArticle(f, 'inside')).id, answer: '人民调解不收费。' },
      },
    }),
    access: inJurisdiction('case:direct_answer', { ok: 201, outside: () => 422 }),
  },
};
