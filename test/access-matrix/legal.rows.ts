// Access-matrix rows (issue 17): the legal library — national law, the same for every area, read by
// every staff role — and the citations a committee's mediator puts in a mediation file.
import { anywhere, workFile, type Fixture, type Row } from './expectations.ts';
import { newFile } from './fixtures.ts';

async function anArticle(f: Fixture): Promise<number> {
  const row = await f.h.ctx.db
    .selectFrom('legal_article')
    .select('id')
    .where('in_force', '=', 1)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const LEGAL_ROWS: Record<string, Row> = {
  'GET /api/v1/legal-bases': {
    build: () => ({ method: 'GET', url: `/api/v1/legal-bases?q=${encodeURIComponent('调解')}` }),
    access: anywhere('legal:read'),
  },
  'GET /api/v1/legal-bases/:id': {
    build: async (f) => ({ method: 'GET', url: `/api/v1/legal-bases/${await anArticle(f)}` }),
    access: anywhere('legal:read'),
  },
  'GET /api/v1/legal-laws': {
    build: () => ({ method: 'GET', url: '/api/v1/legal-laws' }),
    access: anywhere('legal:read'),
  },
  // Citing is working the file: its committee's mediators only.
  'PUT /api/v1/mediations/:id/legal-bases': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/legal-bases`,
      payload: { articleIds: [await anArticle(f)] },
    }),
    access: workFile(),
  },
};
