// The unread count pushed as Server-Sent Events, over a real listening server (app.inject cannot
// hold a response open): the count on connect, a new count after a dispatch and a notifier run,
// another after reading, and nothing left subscribed once the client goes away.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUnit, buildUser } from '../../../test/support/factories.ts';
import { eventReader } from '../../../test/support/event-stream.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { inboxListenerCount } from './inbox-events.ts';

async function runNotifier(h: Harness): Promise<void> {
  const router = notificationRouter(h.ctx, () => {});
  for (let i = 0; i < 50; i++) {
    const r = await deliverNotifications(h.ctx, router);
    if (r.sent + r.failed + r.dead === 0) return;
  }
}

const within = <T>(promise: Promise<T>, ms = 10_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms)),
  ]);

describeEachDialect('inbox event stream', (get) => {
  it('pushes the unread count on connect, after a dispatch reaches the inbox, and after reading', async () => {
    const h = get();
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const unit = await buildUnit(h, { type: 'department', kind: 'housing' });
    const handler = await buildUser(h, { role: 'department', unit: { id: unit.id } });
    await runNotifier(h);

    const abort = new AbortController();
    const res = await fetch(`${address}/api/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${handler.token}`, accept: 'text/event-stream', 'accept-encoding': 'gzip, br' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-transform');
    // Nothing compresses or buffers it; helmet's headers are still there.
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const next = eventReader(res.body!);
    expect(await within(next())).toEqual({ event: 'unread', data: JSON.stringify({ unreadCount: 0 }) });
    expect(inboxListenerCount(h.ctx, handler.id)).toBe(1);

    await buildCase(h, { status: 'dispatched', lead: { id: unit.id } });
    await runNotifier(h);
    expect(await within(next())).toEqual({ event: 'unread', data: JSON.stringify({ unreadCount: 1 }) });

    const page = (await h.inject({ method: 'GET', url: '/api/v1/inbox', token: handler.token })).json() as {
      items: { id: number }[];
    };
    await h.inject({ method: 'POST', url: `/api/v1/inbox/${page.items[0]!.id}/read`, token: handler.token });
    expect(await within(next())).toEqual({ event: 'unread', data: JSON.stringify({ unreadCount: 0 }) });

    abort.abort();
    await expect.poll(() => inboxListenerCount(h.ctx, handler.id), { timeout: 5_000 }).toBe(0);
  });

  it('authenticates like every route and answers a request that does not take a stream', async () => {
    const h = get();
    const address = h.app.listeningOrigin;
    const handler = await buildUser(h, { role: 'department', unit: '370702-dept-housing' });
    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    const anonymous = await fetch(`${address}/api/v1/inbox/stream`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
    const refused = await fetch(`${address}/api/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${resident.token}`, accept: 'text/event-stream' },
    });
    expect(refused.status).toBe(403);
    const plain = await fetch(`${address}/api/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${handler.token}`, accept: 'application/json' },
    });
    expect(plain.status).toBe(406);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('EVENT_STREAM_ONLY');
  });

  it('ends open streams when the app closes', async () => {
    const h = get();
    const handler = await buildUser(h, { role: 'department', unit: '370702-dept-housing' });
    const res = await fetch(`${h.app.listeningOrigin}/api/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${handler.token}`, accept: 'text/event-stream' },
    });
    const next = eventReader(res.body!);
    await within(next());
    const closing = h.app.close();
    await expect(within(next())).rejects.toThrow('stream ended');
    await within(closing);
  });
});
