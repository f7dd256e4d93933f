// HTTP for 回访 and the caller's number: the queue of resolved cases waiting for a rating by phone,
// recording a call, and the audited reveal of a reporter's number. The rating itself is the
// workflow's `rate` action (POST /cases/{id}/actions), which an operator covering the case may take.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, Page, decodeCursor, errorResponses, keysetPage } from '../../platform/http/schemas.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { authorize, jurisdictionPaths, retryAfterSecondsOf } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { listReturnCallQueue, returnCallsOf, type ReturnCallRow } from './return-calls.repository.ts';
import {
  ReturnCallAttempt,
  ReturnCallBody,
  ReturnCallQuery,
  ReturnCallQueueItem,
  RevealedReporter,
  RevealReporterBody,
} from './return-calls.schemas.ts';
import { recordReturnCall } from './use-cases/record-return-call.ts';
import { REVEAL_BUDGET, REVEAL_WINDOW_MS, revealReporter } from './use-cases/reveal-reporter.ts';

const TAGS = ['cases'];

const isQueueCursor = (value: unknown): value is { resolvedAt: string; id: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const { resolvedAt, id } = value as Record<string, unknown>;
  return (
    typeof resolvedAt === 'string' &&
    resolvedAt.length <= 40 &&
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0
  );
};

function presentCall(row: ReturnCallRow) {
  return { id: row.id, at: row.at, outcome: row.outcome, note: row.note, byName: row.by_name, byRole: row.by_role };
}

export function returnCallRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/return-calls',
    {
      schema: {
        tags: TAGS,
        summary: '待回访事件 / Resolved cases waiting for a return call',
        description:
          '已办结、尚未评价且留有电话的事件，等待最久的在前，附已拨打的回访 / Resolved cases in the caller’s area not yet rated whose reporter left a number, the longest waiting first, with the calls already made. `unitId` narrows to a unit’s area. Operators and dispatchers (`case:return_call`); others 403.',
        querystring: ReturnCallQuery,
        response: { 200: Page(ReturnCallQueueItem), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:return_call');
      const { unitId, cursor } = request.query;
      const limit = request.query.limit ?? 50;
      let withinPath: string | undefined;
      if (unitId !== undefined) withinPath = (await findUnitById(ctx.db, unitId))?.path ?? '/none/';
      const rows = await listReturnCallQueue(ctx.db, {
        regionPaths: jurisdictionPaths(actor, 'case:return_call'),
        withinPath,
        after: decodeCursor(cursor, isQueueCursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ resolvedAt: r.resolved_at, id: r.id }));
      const calls = await returnCallsOf(
        ctx.db,
        page.map((r) => r.id),
      );
      return {
        items: page.map((r) => ({
          caseId: r.id,
          number: r.number,
          title: r.title,
          status: r.status,
          version: r.version,
          resolvedAt: r.resolved_at,
          result: r.result,
          reporterName: r.reporter_name,
          reporterPhone: maskPhone(ctx.cipher.decrypt(r.reporter_phone_enc)),
          attempts: calls.filter((c) => c.case_id === r.id).map(presentCall),
        })),
        nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/cases/:id/return-calls',
    {
      schema: {
        tags: TAGS,
        summary: '记录一次回访 / Record a return call',
        description:
          '对已办结未评价事件记录一次回访及结果；接通后的评价用 rate 操作 / Records one call to the reporter of a resolved case not yet rated, and how it went; a reached caller’s rating is the `rate` action. 422 RETURN_CALL_NOT_DUE when the case is not awaiting one.',
        params: IdParams,
        body: ReturnCallBody,
        response: { 201: ReturnCallAttempt, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'case:return_call');
      const call = await recordReturnCall(ctx, actor, request.params.id, request.body, request.ip);
      return reply.status(201).send(presentCall(call));
    },
  );

  app.post(
    '/api/v1/cases/:id/reporter/reveal',
    {
      schema: {
        tags: TAGS,
        summary: '查看反映人明文电话（留痕） / Show the reporter’s number (audited)',
        description:
          `须说明事由，记入审计（不含号码）；每个账号 ${REVEAL_WINDOW_MS / 60_000} 分钟内至多 ${REVEAL_BUDGET} 次 / ` +
          `With a reason, audited (never the number); operators, dispatchers and mediators (\`case:reveal_reporter\`), ` +
          `others 403; ${REVEAL_BUDGET} per account in ${REVEAL_WINDOW_MS / 60_000} minutes, then 429 REVEAL_BUDGET_EXCEEDED with Retry-After.`,
        params: IdParams,
        body: RevealReporterBody,
        response: { 200: RevealedReporter, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'case:reveal_reporter');
      try {
        return await revealReporter(ctx, actor, request.params.id, request.body.reason, request.ip);
      } catch (error) {
        const seconds = retryAfterSecondsOf(error);
        if (seconds !== undefined) void reply.header('retry-after', String(seconds));
        throw error;
      }
    },
  );
}
