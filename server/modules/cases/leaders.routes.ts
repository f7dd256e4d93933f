// HTTP for 领导包案 (issue 17): whom a case may be assigned to (the action form's picker). The
// assignment itself is the workflow's `assign_leader`; a leader's own list is GET /cases?leaderId=me.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { authorize } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { loadVisibleCase } from './case-view.ts';
import { leadersOver } from './leaders.ts';

const LeaderCandidate = Type.Object(
  {
    userId: Type.Integer(),
    displayName: Type.String({ description: '姓名 / Name' }),
    unitId: Type.Integer(),
    unitName: Type.String({ description: '所在地区 / The region they lead' }),
  },
  { title: 'LeaderCandidate' },
);

export function leaderRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/cases/:id/leader-candidates',
    {
      schema: {
        tags: ['cases'],
        summary: '可包案领导 / Leaders who may take the case',
        description:
          '事件所在各级地区的在岗领导（省到网格） / The enabled leader accounts of the regions the case lies in, from the province down. Region roles over the case (`case:read_area`); a case the caller does not see is 404.',
        params: IdParams,
        response: { 200: Type.Array(LeaderCandidate), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read_area');
      const loaded = await loadVisibleCase(ctx, actor, request.params.id);
      const leaders = await leadersOver(ctx.db, loaded.row.region_path);
      const names = await unitNames(
        ctx.db,
        leaders.map((l) => l.unitId),
      );
      return leaders.map((l) => ({ ...l, unitName: names.get(l.unitId) ?? '' }));
    },
  );
}
