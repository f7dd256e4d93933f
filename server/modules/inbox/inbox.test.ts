// Staff inboxes (issue 15): the notifier's inbox channel turns a message to a unit into one notice
// per staff member of that unit, exactly once however often it is delivered; each user reads and
// marks only their own notices.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUnit, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { deliverDue } from '../../platform/outbox/outbox.ts';
import { inboxChannel } from './index.ts';

interface Page {
  items: {
    id: number;
    topic: string;
    title: { zh: string; en: string };
    subjectType: string | null;
    subjectId: string | null;
    readAt: string | null;
  }[];
  unreadCount: number;
  nextCursor: string | null;
}

/** Runs the notifier until nothing is due (what the repeating job does every interval). */
async function runNotifier(h: Harness): Promise<void> {
  const router = notificationRouter(h.ctx, () => {});
  for (let i = 0; i < 50; i++) {
    const result = await deliverNotifications(h.ctx, router);
    if (result.sent + result.failed + result.dead === 0) return;
  }
}

async function inboxOf(h: Harness, token: string, query = ''): Promise<Page> {
  const res = await h.inject({ method: 'GET', url: `/api/v1/inbox${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

describeEachDialect('staff inbox', (get) => {
  let unit: { id: number };
  let handlers: BuiltUser[];
  let outsider: BuiltUser;

  it('gives each staff member of the lead unit one notice of a dispatch, and nobody else', async () => {
    const h = get();
    await runNotifier(h);
    unit = await buildUnit(get(), { type: 'department', kind: 'housing' });
    handlers = [
      await buildUser(h, { role: 'department', unit: { id: unit.id } }),
      await buildUser(h, { role: 'department', unit: { id: unit.id } }),
    ];
    // A resident attached to the unit would be no staff; an account elsewhere hears nothing.
    outsider = await buildUser(h, { role: 'department', unit: '370702-dept-housing' });
    const before = await inboxOf(h, outsider.token);

    const built = await buildCase(h, {
      status: 'dispatched',
      lead: { id: unit.id },
      description: '楼上每晚敲打地板，住户王某某电话13812345678',
    });
    await runNotifier(h);

    for (const handler of handlers) {
      const page = await inboxOf(h, handler.token);
      expect(page.unreadCount).toBe(1);
      expect(page.items).toHaveLength(1);
      const [item] = page.items;
      expect(item).toMatchObject({
        topic: 'case.assigned',
        subjectType: 'case',
        subjectId: String(built.id),
        readAt: null,
      });
      expect(item!.title.zh).toContain(built.number);
      expect(item!.title.en).toContain(`case ${built.number}`);
      // The category's name, never the reporter or the description.
      expect(item!.title.zh).toMatch(/（.+）/);
      expect(JSON.stringify(item)).not.toMatch(/敲打地板|王某某|13812345678/);
    }
    expect((await inboxOf(h, outsider.token)).unreadCount).toBe(before.unreadCount);
  });

  it('adds nothing when a message is delivered again', async () => {
    const h = get();
    const rows = await h.ctx.db.selectFrom('inbox_item').selectAll().where('user_id', '=', handlers[0]!.id).execute();
    const message = await h.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', rows[0]!.outbox_id)
      .executeTakeFirstOrThrow();
    const channel = inboxChannel(h.ctx);
    const delivered = {
      id: message.id,
      topic: message.topic,
      recipientType: message.recipient_type,
      recipient: message.recipient,
      subjectType: message.subject_type,
      subjectId: message.subject_id,
      payload: JSON.parse(message.payload) as Record<string, unknown>,
      attempts: message.attempts,
    };
    await channel.deliver(delivered);
    await channel.deliver(delivered);
    // Requeued as a retry would: the router skips the inbox, which has delivered it already.
    await h.ctx.db.updateTable('outbox').set({ status: 'pending' }).where('id', '=', message.id).execute();
    await deliverDue(
      h.ctx.db,
      notificationRouter(h.ctx, () => {}),
      h.ctx.clock.now(),
    );
    for (const handler of handlers) expect((await inboxOf(h, handler.token)).items).toHaveLength(1);
  });

  it('counts unread notices and marks one or all read', async () => {
    const h = get();
    const [first, second] = handlers as [BuiltUser, BuiltUser];
    await buildCase(h, { status: 'dispatched', lead: { id: unit.id } });
    await buildCase(h, { status: 'dispatched', lead: { id: unit.id } });
    await runNotifier(h);
    let page = await inboxOf(h, first.token);
    expect(page.unreadCount).toBe(3);
    expect(page.items.map((i) => i.id)).toEqual([...page.items.map((i) => i.id)].sort((a, b) => b - a));

    const oldest = page.items[2]!;
    const read = await h.inject({ method: 'POST', url: `/api/v1/inbox/${oldest.id}/read`, token: first.token });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({
      unreadCount: 2,
      item: { id: oldest.id, readAt: expect.any(String) as string },
    });
    // Again: still read, still two.
    const again = await h.inject({ method: 'POST', url: `/api/v1/inbox/${oldest.id}/read`, token: first.token });
    expect(again.json()).toMatchObject({ unreadCount: 2 });

    page = await inboxOf(h, first.token);
    // Unread first, then the read one.
    expect(page.items.map((i) => i.readAt === null)).toEqual([true, true, false]);
    expect((await inboxOf(h, first.token, '?unread=true')).items).toHaveLength(2);
    // Paging: one at a time, the same order.
    const one = await inboxOf(h, first.token, '?limit=1');
    const next = await inboxOf(h, first.token, `?limit=2&cursor=${one.nextCursor}`);
    expect([...one.items, ...next.items].map((i) => i.id)).toEqual(page.items.map((i) => i.id));
    expect(next.nextCursor).toBeNull();

    // The other handler's notices are theirs: untouched.
    expect((await inboxOf(h, second.token)).unreadCount).toBe(3);

    const all = await h.inject({ method: 'POST', url: '/api/v1/inbox/read-all', token: first.token });
    expect(all.json()).toEqual({ marked: 2, unreadCount: 0 });
    expect((await inboxOf(h, first.token)).unreadCount).toBe(0);
  });

  it("answers another user's notice as not found", async () => {
    const h = get();
    const theirs = (await inboxOf(h, handlers[1]!.token)).items[0]!;
    const res = await h.inject({ method: 'POST', url: `/api/v1/inbox/${theirs.id}/read`, token: handlers[0]!.token });
    expect(res.statusCode).toBe(404);
    expect((await inboxOf(h, handlers[1]!.token)).items[0]!.readAt).toBeNull();
    expect(
      (await h.inject({ method: 'POST', url: '/api/v1/inbox/999999/read', token: handlers[0]!.token })).statusCode,
    ).toBe(404);
  });

  it('refuses a broken cursor with 400', async () => {
    const h = get();
    for (const cursor of ['x', Buffer.from('{"unread":"yes","id":1}').toString('base64url')]) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/inbox?cursor=${cursor}`, token: handlers[0]!.token });
      expect(res.statusCode).toBe(400);
    }
  });
});
