// Chooses the notification adapter from config and runs the outbox delivery.
import type { AppContext } from '../../context.ts';
import { LogAdapter, WebhookAdapter, deliverDue, type NotificationAdapter } from '../../platform/outbox/outbox.ts';

export function notificationAdapter(
  ctx: AppContext,
  log: (line: Record<string, unknown>) => void,
): NotificationAdapter {
  const { webhookUrl, webhookSecret } = ctx.config;
  return webhookUrl && webhookSecret ? new WebhookAdapter(webhookUrl, webhookSecret) : new LogAdapter(log);
}

export function deliverNotifications(ctx: AppContext, adapter: NotificationAdapter) {
  return deliverDue(ctx.db, adapter, ctx.clock.now());
}
