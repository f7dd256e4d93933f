// HTTP for 网格力量 (§10): the cadres, party members, deputies and building heads attached to grids.
// Phones are sealed at rest and masked in every answer and export.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { jsonOrXlsx } from '../../platform/http/xlsx.ts';
import { authorize } from '../auth/index.ts';
import { Type } from 'typebox';
import { CadreBody, CadreOut, CadreQuery } from './workforce.schemas.ts';
import { addCadre, cadreList } from './workforce.ts';
import { CADRE_EXPORT_COLUMNS } from './workforce-export.ts';
import { exportList } from './workforce.routes.ts';

const TAGS = ['workforce'];

export function cadreRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/grid-cadres',
    {
      schema: {
        tags: TAGS,
        summary: '网格力量 / Cadres in grids',
        description:
          'The cadres, party members, deputies, CPPCC members and building heads attached to the grids of the ' +
          "caller's area: of one grid (`gridId`), under a unit (`unitId`), of one `role`. Phones masked. " +
          '`format=xlsx` exports them, audited.',
        querystring: CadreQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(CadreOut) }), '网格力量 / Cadres'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      const q = request.query;
      const items = await cadreList(ctx, actor, { gridId: q.gridId, unitId: q.unitId, role: q.role });
      if (q.format === 'xlsx') {
        return exportList(ctx, request, reply, actor, {
          name: '网格力量',
          what: 'grid_cadres',
          columns: CADRE_EXPORT_COLUMNS,
          rows: items,
          filters: q,
        });
      }
      return { items };
    },
  );

  app.post(
    '/api/v1/grid-cadres',
    {
      schema: {
        tags: TAGS,
        summary: '挂网格力量 / Attach a cadre to a grid',
        description:
          'A person attached to a grid with their role (联系干部, 党员, 人大代表, 政协委员, 楼栋长) and, optionally, ' +
          'organisation and a mainland mobile (sealed; answered masked). A unit that is not a grid: 422 ' +
          'CADRE_UNIT_NOT_GRID; a grid outside the area: 404.',
        body: CadreBody,
        response: { 201: CadreOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:manage');
      const cadre = await addCadre(ctx, actor, request.body, request.ip);
      reply.code(201);
      return cadre;
    },
  );
}
