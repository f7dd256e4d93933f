// HTTP for 队伍建设: the staff registry with its trainings, evaluations and monthly figures, the
// certificate alerts and the grids without a grid worker; every list exports as .xlsx. A record
// outside the caller's area does not exist for it (404).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, decodeCursor, encodeCursor, errorResponses, Page } from '../../platform/http/schemas.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx, type XlsxColumn } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, type Actor } from '../auth/index.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CandidateOut,
  CandidatesQuery,
  CertificateItem,
  CreateStaffBody,
  EvaluationBody,
  GridWithoutWorker,
  PerformanceOut,
  PerformanceQuery,
  StaffDetail,
  StaffListItem,
  StaffListQuery,
  TrainingBody,
  UnitScopedQuery,
} from './workforce.schemas.ts';
import {
  addEvaluation,
  addTraining,
  beijingDay,
  certificateAlerts,
  createStaff,
  gridsWithoutWorker,
  monthlyPerformance,
  presentStaff,
  staffCandidates,
  staffInReach,
  staffList,
} from './workforce.ts';
import { CERTIFICATE_EXPORT_COLUMNS, GRID_EXPORT_COLUMNS, STAFF_EXPORT_COLUMNS } from './workforce-export.ts';
import { Type } from 'typebox';

const TAGS = ['workforce'];

const isOffset = (value: unknown): value is { at: number } =>
  typeof value === 'object' &&
  value !== null &&
  Number.isSafeInteger((value as { at?: unknown }).at) &&
  (value as { at: number }).at >= 0;

/** Sends a whole list as .xlsx, audited as every export is. */
export function exportList<Row>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  spec: { name: string; what: string; columns: readonly XlsxColumn<Row>[]; rows: Row[]; filters: object },
) {
  const now = ctx.clock.now();
  return sendXlsx(reply, {
    filename: `${spec.name}-${exportStamp(now)}.xlsx`,
    sheetName: spec.name,
    columns: spec.columns,
    rows: spec.rows,
    audit: {
      log: ctx.audit,
      db: ctx.db,
      at: now,
      actor: auditActorOf(actor, 'workforce:read'),
      clientIp: request.ip,
      what: spec.what,
      filters: exportFilters(spec.filters as Record<string, unknown>),
    },
  });
}

export function workforceRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/workforce/staff',
    {
      schema: {
        tags: TAGS,
        summary: '队伍建设：人员档案 / The staff registry',
        description:
          "Staff records (grid workers, mediators, centre staff) of the caller's area, under `unitId` when given, " +
          'filtered by `post` and by certificates (`certificate=expired`: holding an expired certificate; `expiring`: ' +
          'expired or expiring within 30 days, on the Beijing day of the server clock; a certificate renewed by a later ' +
          'training of the same course no longer counts). `format=xlsx` exports every match, audited.',
        querystring: StaffListQuery,
        response: { 200: jsonOrXlsx(Page(StaffListItem), '人员档案 / Staff'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      const q = request.query;
      const items = await staffList(ctx, actor, { post: q.post, unitId: q.unitId, certificate: q.certificate });
      if (q.format === 'xlsx') {
        return exportList(ctx, request, reply, actor, {
          name: '队伍建设人员',
          what: 'staff',
          columns: STAFF_EXPORT_COLUMNS,
          rows: items,
          filters: q,
        });
      }
      const at = decodeCursor(q.cursor, isOffset)?.at ?? 0;
      const limit = q.limit ?? 50;
      const page = items.slice(at, at + limit);
      return { items: page, nextCursor: at + limit < items.length ? encodeCursor({ at: at + limit }) : null };
    },
  );

  app.post(
    '/api/v1/workforce/staff',
    {
      schema: {
        tags: TAGS,
        summary: '新建人员档案 / Add a staff record',
        description:
          'Links an account to the unit it serves in a post: a grid worker to a grid, a mediator to a committee, ' +
          'centre staff to a centre (else 422 STAFF_POST_UNIT_MISMATCH); the account must be a member of that unit ' +
          '(422 STAFF_NOT_MEMBER) and have no record yet (409 STAFF_RECORD_EXISTS). A unit outside the area: 404.',
        body: CreateStaffBody,
        response: { 201: StaffDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:manage');
      const staff = await createStaff(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentStaff(ctx, actor, staff);
    },
  );

  app.get(
    '/api/v1/workforce/staff/:id',
    {
      schema: {
        tags: TAGS,
        summary: '人员档案详情 / One staff record',
        description: 'The record with its duty list, trainings (each certificate’s state) and evaluations.',
        params: IdParams,
        response: { 200: StaffDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      return presentStaff(ctx, actor, await staffInReach(ctx, actor, request.params.id, 'workforce:read'));
    },
  );

  app.post(
    '/api/v1/workforce/staff/:id/trainings',
    {
      schema: {
        tags: TAGS,
        summary: '登记培训记录 / Add a training record',
        description:
          'Course, hours, date (not after today), and the certificate it gave: its number and the last day it is ' +
          'valid (not before the training; a certificate with an expiry needs its number). Answers the record.',
        params: IdParams,
        body: TrainingBody,
        response: { 201: StaffDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:manage');
      const staff = await staffInReach(ctx, actor, request.params.id, 'workforce:manage');
      await addTraining(ctx, actor, staff, request.body, request.ip);
      reply.code(201);
      return presentStaff(ctx, actor, staff);
    },
  );

  app.post(
    '/api/v1/workforce/staff/:id/evaluations',
    {
      schema: {
        tags: TAGS,
        summary: '登记考核评价 / Add an evaluation',
        params: IdParams,
        body: EvaluationBody,
        response: { 201: StaffDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:manage');
      const staff = await staffInReach(ctx, actor, request.params.id, 'workforce:manage');
      await addEvaluation(ctx, actor, staff, request.body, request.ip);
      reply.code(201);
      return presentStaff(ctx, actor, staff);
    },
  );

  app.get(
    '/api/v1/workforce/staff/:id/performance',
    {
      schema: {
        tags: TAGS,
        summary: '月度工作量与绩效 / Monthly workload and performance',
        description:
          'For each Beijing month of `year` (default: this year) up to now, the cases the person registered, ' +
          'counted by the dashboard’s KPI rules inside the caller’s case scope: found (`all`), resolved on the ' +
          'spot (`resolvedOnTheSpot`), handled on time over due (`handledOnTime`/`handlingDue`), satisfied over ' +
          'rated. Each figure is what GET /api/v1/cases lists for `createdBy`, `from`, `to` and `kpi`. Patrol ' +
          'coverage per month is GET /api/v1/patrols/coverage?workerId= (the patrols module sits above this one); ' +
          'the staff page shows it beside these figures.',
        params: IdParams,
        querystring: PerformanceQuery,
        response: { 200: PerformanceOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      const staff = await staffInReach(ctx, actor, request.params.id, 'workforce:read');
      const year = request.query.year ?? Number(beijingDay(ctx.clock.now()).slice(0, 4));
      return monthlyPerformance(ctx, actor, staff, year);
    },
  );

  app.get(
    '/api/v1/workforce/candidates',
    {
      schema: {
        tags: TAGS,
        summary: '可建档账号 / Accounts that can get a staff record',
        description:
          'Accounts of the caller’s area holding a grid worker, mediator, dispatcher or operator membership and no ' +
          'staff record yet, each with the unit of that membership (`q` searches names).',
        querystring: CandidatesQuery,
        response: { 200: Type.Object({ items: Type.Array(CandidateOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'workforce:manage');
      return { items: await staffCandidates(ctx, actor, request.query.q) };
    },
  );

  app.get(
    '/api/v1/workforce/certificates',
    {
      schema: {
        tags: TAGS,
        summary: '证书到期提醒 / Expired and expiring certificates',
        description:
          'Current certificates of the area’s staff (under `unitId` when given) that have expired or expire within ' +
          '30 days, soonest first, with the days left (negative: days since). `format=xlsx` exports them, audited.',
        querystring: UnitScopedQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(CertificateItem) }), '证书到期提醒 / Certificates'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      const items = await certificateAlerts(ctx, actor, request.query.unitId);
      if (request.query.format === 'xlsx') {
        return exportList(ctx, request, reply, actor, {
          name: '证书到期提醒',
          what: 'staff_certificates',
          columns: CERTIFICATE_EXPORT_COLUMNS,
          rows: items,
          filters: request.query,
        });
      }
      return { items };
    },
  );

  app.get(
    '/api/v1/workforce/grids-without-worker',
    {
      schema: {
        tags: TAGS,
        summary: '无网格员的网格 / Grids without a grid worker',
        description:
          'The grids of the area (under `unitId` when given) where no enabled account holds a grid worker membership. ' +
          '`format=xlsx` exports them, audited.',
        querystring: UnitScopedQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(GridWithoutWorker) }), '无网格员的网格 / Grids'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'workforce:read');
      const items = await gridsWithoutWorker(ctx, actor, request.query.unitId);
      if (request.query.format === 'xlsx') {
        return exportList(ctx, request, reply, actor, {
          name: '无网格员的网格',
          what: 'grids_without_worker',
          columns: GRID_EXPORT_COLUMNS,
          rows: items,
          filters: request.query,
        });
      }
      return { items };
    },
  );
}
