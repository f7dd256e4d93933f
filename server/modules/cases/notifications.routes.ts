// HTTP for administrators to see notifications that could not be delivered (dead letters) and
// the queue, and to send a dead one again.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { listOutbox, retryDeadLetter } from '../../platform/outbox/outbox.ts';
import { auditActorOf, authorize, coversWholeTree, type Actor } from '../auth/index.ts';

const NotificationOut = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  recipientType: Type.String(),
  recipient: Type.String(),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
});

/** The queue spans every county: only an administrator of the whole province reads it. */
function requireProvinceAdmin(actor: Actor): void {
  if (!coversWholeTree(actor, 'notification:manage')) {
    throw new AppError('FORBIDDEN', '仅省级管理员可查看通知队列 / Only a province administrator sees the queue');
  }
}

export function notificationRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '通知队列与死信 / Notification queue and dead letters',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('dead')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(NotificationOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireProvinceAdmin(await authorize(ctx, request, 'notification:manage'));
      const rows = await listOutbox(ctx.db, { status: request.query.status, limit: request.query.limit ?? 100 });
      return {
        items: rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          recipientType: r.recipient_type,
          recipient: r.recipient,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          status: r.status,
          attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at,
          lastError: r.last_error,
          createdAt: r.created_at,
          sentAt: r.sent_at,
        })),
      };
    },
  );

  app.post(
    '/api/v1/notifications/:id/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: '重发死信 / Send a dead letter again',
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'notification:manage');
      requireProvinceAdmin(actor);
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await retryDeadLetter(trx, request.params.id, now)))
          throw new AppError('NOT_FOUND', '没有这条死信 / No such dead letter');
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'notification:manage'),
            action: 'notification.retry',
            subjectType: 'outbox',
            subjectId: request.params.id,
            outcome: 'success',
            clientIp: request.ip,
          },
          now,
        );
      });
      return { ok: true };
    },
  );
}
