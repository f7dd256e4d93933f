// HTTP for patrols (巡查走访): a grid worker starts a patrol in its grid, sends its GPS track in
// batches, records visits, turns a visit's finding into a case and finishes; supervisors read the
// patrols of their area (track and visits, for the map) and each worker's monthly coverage.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, can, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { findCaseBriefs } from '../cases/index.ts';
import { findUnitsByIds, unitNames } from '../org/index.ts';
import { countBaseData } from '../people/index.ts';
import { currentMonth, parsePeriod, rangePeriod } from '../../../common/period.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import {
  coverageByWorker,
  findPatrol,
  findVisit,
  listPatrols,
  listPhotos,
  listPoints,
  listVisits,
  tracksOf,
  type PatrolRow,
  type PhotoRow,
  type VisitRow,
} from './patrols.repository.ts';
import { COVERAGE_COLUMNS, PATROL_COLUMNS } from './patrols.export.ts';
import { canWorkPatrol, loadPatrol, unitInReach } from './patrols.policy.ts';
import {
  CoverageOut,
  CoverageQuery,
  PatrolDetailOut,
  PatrolMapOut,
  PatrolMapQuery,
  PatrolOut,
  PatrolQuery,
  StartPatrolBody,
  ToCaseBody,
  ToCaseOut,
  TrackBody,
  TrackOut,
  VisitBody,
  VisitOut,
  VisitParams,
} from './patrols.schemas.ts';
import { startPatrol } from './use-cases/start-patrol.ts';
import { recordTrack } from './use-cases/record-track.ts';
import { recordVisit } from './use-cases/record-visit.ts';
import { visitToCase } from './use-cases/visit-to-case.ts';
import { finishPatrol } from './use-cases/finish-patrol.ts';
import { MAX_PHOTOS_PER_VISIT } from './use-cases/add-visit-photo.ts';

const TAGS = ['patrols'];
const EXPORT_PAGE = 500;
/** The day's map draws at most this many patrols (a township's workers, with room to spare). */
const MAP_PATROLS = 200;

/** Houses of each grid in the base data (the denominator of coverage, ADR 0031). */
async function gridHouseCounts(ctx: AppContext, rows: { unitId: number }[]): Promise<Map<number, number>> {
  const ids = [...new Set(rows.map((r) => r.unitId))];
  const units = await findUnitsByIds(ctx.db, ids);
  const counts = await Promise.all(
    units.map(
      async (u) => [u.id, (await countBaseData(ctx.db, { scopePaths: [u.path], groupPaths: {} })).houses] as const,
    ),
  );
  return new Map(counts);
}

export const isIdCursor = (value: unknown): value is { before: number } =>
  typeof value === 'object' &&
  value !== null &&
  Number.isSafeInteger((value as { before?: unknown }).before) &&
  (value as { before: number }).before > 0;

export const badMonth = () =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'month', message: '月份无效 / Not a valid month (YYYY-MM)' },
  ]);

export const badCursor = () =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'cursor', message: '分页标记无效 / Invalid cursor' },
  ]);

const presentPatrol = (p: PatrolRow, names: Map<number, string>) => ({
  id: p.id,
  workerId: p.workerId,
  workerName: p.workerName,
  unitId: p.unitId,
  unitName: names.get(p.unitId) ?? '',
  status: p.status,
  startedAt: p.startedAt,
  finishedAt: p.finishedAt,
  pointCount: p.pointCount,
  distanceM: p.distanceM,
  visitCount: p.visitCount,
});

const presentPhoto = (ph: PhotoRow) => ({
  id: ph.id,
  fileName: ph.fileName,
  mediaType: ph.mediaType,
  size: ph.size,
  lng: ph.lng,
  lat: ph.lat,
  createdAt: ph.createdAt,
});

export const presentVisit = (
  actor: Actor,
  p: PatrolRow,
  v: VisitRow,
  numbers: Map<number, string>,
  photos: PhotoRow[] = [],
) => ({
  id: v.id,
  patrolId: v.patrolId,
  placeKind: v.placeKind,
  place: v.place,
  address: v.address,
  met: v.met,
  situation: v.situation,
  finding: v.finding,
  lng: v.lng,
  lat: v.lat,
  visitedAt: v.visitedAt,
  caseId: v.caseId,
  caseNumber: v.caseId !== null ? (numbers.get(v.caseId) ?? null) : null,
  houseId: v.houseId,
  photos: photos.filter((ph) => ph.visitId === v.id).map(presentPhoto),
  // A finding becomes a case while the patrol's worker still works that grid (even after finishing);
  // photos too (a photo sent late over a bad connection still lands on its visit).
  abilities: {
    toCase: v.finding !== null && v.caseId === null && canWorkPatrol(actor, p) && can(actor, 'case:create'),
    addPhoto: canWorkPatrol(actor, p) && photos.filter((ph) => ph.visitId === v.id).length < MAX_PHOTOS_PER_VISIT,
  },
});

async function caseNumbers(ctx: AppContext, visits: VisitRow[]): Promise<Map<number, string>> {
  const briefs = await findCaseBriefs(
    ctx.db,
    visits.flatMap((v) => (v.caseId !== null ? [v.caseId] : [])),
  );
  return new Map([...briefs].map(([id, b]) => [id, b.number]));
}

export async function presentDetail(ctx: AppContext, actor: Actor, p: PatrolRow) {
  const [track, visits, names, photos] = await Promise.all([
    listPoints(ctx.db, p.id),
    listVisits(ctx.db, p.id),
    unitNames(ctx.db, [p.unitId]),
    listPhotos(ctx.db, p.id),
  ]);
  const numbers = await caseNumbers(ctx, visits);
  return {
    ...presentPatrol(p, names),
    track,
    visits: visits.map((v) => presentVisit(actor, p, v, numbers, photos)),
    abilities: { work: p.status === 'open' && canWorkPatrol(actor, p) },
  };
}

export function patrolRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/patrols',
    {
      schema: {
        tags: TAGS,
        summary: '开始巡查 / Start a patrol',
        description:
          "A grid worker starts a patrol in one of its grids (`unitId`; default: the worker's one grid). One open " +
          'patrol per worker: 409 PATROL_ALREADY_OPEN names it. A unit that is not a grid: 422 PATROL_UNIT_NOT_GRID; ' +
          "a grid outside the worker's area: 404.",
        body: StartPatrolBody,
        response: { 201: PatrolDetailOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:record');
      const id = await startPatrol(ctx, actor, request.body.unitId, request.ip);
      reply.code(201);
      return presentDetail(ctx, actor, (await findPatrol(ctx.db, id))!);
    },
  );

  app.get(
    '/api/v1/patrols',
    {
      schema: {
        tags: TAGS,
        summary: '巡查记录 / Patrols',
        description:
          "Supervisors: the patrols in the caller's jurisdiction (under `withinUnitId`), newest first; a grid worker " +
          'gets its own only (as does anyone with `mine=1`). `month` (YYYY-MM, Beijing) keeps those started in it.',
        querystring: PatrolQuery,
        response: { 200: jsonOrXlsx(Page(PatrolOut), '巡查记录 / Patrols'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:read');
      const q = request.query;
      const within = q.withinUnitId !== undefined ? await unitInReach(ctx, actor, q.withinUnitId, 'patrol:read') : null;
      const month = q.month !== undefined ? parsePeriod(q.month) : undefined;
      if (month === null) throw badMonth();
      const cursor = decodeCursor(q.cursor, isIdCursor);
      if (q.cursor !== undefined && cursor === undefined) throw badCursor();
      const oversees = jurisdictionPaths(actor, 'patrol:oversee');
      const mine = q.mine === '1' || q.mine === 'true' || oversees.length === 0;
      const filter = {
        scopePaths: mine ? jurisdictionPaths(actor, 'patrol:read') : oversees,
        workerId: mine ? actor.userId : undefined,
        withinPath: within?.path,
        status: q.status,
        from: month?.from,
        to: month?.to,
      };
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `巡查记录-${exportStamp(now)}.xlsx`,
          sheetName: '巡查记录',
          columns: PATROL_COLUMNS,
          rows: allPages<ReturnType<typeof presentPatrol>, number>(async (before) => {
            const rows = await listPatrols(ctx.db, { ...filter, beforeId: before, limit: EXPORT_PAGE });
            const names = await unitNames(
              ctx.db,
              rows.map((p) => p.unitId),
            );
            return {
              rows: rows.map((p) => presentPatrol(p, names)),
              next: rows.length === EXPORT_PAGE ? rows[rows.length - 1]!.id : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'patrol:read'),
            clientIp: request.ip,
            what: 'patrols',
            filters: exportFilters(q),
          },
        });
      }
      const limit = q.limit ?? 20;
      const rows = await listPatrols(ctx.db, { ...filter, beforeId: cursor?.before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const names = await unitNames(
        ctx.db,
        page.map((p) => p.unitId),
      );
      return {
        items: page.map((p) => presentPatrol(p, names)),
        nextCursor: rows.length > limit ? encodeCursor({ before: page[page.length - 1]!.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/patrols/coverage',
    {
      schema: {
        tags: TAGS,
        summary: '网格员走访覆盖 / Workers’ visit coverage',
        description:
          "Per grid worker and grid in the caller's jurisdiction (under `withinUnitId`), for a month (default: this " +
          'one): patrols started, visits made, distinct places visited (a place is its name as the worker wrote it, ' +
          'without spaces: ADR 0024), and the coverage of the grid’s households: distinct base-data houses of the grid ' +
          'visited (visits that named a house) over the houses of the grid (`coverage`, null when the grid has none; ' +
          "ADR 0031). `workerId` keeps one worker's rows. `format=xlsx` exports the table (audited).",
        querystring: CoverageQuery,
        response: {
          200: jsonOrXlsx(CoverageOut, '走访覆盖 / Coverage'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:oversee');
      const q = request.query;
      const within =
        q.withinUnitId !== undefined ? await unitInReach(ctx, actor, q.withinUnitId, 'patrol:oversee') : null;
      const month = q.month !== undefined ? parsePeriod(q.month) : currentMonth(ctx.clock.now());
      if (month === null) throw badMonth();
      const rows = await coverageByWorker(
        ctx.db,
        within ? [within.path] : jurisdictionPaths(actor, 'patrol:oversee'),
        month.from,
        month.to,
        q.workerId,
      );
      const gridIds = [...new Set(rows.map((r) => r.unitId))];
      const [names, houses] = await Promise.all([unitNames(ctx.db, gridIds), gridHouseCounts(ctx, rows)]);
      const items = rows.map((r) => {
        const gridHouses = houses.get(r.unitId) ?? 0;
        return {
          ...r,
          unitName: names.get(r.unitId) ?? '',
          gridHouses,
          coverage: gridHouses > 0 ? Math.min(1, r.housesVisited / gridHouses) : null,
        };
      });
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `走访覆盖-${month.label}-${exportStamp(now)}.xlsx`,
          sheetName: '走访覆盖',
          columns: COVERAGE_COLUMNS,
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'patrol:oversee'),
            clientIp: request.ip,
            what: 'patrol_coverage',
            filters: exportFilters({ ...q, month: month.label }),
          },
        });
      }
      return { month: month.label, basis: 'distinct_places' as const, items };
    },
  );

  app.get(
    '/api/v1/patrols/map',
    {
      schema: {
        tags: TAGS,
        summary: '巡查轨迹地图 / The day’s patrols on the map',
        description:
          "Supervisors: the patrols started on `date` (Beijing, default today) in the caller's jurisdiction (under " +
          '`withinUnitId`), each with its track (GCJ-02 [lng, lat] in time order) and its located visits. At most ' +
          `${MAP_PATROLS} patrols, the newest (\`truncated\` says when there were more).`,
        querystring: PatrolMapQuery,
        response: { 200: PatrolMapOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'patrol:oversee');
      const q = request.query;
      const within =
        q.withinUnitId !== undefined ? await unitInReach(ctx, actor, q.withinUnitId, 'patrol:oversee') : null;
      const date = q.date ?? beijingDay(ctx.clock.now());
      const day = rangePeriod(date, date);
      if (!day) {
        throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
          { field: 'date', message: '日期无效 / Not a valid date (YYYY-MM-DD)' },
        ]);
      }
      const rows = await listPatrols(ctx.db, {
        scopePaths: jurisdictionPaths(actor, 'patrol:oversee'),
        withinPath: within?.path,
        from: day.from,
        to: day.to,
        limit: MAP_PATROLS + 1,
      });
      const page = rows.slice(0, MAP_PATROLS);
      const [names, tracks] = await Promise.all([
        unitNames(
          ctx.db,
          page.map((p) => p.unitId),
        ),
        tracksOf(
          ctx.db,
          page.map((p) => p.id),
        ),
      ]);
      return {
        date,
        truncated: rows.length > MAP_PATROLS,
        patrols: page.map((p) => ({
          id: p.id,
          workerName: p.workerName,
          unitId: p.unitId,
          unitName: names.get(p.unitId) ?? '',
          status: p.status,
          startedAt: p.startedAt,
          distanceM: p.distanceM,
          track: tracks.points.get(p.id) ?? [],
          visits: (tracks.visits.get(p.id) ?? []).flatMap((v) =>
            v.lng !== null && v.lat !== null
              ? [
                  {
                    id: v.id,
                    place: v.place,
                    placeKind: v.placeKind,
                    lng: v.lng,
                    lat: v.lat,
                    finding: v.finding !== null,
                  },
                ]
              : [],
          ),
        })),
      };
    },
  );

  app.get(
    '/api/v1/patrols/:id',
    {
      schema: {
        tags: TAGS,
        summary: '巡查详情 / A patrol with its track and visits',
        description:
          "The patrol, its track (GCJ-02, in time order) and its visits. A worker reads its own patrols; the area's " +
          'supervisors read every patrol in it; for anyone else it does not exist (404).',
        params: IdParams,
        response: { 200: PatrolDetailOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'patrol:read');
      return presentDetail(ctx, actor, await loadPatrol(ctx, actor, request.params.id, 'read'));
    },
  );

  app.post(
    '/api/v1/patrols/:id/track',
    {
      schema: {
        tags: TAGS,
        summary: '上报巡查轨迹 / Send track points',
        description:
          'A batch of GPS points `{lat, lng, at, accuracy?}` (`crs` wgs84 by default, stored as GCJ-02). Tolerant of ' +
          'lost signal: a point with an instant already stored (a batch sent again) is counted in `duplicates` and ' +
          'stored once; points out of order take their place by time. A point before the patrol began or in the ' +
          'future refuses the whole batch (422 PATROL_POINT_INVALID); a finished patrol: 422 PATROL_FINISHED.',
        params: IdParams,
        body: TrackBody,
        response: { 200: TrackOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'patrol:record');
      const p = await loadPatrol(ctx, actor, request.params.id, 'work');
      const result = await recordTrack(ctx, p, request.body.points, request.body.crs ?? 'wgs84');
      return { patrolId: p.id, ...result };
    },
  );

  app.post(
    '/api/v1/patrols/:id/visits',
    {
      schema: {
        tags: TAGS,
        summary: '记录走访 / Record a visit',
        description:
          'A visit on an open patrol to a household or an enterprise: the place, who was met, what was seen, an ' +
          'optional `finding` (a problem that may become a case) and check-in point. A finished patrol: 422 ' +
          'PATROL_FINISHED.',
        params: IdParams,
        body: VisitBody,
        response: { 201: VisitOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:record');
      const p = await loadPatrol(ctx, actor, request.params.id, 'work');
      const id = await recordVisit(ctx, actor, p, request.body, request.ip);
      reply.code(201);
      return presentVisit(actor, p, (await findVisit(ctx.db, p.id, id))!, new Map());
    },
  );

  app.post(
    '/api/v1/patrols/:id/visits/:visitId/to-case',
    {
      schema: {
        tags: TAGS,
        summary: '走访发现转案件 / Turn a visit’s finding into a case',
        description:
          "Registers a case (channel grid_patrol) in the patrol's grid through intake, the finding in its " +
          'description, and links the visit to it. Again gives the same case (`created: false`). A visit without a ' +
          'finding: 422 VISIT_NO_FINDING.',
        params: VisitParams,
        body: ToCaseBody,
        response: { 200: ToCaseOut, 201: ToCaseOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:record');
      const p = await loadPatrol(ctx, actor, request.params.id, 'work');
      const visit = await findVisit(ctx.db, p.id, request.params.visitId);
      if (!visit) throw new AppError('NOT_FOUND', '走访记录不存在 / No such visit');
      const result = await visitToCase(ctx, actor, p, visit, request.body.categoryCode, request.ip);
      reply.code(result.created ? 201 : 200);
      return { visitId: visit.id, ...result };
    },
  );

  app.post(
    '/api/v1/patrols/:id/finish',
    {
      schema: {
        tags: TAGS,
        summary: '结束巡查 / Finish a patrol',
        description: 'Ends the open patrol. A finished one: 422 PATROL_FINISHED with `finishedAt`.',
        params: IdParams,
        response: { 200: PatrolDetailOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'patrol:record');
      const p = await loadPatrol(ctx, actor, request.params.id, 'work');
      await finishPatrol(ctx, actor, p, request.ip);
      return presentDetail(ctx, actor, (await findPatrol(ctx.db, p.id))!);
    },
  );
}
