// The recognition board on the public page (issue 19 §5): approved nominations, no login. The deed's
// text is scrubbed of phone and ID numbers, addresses and names (the nominee's name is shown apart).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { findUnitById } from '../org/index.ts';
import { publishedRecognitions, PublicRecognitionsOut, PublicRecognitionsQuery } from '../points/index.ts';
import { scrubPersonalText } from './scrub.ts';

export function publicRecognitionRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/public/recognitions',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['transparency'],
        summary: '好人好事榜（无需登录） / The recognition board (no login)',
        description:
          'Approved nominations of good people and deeds, newest first: the unit, the nominee’s name as nominated, the ' +
          'deed (phone and ID numbers, addresses and other personal details scrubbed) and when it was recognised. ' +
          '`unitId`: that region and below (404 when there is none); without it, everywhere. At most `limit` (20).',
        security: [],
        querystring: PublicRecognitionsQuery,
        response: { 200: PublicRecognitionsOut, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      let path: string | null = null;
      if (q.unitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.unitId);
        if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        path = unit.path;
      }
      const rows = await publishedRecognitions(ctx.db, path, q.limit ?? 20);
      void reply.header('cache-control', 'public, max-age=60');
      return {
        items: rows.map((r) => ({
          ...r,
          deed: scrubPersonalText(r.deed),
        })),
      };
    },
  );
}
