// Where the outbox's messages go (issue 15): every message is offered to each channel in turn and
// each channel takes the messages it accepts (RoutingAdapter; a channel's success is recorded, so a
// retry sends only what is missing). The modules own their channels; this file only lists them.
import type { AppContext } from './context.ts';
import {
  LogAdapter,
  RoutingAdapter,
  WebhookAdapter,
  deliverDue,
  type DeliveredMessage,
  type NotificationAdapter,
  type NotificationChannel,
} from './platform/outbox/outbox.ts';
import { serviceAccountWebhookChannel } from './modules/auth/index.ts';

/** The operator's own sink: every message to the configured webhook, or else one log line. */
function operatorSink(ctx: AppContext, log: (line: Record<string, unknown>) => void): NotificationChannel {
  const { webhookUrl, webhookSecret } = ctx.config;
  const adapter: NotificationAdapter =
    webhookUrl && webhookSecret ? new WebhookAdapter(webhookUrl, webhookSecret) : new LogAdapter(log);
  return {
    name: adapter.name,
    accepts: (_message: DeliveredMessage) => true,
    deliver: (message) => adapter.deliver(message),
  };
}

export function notificationRouter(ctx: AppContext, log: (line: Record<string, unknown>) => void): NotificationAdapter {
  const channels: NotificationChannel[] = [
    operatorSink(ctx, log),
    // Each module's channel joins here (one line each): inbox, sms, service-account webhooks.
    serviceAccountWebhookChannel(ctx),
  ];
  return new RoutingAdapter(ctx.db, channels, () => ctx.clock.now());
}

export function deliverNotifications(ctx: AppContext, adapter: NotificationAdapter) {
  return deliverDue(ctx.db, adapter, ctx.clock.now());
}
