// The outbox channel to other systems (issue 15): a message addressed to a service account
// (recipientType 'service_account', recipient = its id) is POSTed as JSON to the account's webhook,
// signed with the account's secret (X-Concord-Signature: sha256=<HMAC-SHA256 hex of the body>,
// WebhookAdapter.sign). A failure throws, so the outbox retries with backoff and finally keeps a
// dead letter the administrator sees and can send again (after fixing the address, say).
import type { AppContext } from '../../context.ts';
import { WebhookAdapter, type NotificationChannel } from '../../platform/outbox/outbox.ts';

export const SERVICE_ACCOUNT_CHANNEL = 'service_account_webhook';

export function serviceAccountWebhookChannel(ctx: AppContext): NotificationChannel {
  return {
    name: SERVICE_ACCOUNT_CHANNEL,
    accepts: (message) => message.recipientType === 'service_account',
    async deliver(message) {
      const id = Number(message.recipient);
      const account = Number.isSafeInteger(id)
        ? await ctx.db
            .selectFrom('service_account')
            .select(['webhook_url', 'webhook_secret', 'revoked_at'])
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!account) throw new Error(`no service account ${message.recipient}`);
      if (account.revoked_at !== null) throw new Error('the service account is revoked');
      if (account.webhook_url === null || account.webhook_secret === null) {
        throw new Error('the service account has no webhook address');
      }
      const adapter = new WebhookAdapter(account.webhook_url, ctx.cipher.decrypt(account.webhook_secret));
      await adapter.deliver(message);
    },
  };
}
