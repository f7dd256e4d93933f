// The router sends a message on every channel that takes it, and a retry after one channel failed
// goes only to the channels still missing (nobody gets a second SMS because a webhook was down).
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import {
  RoutingAdapter,
  deliverDue,
  deliveredChannels,
  enqueue,
  type DeliveredMessage,
  type NotificationChannel,
} from './outbox.ts';

function channel(name: string, accepts: (m: DeliveredMessage) => boolean, failFirst = 0) {
  const seen: number[] = [];
  let failures = failFirst;
  const c: NotificationChannel = {
    name,
    accepts,
    deliver: (m) => {
      if (failures > 0) {
        failures--;
        return Promise.reject(new Error(`${name} down`));
      }
      seen.push(m.id);
      return Promise.resolve();
    },
  };
  return { c, seen };
}

describeEachDialect('outbox routing', (get) => {
  it('retries only the channel that failed, and skips channels that do not take the message', async () => {
    const h = get();
    const t0 = new Date('2026-12-04T01:00:00Z');
    await h.ctx.db
      .transaction()
      .execute((trx) =>
        enqueue(trx, [{ topic: 'test.routing', recipientType: 'user', recipient: 1, payload: {} }], t0),
      );
    const sms = channel('sms', () => true);
    const hook = channel('hook', () => true, 1);
    const never = channel('never', () => false);
    const router = new RoutingAdapter(h.ctx.db, [sms.c, hook.c, never.c], () => t0);
    const first = await deliverDue(h.ctx.db, router, t0);
    expect(first).toEqual({ sent: 0, failed: 1, dead: 0 });
    const [id] = sms.seen;
    expect(id).toBeTypeOf('number');
    expect(await deliveredChannels(h.ctx.db, id!)).toEqual(['sms']);
    const later = new Date(t0.getTime() + 3600_000);
    const second = await deliverDue(h.ctx.db, router, later);
    expect(second).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(sms.seen).toEqual([id]);
    expect(hook.seen).toEqual([id]);
    expect(never.seen).toEqual([]);
    expect(await deliveredChannels(h.ctx.db, id!)).toEqual(['hook', 'sms']);
  });
});
