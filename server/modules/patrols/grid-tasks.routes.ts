// HTTP for the standard grid tasks: township staff assign them to a grid (or one of its workers)
// with a due date; a worker lists its own (`mine=1`, the phone's today page) and marks them done.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { authorize, can, jurisdictionPaths, userNames, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { cadreBriefs } from '../workforce/index.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { findGridTask, listGridTasks, type GridTaskRow } from './grid-tasks.repository.ts';
import { canReadTask, loadTaskToComplete, unitInReach } from './patrols.policy.ts';
import { CompleteTaskBody, GridTaskBody, GridTaskOut, GridTaskQuery } from './patrols.schemas.ts';
import { assignGridTask } from './use-cases/assign-grid-task.ts';
import { completeGridTask } from './use-cases/complete-grid-task.ts';
import { badCursor, isIdCursor } from './patrols.routes.ts';

const TAGS = ['grid-tasks'];

async function presentTasks(ctx: AppContext, actor: Actor, tasks: GridTaskRow[]) {
  const [units, users, cadres] = await Promise.all([
    unitNames(
      ctx.db,
      tasks.map((t) => t.unitId),
    ),
    userNames(
      ctx.db,
      tasks.map((t) => t.assigneeId),
    ),
    cadreBriefs(
      ctx,
      tasks.map((t) => t.cadreId),
    ),
  ]);
  const today = beijingDay(ctx.clock.now());
  return tasks.map((t) => ({
    id: t.id,
    kind: t.kind,
    title: t.title,
    note: t.note,
    unitId: t.unitId,
    unitName: units.get(t.unitId) ?? '',
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeId !== null ? (users.get(t.assigneeId) ?? null) : null,
    cadreId: t.cadreId,
    cadre: t.cadreId !== null && can(actor, 'grid_cadre:read', [t.unitPath]) ? (cadres.get(t.cadreId) ?? null) : null,
    dueDate: t.dueDate,
    status: t.status,
    overdue: t.status === 'open' && t.dueDate < today,
    doneAt: t.doneAt,
    doneNote: t.doneNote,
    createdAt: t.createdAt,
    abilities: {
      complete:
        t.status === 'open' &&
        can(actor, 'grid_task:complete', [t.unitPath]) &&
        (t.assigneeId === null || t.assigneeId === actor.userId),
    },
  }));
}

export function gridTaskRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/grid-tasks',
    {
      schema: {
        tags: TAGS,
        summary: '派发网格任务 / Assign a grid task',
        description:
          'A standard task (走访 visit, 巡查 patrol, 排查 screening, 宣传 publicity, 信息采集 info_collection) for a grid ' +
          "of the caller's area, optionally for one of its grid workers (`assigneeId`), due on `dueDate` (today or " +
          'later). A unit that is not a grid: 422 PATROL_UNIT_NOT_GRID; an assignee who is not a worker of that grid: ' +
          '422 GRID_TASK_ASSIGNEE_INVALID; or for one of its cadres (`cadreId`, told by SMS; not with `assigneeId`): ' +
          'else 422 GRID_TASK_CADRE_INVALID; a grid outside the area: 404.',
        body: GridTaskBody,
        response: { 201: GridTaskOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'grid_task:assign');
      const id = await assignGridTask(ctx, actor, request.body, request.ip);
      reply.code(201);
      return (await presentTasks(ctx, actor, [(await findGridTask(ctx.db, id))!]))[0]!;
    },
  );

  app.get(
    '/api/v1/grid-tasks',
    {
      schema: {
        tags: TAGS,
        summary: '网格任务 / Grid tasks',
        description:
          "The tasks of the grids in the caller's area (under `withinUnitId`), newest first. `mine=1`: the caller's own " +
          '(assigned to them, or to their grid with nobody named); a grid worker always gets only those.',
        querystring: GridTaskQuery,
        response: { 200: Page(GridTaskOut), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'grid_task:read');
      const q = request.query;
      const within =
        q.withinUnitId !== undefined ? await unitInReach(ctx, actor, q.withinUnitId, 'grid_task:read') : null;
      const cursor = decodeCursor(q.cursor, isIdCursor);
      if (q.cursor !== undefined && cursor === undefined) throw badCursor();
      const assigns = jurisdictionPaths(actor, 'grid_task:assign');
      const mine = q.mine === '1' || q.mine === 'true' || assigns.length === 0;
      const limit = q.limit ?? 50;
      const rows = await listGridTasks(ctx.db, {
        scopePaths: mine ? jurisdictionPaths(actor, 'grid_task:read') : assigns,
        mineOf: mine ? actor.userId : undefined,
        withinPath: within?.path,
        status: q.status,
        beforeId: cursor?.before,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit).filter((t) => canReadTask(actor, t));
      return {
        items: await presentTasks(ctx, actor, page),
        nextCursor: rows.length > limit ? encodeCursor({ before: rows[limit - 1]!.id }) : null,
      };
    },
  );

  app.post(
    '/api/v1/grid-tasks/:id/done',
    {
      schema: {
        tags: TAGS,
        summary: '完成网格任务 / Mark a grid task done',
        description:
          "A worker of the task's grid (the assignee, when one is named) marks it done with an optional note. " +
          'Done already: 422 GRID_TASK_DONE.',
        params: IdParams,
        body: CompleteTaskBody,
        response: { 200: GridTaskOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'grid_task:complete');
      const task = await loadTaskToComplete(ctx, actor, request.params.id);
      await completeGridTask(ctx, actor, task, request.body?.note, request.ip);
      return (await presentTasks(ctx, actor, [(await findGridTask(ctx.db, task.id))!]))[0]!;
    },
  );
}
