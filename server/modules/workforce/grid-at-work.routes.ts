// HTTP for a grid's page and for cadres joining a whistle (issue 18 §10, ADR 0030).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { authorize } from '../auth/index.ts';
import { GridOverviewOut, WhistleCadresBody, WhistleCadresOut } from './workforce.schemas.ts';
import { callCadresToWhistle, gridOverview } from './grid-at-work.ts';

export function gridAtWorkRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/grids/:id/overview',
    {
      schema: {
        tags: ['workforce'],
        summary: '网格概况 / A grid’s page',
        description:
          'A grid of the caller’s area: its township, grid workers and cadres (phones masked) and, for readers of ' +
          'base data, its houses (GCJ-02 points when recorded) with the people of each, the people linked to no ' +
          'house, and the people of the key groups the caller may see (a group the caller may not see is absent ' +
          'from people, lists and counts; `keyGroups` is absent for a caller who may see none). Another area’s ' +
          'grid, or a unit that is not a grid: 404.',
        params: IdParams,
        response: { 200: GridOverviewOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'grid_cadre:read');
      return gridOverview(ctx, actor, request.params.id);
    },
  );

  app.post(
    '/api/v1/cases/:id/whistle-cadres',
    {
      schema: {
        tags: ['workforce'],
        summary: '吹哨：通知网格力量 / Call the grid’s cadres into the whistle',
        description:
          'The township dispatcher over a case with an active whistle calls cadres of the case’s grid into it: each ' +
          'is recorded once on the case, told by SMS, and the timeline says so. No active whistle: 422 ' +
          'WHISTLE_CADRES_NO_WHISTLE; a cadre not of the case’s grid: 422 WHISTLE_CADRE_INVALID; another role: 403; ' +
          'a case the caller cannot see: 404. Answers every cadre on the case’s whistle.',
        params: IdParams,
        body: WhistleCadresBody,
        response: { 200: WhistleCadresOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read');
      return callCadresToWhistle(ctx, actor, request.params.id, request.body.cadreIds, request.ip);
    },
  );
}
