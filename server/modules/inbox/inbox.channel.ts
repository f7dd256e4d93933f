// The inbox's channel of the notification router (server/notifications.ts): a message about a case
// to a unit becomes a notice for each of the unit's staff, a message to a user a notice for that
// user. Called again for a message (a retry after another channel failed, two notifiers racing),
// it adds nothing: one row per (message, user), inserted or ignored.
import type { AppContext } from '../../context.ts';
import type { DeliveredMessage, NotificationChannel } from '../../platform/outbox/outbox.ts';
import { rolesWith } from '../../../common/powers.ts';
import { activeMemberIds, activeUsersWithRoles } from '../auth/index.ts';
import { addNotices } from './inbox.repository.ts';
import { announceInboxChange } from './inbox-events.ts';
import { isInboxTopic } from './inbox-topics.ts';

/** Whom a message reaches: the staff (holders of inbox:read) of the unit, or the one user. */
async function recipientsOf(ctx: AppContext, message: DeliveredMessage): Promise<number[]> {
  const id = Number(message.recipient);
  if (!Number.isSafeInteger(id) || id <= 0) return [];
  const staff = rolesWith('inbox:read');
  return message.recipientType === 'unit'
    ? activeMemberIds(ctx.db, id, staff)
    : activeUsersWithRoles(ctx.db, [id], staff);
}

export function inboxChannel(ctx: AppContext): NotificationChannel {
  return {
    name: 'inbox',
    accepts: (message) =>
      (message.recipientType === 'unit' || message.recipientType === 'user') && isInboxTopic(message.topic),
    async deliver(message) {
      const userIds = await recipientsOf(ctx, message);
      const added = await addNotices(
        ctx.db,
        {
          outboxId: message.id,
          topic: message.topic,
          subjectType: message.subjectType,
          subjectId: message.subjectId,
        },
        userIds,
        ctx.clock.now().toISOString(),
      );
      announceInboxChange(ctx, added);
    },
  };
}
