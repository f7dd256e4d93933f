// HTTP for administrators to see notifications that could not be delivered (dead letters) and
// the queue, and to send a dead one again.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { findOutboxRecipient, listOutbox, retryDeadLetter } from '../../platform/outbox/outbox.ts';
import {
  auditActorOf,
  authorize,
  coversWholeTree,
  jurisdictionPaths,
  serviceAccountIdsWithin,
  type Actor,
} from '../auth/index.ts';

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

/**
 * The queue spans every county: an administrator of the whole province reads all of it; another
 * administrator only the messages to the service accounts of their area (issue 15: the webhook
 * deliveries to the systems they connected). Answers null for "everything".
 */
async function visibleRecipients(
  ctx: AppContext,
  actor: Actor,
): Promise<{ type: 'service_account'; ids: string[] } | null> {
  if (coversWholeTree(actor, 'notification:manage')) return null;
  const ids = await serviceAccountIdsWithin(ctx.db, jurisdictionPaths(actor, 'notification:manage'));
  return { type: 'service_account', ids: ids.map(String) };
}

export function notificationRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '通知队列与死信 / Notification queue and dead letters',
        description:
          'Administrators. A province administrator sees the whole queue; another administrator only the messages to the service accounts of their area (webhook deliveries to the systems they connected).',
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
      const recipients = await visibleRecipients(ctx, await authorize(ctx, request, 'notification:manage'));
      const rows = await listOutbox(ctx.db, {
        status: request.query.status,
        limit: request.query.limit ?? 100,
        recipients: recipients ?? undefined,
      });
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
      const recipients = await visibleRecipients(ctx, actor);
      if (recipients) {
        const message = await findOutboxRecipient(ctx.db, request.params.id);
        if (!message || message.recipientType !== recipients.type || !recipients.ids.includes(message.recipient)) {
          throw new AppError('NOT_FOUND', '没有这条死信 / No such dead letter');
        }
      }
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
