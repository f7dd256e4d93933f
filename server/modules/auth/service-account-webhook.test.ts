// The outbox channel to a service account's webhook (issue 15) against a real local HTTP server on
// both databases: delivered with a signature the receiver can check, retried after a failure with
// the outbox's backoff, and only on this channel.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { WebhookAdapter, deliveredChannels, enqueue } from '../../platform/outbox/outbox.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { SERVICE_ACCOUNT_CHANNEL } from './service-account-webhook.ts';

interface Received {
  url: string | undefined;
  signature: string | undefined;
  delivery: string | undefined;
  body: string;
}

const received: Received[] = [];
/** The answers the receiver gives, in turn; 204 once they run out. */
const answers: number[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        url: req.url,
        signature: req.headers['x-concord-signature'] as string | undefined,
        delivery: req.headers['x-concord-delivery'] as string | undefined,
        body,
      });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  server.close();
});

describeEachDialect('service account webhooks', (get) => {
  it('delivers a signed status change, retries after a failure and records the channel once', async () => {
    const h = get();
    const admin = await h.userWith('admin', '370702-centre');
    const path = `/hook-${h.dialect}`;
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: admin.token,
      payload: {
        name: `webhook-${h.dialect}`,
        unitId: (await h.unit('370702')).id,
        scopes: ['cases:create'],
        webhookUrl: `${baseUrl}${path}`,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, webhookSecret } = created.json() as { id: number; webhookSecret: string };

    await enqueue(
      h.ctx.db,
      [
        {
          topic: 'case.status_changed',
          recipientType: 'service_account',
          recipient: id,
          subjectType: 'case',
          subjectId: 42,
          payload: {
            number: 'X-42',
            externalRef: { system: '12345-sd', id: 'W1' },
            status: 'resolved',
            action: 'resolve',
          },
        },
      ],
      h.clock.now(),
    );
    const message = await h.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('recipient_type', '=', 'service_account')
      .where('recipient', '=', String(id))
      .executeTakeFirstOrThrow();
    const router = notificationRouter(h.ctx, () => undefined);
    const mine = () => received.filter((r) => r.url === path && r.delivery === String(message.id));
    const state = () =>
      h.ctx.db
        .selectFrom('outbox')
        .select(['status', 'attempts', 'last_error'])
        .where('id', '=', message.id)
        .executeTakeFirstOrThrow();

    // First attempt: the receiver is down (503) — the message waits with the outbox's backoff.
    answers.push(503);
    for (let i = 0; i < 20 && mine().length === 0; i++) await deliverNotifications(h.ctx, router);
    expect(mine()).toHaveLength(1);
    expect(await state()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await state()).last_error).toContain('503');
    expect(await deliveredChannels(h.ctx.db, message.id)).not.toContain(SERVICE_ACCOUNT_CHANNEL);

    // Not before the backoff; then delivered.
    await deliverNotifications(h.ctx, router);
    expect(mine()).toHaveLength(1);
    h.clock.set(new Date(h.clock.now().getTime() + 31_000));
    for (let i = 0; i < 20 && mine().length < 2; i++) await deliverNotifications(h.ctx, router);
    expect(mine()).toHaveLength(2);
    expect(await state()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await deliveredChannels(h.ctx.db, message.id)).toContain(SERVICE_ACCOUNT_CHANNEL);

    // The county's administrator sees the deliveries to its own service account and sends a dead
    // one again; another county's administrator sees none of them.
    const queue = await h.inject({ method: 'GET', url: '/api/v1/notifications', token: admin.token });
    expect(queue.statusCode, queue.body).toBe(200);
    const ids = (queue.json() as { items: { id: number; recipientType: string }[] }).items;
    expect(ids.map((i) => i.id)).toContain(message.id);
    expect(ids.every((i) => i.recipientType === 'service_account')).toBe(true);
    const stranger = await h.userWith('admin', '370703-centre');
    const theirs = await h.inject({ method: 'GET', url: '/api/v1/notifications', token: stranger.token });
    expect((theirs.json() as { items: { id: number }[] }).items.map((i) => i.id)).not.toContain(message.id);
    await h.ctx.db.updateTable('outbox').set({ status: 'dead' }).where('id', '=', message.id).execute();
    const refused = await h.inject({
      method: 'POST',
      url: `/api/v1/notifications/${message.id}/retry`,
      token: stranger.token,
    });
    expect(refused.statusCode).toBe(404);
    const retried = await h.inject({
      method: 'POST',
      url: `/api/v1/notifications/${message.id}/retry`,
      token: admin.token,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(await state()).toMatchObject({ status: 'pending', attempts: 0 });

    const delivered = mine()[1]!;
    expect(delivered.signature).toBe(WebhookAdapter.sign(webhookSecret, delivered.body));
    expect(delivered.signature).not.toBe(WebhookAdapter.sign('another secret', delivered.body));
    expect(JSON.parse(delivered.body)).toMatchObject({
      topic: 'case.status_changed',
      recipient: { type: 'service_account', id: String(id) },
      subject: { type: 'case', id: '42' },
      payload: { status: 'resolved', externalRef: { system: '12345-sd', id: 'W1' } },
    });
  });

  it('keeps a message for an account without an address as a failure, then delivers once one is set', async () => {
    const h = get();
    const admin = await h.userWith('admin', '370702-centre');
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: admin.token,
      payload: { name: `no-hook-${h.dialect}`, unitId: (await h.unit('370702')).id, scopes: ['cases:create'] },
    });
    const { id } = created.json() as { id: number };
    await enqueue(
      h.ctx.db,
      [
        {
          topic: 'case.status_changed',
          recipientType: 'service_account',
          recipient: id,
          payload: { status: 'closed' },
        },
      ],
      h.clock.now(),
    );
    const message = await h.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('recipient', '=', String(id))
      .where('recipient_type', '=', 'service_account')
      .executeTakeFirstOrThrow();
    const router = notificationRouter(h.ctx, () => undefined);
    for (let i = 0; i < 20; i++) {
      await deliverNotifications(h.ctx, router);
      const row = await h.ctx.db
        .selectFrom('outbox')
        .select('attempts')
        .where('id', '=', message.id)
        .executeTakeFirstOrThrow();
      if (row.attempts > 0) break;
    }
    const row = await h.ctx.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.last_error).toContain('no webhook address');

    // An address set later: the next retry delivers.
    const patched = await h.inject({
      method: 'PATCH',
      url: `/api/v1/service-accounts/${id}`,
      token: admin.token,
      payload: { webhookUrl: `${baseUrl}/late-${h.dialect}` },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const secret = (patched.json() as { webhookSecret: string | null }).webhookSecret;
    expect(secret).toMatch(/^whsec_/);
    h.clock.set(new Date(h.clock.now().getTime() + 31_000));
    const late = (r: Received) => r.url === `/late-${h.dialect}` && r.delivery === String(message.id);
    for (let i = 0; i < 20 && !received.some(late); i++) await deliverNotifications(h.ctx, router);
    const got = received.find(late);
    expect(got?.signature).toBe(WebhookAdapter.sign(secret!, got!.body));
  });
});
