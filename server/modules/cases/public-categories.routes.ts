// The categories a report may have, for whoever reports without an account (issue 15): the
// residents' page lists them before anyone signs in. The responsibility list is public
// information (权责清单 are published); the signed-in `GET /api/v1/categories` answers the same.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { CategoryOut } from './cases.schemas.ts';
import { activeCategories } from './category.repository.ts';

export function publicCategoryRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/public/categories',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['cases'],
        summary: '事件类别（无需登录） / Categories, for reports without an account (public)',
        security: [],
        response: { 200: Type.Object({ items: Type.Array(CategoryOut) }), ...errorResponses(400) },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { items: await activeCategories(ctx.db) };
    },
  );
}
