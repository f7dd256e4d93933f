// HTTP for cases: intake (with Idempotency-Key), lists with filters and Chinese search, one case
// with its timeline and allowed actions, and workflow actions.
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { awaitReplicated } from '../../platform/db/database.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { CASE_STATUSES } from '../../../common/workflow.ts';
import { auditActorOf, authorize, retryAfterSecondsOf } from '../auth/index.ts';
import { LOOKUP_BUDGET, LOOKUP_WINDOW_MS, beginExactLookup } from '../people/index.ts';
import { findUnitById } from '../org/index.ts';
import { caseScope } from './cases.policy.ts';
import { listCases, type CaseFilter, type CaseSummaryRow } from './cases.repository.ts';
import { classifySearch } from './case-search.ts';
import {
  ActionBody,
  CaseDetail,
  CaseListQuery,
  CaseSummary,
  CategoryOut,
  CreateCaseBody,
  CreatedCase,
  ResidentCaseDetail,
  ResidentCaseQuery,
} from './cases.schemas.ts';
import { loadCase, loadVisibleCase, presentCase, presentListedCase } from './case-view.ts';
import { presentResidentCase } from './resident-view.ts';
import { findPossibleDuplicates, registerCase, type PossibleDuplicate } from './use-cases/register-case.ts';
import { performAction } from './use-cases/perform-action.ts';
import { completeKey, lookUpKey, requestHash, type Claim } from './idempotency.ts';
import { activeCategories } from './category.repository.ts';
import { attachmentRoutes } from './attachments.routes.ts';
import { mapRoutes } from './map.routes.ts';
import { returnCallRoutes } from './return-calls.routes.ts';
import { publicReportRoutes } from './public-report.routes.ts';
import { publicCategoryRoutes } from './public-categories.routes.ts';
import { importRoutes } from './import.routes.ts';
import { Type } from 'typebox';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { CASE_EXPORT_COLUMNS, EXPORT_PAGE_SIZE, withNames, type ExportedCase } from './case-export.ts';

const TAGS = ['cases'];

const isIdCursor = positiveIntCursor('id');
/** A search by the end of a case number lists at most this many number matches first. */
const NUMBER_MATCHES = 20;

export function caseRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/categories',
    {
      schema: {
        tags: TAGS,
        summary: '事件类别与权责清单 / Categories and the responsibility list',
        response: { 200: Type.Object({ items: Type.Array(CategoryOut) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'category:read');
      return { items: await activeCategories(ctx.db) };
    },
  );

  app.post(
    '/api/v1/cases',
    {
      schema: {
        tags: TAGS,
        summary: '受理事件（任一渠道） / Register a case from any channel',
        description:
          'Honours `Idempotency-Key`: the same key and body return the first response (or, if the server stopped before sending it, the case it created); the same key with another body is 422. A repeat sent while the first still runs waits for it. A resident reports through `web` or `api` (a staff channel is 422 CHANNEL_STAFF_ONLY), at most 10 cases an hour per account and 30 per client address (CONCORD_INTAKE_PER_RESIDENT, CONCORD_INTAKE_PER_ADDRESS), then 429 CASE_INTAKE_LIMITED with Retry-After. `externalRef` {system, id} (staff and service accounts): at most one case per reference — a retry, also one racing the first, answers 200 with the case already registered and writes nothing, even when the rest of its body differs (the first registration stands; a correction is a workflow action); a reference of a case the caller neither sent nor may read is 409 EXTERNAL_REF_TAKEN. The answer carries `trackingCode`, which the reporter follows the case by without an account (`GET /api/v1/track?code=`).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }),
        body: CreateCaseBody,
        response: { 200: CreatedCase, 201: CreatedCase, ...errorResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      try {
        if (request.body.directAnswer) await authorize(ctx, request, 'case:direct_answer');
        const actor = await authorize(ctx, request, 'case:create');
        const present = async (caseId: number, possibleDuplicates?: PossibleDuplicate[]) => {
          const loaded = (await loadCase(ctx.db, caseId, { timeline: true }))!;
          return {
            ...(await presentCase(ctx, actor, loaded)),
            possibleDuplicates: possibleDuplicates ?? (await findPossibleDuplicates(ctx, actor, loaded.row)),
          };
        };
        const replay = async (earlier: Exclude<Claim, { kind: 'new' }>) => {
          // The first request's commit may not be on the standby yet: never acknowledge it before.
          await awaitReplicated(ctx.db as never, ctx.dialect);
          return earlier.kind === 'replay'
            ? reply.status(earlier.status as 201).send(earlier.body as never)
            : // The case was committed but its first response never stored: present it again.
              reply.status(201).send(await present(earlier.caseId));
        };
        const key = request.headers['idempotency-key'];
        if (typeof key !== 'string') {
          const { row, possibleDuplicates, replayed } = await registerCase(ctx, actor, request.body, request.ip);
          return reply.status(replayed ? 200 : 201).send(await present(row.id, possibleDuplicates));
        }
        const idempotency = { actorUserId: actor.userId, key, hash: requestHash(request.body) };
        const earlier = await lookUpKey(ctx.db, idempotency);
        if (earlier.kind !== 'new') return replay(earlier);
        const registered = await registerCase(ctx, actor, request.body, request.ip, { idempotency });
        if ('earlier' in registered) return replay(registered.earlier);
        const body = await present(registered.row.id, registered.possibleDuplicates);
        // An externalRef retry claimed no key: the next retry finds the case by its reference again.
        if (registered.replayed) return reply.status(200).send(body);
        await completeKey(ctx.db, idempotency, 201, body);
        return reply.status(201).send(body);
      } catch (error) {
        // A resident over the hourly intake limit: when to try again (RFC 9110 §10.2.3).
        const seconds = retryAfterSecondsOf(error);
        if (seconds !== undefined) void reply.header('retry-after', String(seconds));
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags: TAGS,
        summary: '事件列表与搜索 / List and search cases',
        description: `Newest first, scoped to the caller. \`q\` searches as the console's search box does:
- a whole case number (370702-2026-000123): that case first, then the text search;
- three or more final digits of a number (000123, 123): the cases whose number ends so first (the newest ${NUMBER_MATCHES}, on the first page, ahead of \`limit\` text results), then the text search;
- an 11-digit mobile number (1[3-9]…): that caller's cases, newest first. This is an exact look-up: it needs \`person:lookup_exact\` (operator, dispatcher, mediator; others 403) and a \`purpose\`, is audited (the number never), and counts in the same budget as \`GET /api/v1/people?phone=\` (${LOOKUP_BUDGET} in ${LOOKUP_WINDOW_MS / 60_000} minutes, then 429 LOOKUP_BUDGET_EXCEEDED with Retry-After);
- anything else: Chinese full-text search of title, description and address (jieba words, all must match).

\`format=xlsx\` sends every matching case (not one page; \`cursor\` and \`limit\` are ignored) as an Excel sheet, streamed, and audits the export; a search by mobile number cannot be exported (422).`,
        querystring: CaseListQuery,
        response: {
          200: jsonOrXlsx(Page(CaseSummary), '事件列表 / The case list'),
          ...errorResponses(400, 401, 403, 422, 429),
        },
      },
    },
    async (request, reply) => {
      let actor = await authorize(ctx, request, 'case:read');
      const q = request.query;
      const limit = q.limit ?? 50;
      const statuses = q.status
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = statuses?.filter((s) => !(CASE_STATUSES as readonly string[]).includes(s)) ?? [];
      if (unknown.length > 0) {
        throw new AppError('VALIDATION_FAILED', '状态无效 / Unknown status', [
          { field: 'status', message: `未知状态 ${unknown.join(',')} / Unknown` },
        ]);
      }
      const search = q.q ? classifySearch(q.q) : undefined;
      const purpose = q.purpose?.trim() ?? '';
      if (search?.kind === 'phone') {
        // Confirming a guessed number is the people registry's exact look-up: its power, first.
        actor = await authorize(ctx, request, 'person:lookup_exact');
        await beginExactLookup(ctx, actor, reply, purpose, {
          message: '请说明查找事由 / State why you look this caller up',
          field: '按电话号码查找须写明事由 / Required when searching by phone',
        });
      }
      let withinPath: string | undefined;
      if (q.unitId !== undefined) withinPath = (await findUnitById(ctx.db, q.unitId))?.path ?? '/none/';
      const filter: CaseFilter = {
        scope: caseScope(actor),
        status: statuses,
        kind: q.kind,
        categoryCode: q.categoryCode,
        channel: q.channel,
        withinPath,
        overdueAt: q.overdue ? ctx.clock.now().toISOString() : undefined,
        leaderUserId: q.leaderId === undefined ? undefined : q.leaderId === 'me' ? actor.userId : Number(q.leaderId),
        leadUnitId: q.leadUnitId,
        createdBy: q.createdBy,
        kpi: q.kpi,
        kpiAt: ctx.clock.now().toISOString(),
        createdFrom: q.from ? new Date(q.from).toISOString() : undefined,
        createdTo: q.to ? new Date(q.to).toISOString() : undefined,
        beforeId: decodeCursor(q.cursor, isIdCursor)?.id,
        limit: limit + 1,
      };
      const now = ctx.clock.now();
      // Searches and exports read the replica while it is fresh (ADR 0041); the plain work list,
      // which follows the caller's own actions, and every audit record stay on the primary.
      const reads = q.format === 'xlsx' || search !== undefined ? readContext(ctx, actor) : ctx;
      if (q.format === 'xlsx') {
        if (search?.kind === 'phone') {
          throw new AppError('VALIDATION_FAILED', '按手机号查找的结果不能导出 / A search by phone cannot be exported', [
            { field: 'format', message: '按手机号查找时不可导出 / Not with a search by phone' },
          ]);
        }
        const textWords = search?.words;
        const read = async (beforeId: number | undefined, excludeIds: number[]) => {
          const rows = await listCases(reads.db, ctx.dialect, {
            ...filter,
            words: textWords,
            excludeIds,
            beforeId,
            limit: EXPORT_PAGE_SIZE + 1,
          });
          const page = rows.slice(0, EXPORT_PAGE_SIZE);
          return {
            rows: await withNames(
              reads,
              page.map((row) => presentListedCase(actor, row, now)),
            ),
            next: rows.length > EXPORT_PAGE_SIZE ? page[page.length - 1]!.id : undefined,
          };
        };
        async function* everyCase() {
          // As the first page: the number matches, then the text results without them.
          let numbered: number[] = [];
          if (search?.kind === 'number') {
            const matches = await listCases(reads.db, ctx.dialect, {
              ...filter,
              number: search.exact,
              numberSuffix: search.suffix,
              beforeId: undefined,
              limit: NUMBER_MATCHES,
            });
            numbered = matches.map((r) => r.id);
            yield* await withNames(
              reads,
              matches.map((row) => presentListedCase(actor, row, now)),
            );
          }
          if (textWords?.length === 0) return;
          yield* allPages<ExportedCase, number>((cursor) => read(cursor, numbered));
        }
        // The leader's own cases (领导包案) and the overdue list are named as the console names them.
        const [title, what] = q.overdue
          ? ['超期事件', 'overdue_cases']
          : q.leaderId !== undefined
            ? ['包案事件', 'leader_cases']
            : ['事件列表', 'cases'];
        return sendXlsx(reply, {
          filename: `${title}-${exportStamp(now)}.xlsx`,
          sheetName: title,
          columns: CASE_EXPORT_COLUMNS,
          rows: everyCase(),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'case:read'),
            clientIp: request.ip,
            what,
            filters: exportFilters(q),
          },
        });
      }
      if (search?.kind === 'phone') {
        const rows = await listCases(reads.db, ctx.dialect, {
          ...filter,
          reporterPhoneHash: ctx.cipher.blindIndex(search.phone),
        });
        const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
        // Who looked for whose cases and why; the number searched for stays out of the log.
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(
            trx,
            {
              actor: auditActorOf(actor, 'person:lookup_exact'),
              action: 'case.lookup_phone',
              subjectType: 'case',
              subjectId: page.length === 1 ? page[0]!.id : null,
              outcome: 'success',
              clientIp: request.ip,
              details: { fields: ['phone'], purpose, found: page.length, caseIds: page.map((r) => r.id) },
            },
            now,
          ),
        );
        return { items: page.map((row) => presentListedCase(actor, row, now)), nextCursor };
      }
      // The number matches lead the first page and are left out of the text results on every page.
      let numbered: CaseSummaryRow[] = [];
      if (search?.kind === 'number') {
        numbered = await listCases(reads.db, ctx.dialect, {
          ...filter,
          number: search.exact,
          numberSuffix: search.suffix,
          beforeId: undefined,
          limit: NUMBER_MATCHES,
        });
      }
      const words = search?.words;
      let rows: CaseSummaryRow[] = [];
      if (!search || words!.length > 0) {
        rows = await listCases(reads.db, ctx.dialect, {
          ...filter,
          words,
          excludeIds: numbered.map((r) => r.id),
        });
      }
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      const first = filter.beforeId === undefined ? numbered : [];
      return {
        items: [...first, ...page].map((row) => presentListedCase(actor, row, now)),
        nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags: TAGS,
        summary: '事件详情、时间线与可执行操作 / A case with its timeline and allowed actions',
        params: IdParams,
        response: { 200: CaseDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read');
      return presentCase(ctx, actor, await loadVisibleCase(ctx, actor, request.params.id, { timeline: true }));
    },
  );

  app.post(
    '/api/v1/cases/:id/actions',
    {
      schema: {
        tags: TAGS,
        summary: '办理操作 / Take a workflow action',
        description:
          '409 when `version` is stale; 422 INVALID_TRANSITION (with `allowedActions`) when not allowed now.',
        params: IdParams,
        body: ActionBody,
        response: { 200: CaseDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read');
      const loaded = await performAction(ctx, actor, request.params.id, request.body, request.ip);
      return presentCase(ctx, actor, loaded);
    },
  );

  // The resident's own reports, in the resident's schema (what the residents' page shows).
  app.get(
    '/api/v1/my/cases',
    {
      schema: {
        tags: TAGS,
        summary: '我反映的事件 / The cases I reported',
        description:
          'For a resident: their own reports, newest first, each with its status, the reply, deadlines and the units that acted — no staff names, internal notes, cards or assignments.',
        querystring: ResidentCaseQuery,
        response: { 200: Page(ResidentCaseDetail), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:own_reports');
      const limit = request.query.limit ?? 20;
      const rows = await listCases(ctx.db, ctx.dialect, {
        scope: { regionPaths: [], handlerUnitIds: [], reporterUserId: actor.userId },
        beforeId: decodeCursor(request.query.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      const items = [];
      for (const row of page)
        items.push(await presentResidentCase(ctx, actor, (await loadCase(ctx.db, row.id, { timeline: true }))!));
      return { items, nextCursor };
    },
  );

  app.get(
    '/api/v1/my/cases/:id',
    {
      schema: {
        tags: TAGS,
        summary: '我反映的一件事件 / One case I reported',
        description: 'For the resident who reported it; anyone else’s case does not exist (404).',
        params: IdParams,
        response: { 200: ResidentCaseDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:own_reports');
      const { id } = request.params;
      const loaded = await loadCase(ctx.db, id, { timeline: true });
      if (!loaded) throw new AppError('NOT_FOUND', '事件不存在 / No such case');
      if (loaded.row.reporter_user_id !== actor.userId)
        throw new AppError('NOT_FOUND', '事件不存在 / No such case').denying('case', id);
      return presentResidentCase(ctx, actor, loaded);
    },
  );

  attachmentRoutes(app, ctx);
  mapRoutes(app, ctx);
  returnCallRoutes(app, ctx);
  publicReportRoutes(app, ctx);
  publicCategoryRoutes(app, ctx);
  importRoutes(app, ctx);
}
