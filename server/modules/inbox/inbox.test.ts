// Staff inboxes (issue 15): the notifier's inbox channel turns a message to a unit into one notice
// per staff member of that unit, exactly once however often it is delivered; each user reads and
// marks only their own notices.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUnit, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { deliverDue } from '../../platform/outbox/outbox.ts';
import { sweepDeadlines } from '../cases/index.ts';
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

  it('tells the dispatching centre of a returned case and the lead unit of its rating', async () => {
    const h = get();
    const [handler] = handlers as [BuiltUser];
    const returned = await buildCase(h, { status: 'dispatched', lead: { id: unit.id } });
    // A dispatcher of the centre where the case waits for triage (the township's, for this grid).
    const { centre_id } = await h.ctx.db
      .selectFrom('case_record')
      .select('centre_id')
      .where('id', '=', returned.id)
      .executeTakeFirstOrThrow();
    const dispatcher = (await buildUser(h, { role: 'dispatcher', unit: { id: centre_id } })).token;
    const centreBefore = await inboxOf(h, dispatcher);
    const back = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${returned.id}/actions`,
      token: handler.token,
      payload: { action: 'return', version: returned.version, reason: '不属于本单位职责' },
    });
    expect(back.statusCode, back.body).toBe(200);

    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    const rated = await buildCase(h, {
      by: { token: resident.token, role: 'resident' },
      status: 'resolved',
      lead: { id: unit.id },
      acceptedBy: { token: handler.token },
    });
    const rating = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${rated.id}/actions`,
      token: resident.token,
      payload: {
        action: 'rate',
        version: rated.version,
        rating: 'satisfied',
        comment: '张先生很满意，电话13900001111',
      },
    });
    expect(rating.statusCode, rating.body).toBe(200);
    await runNotifier(h);

    const centre = await inboxOf(h, dispatcher);
    expect(centre.unreadCount).toBe(centreBefore.unreadCount + 1);
    expect(centre.items.find((i) => i.subjectId === String(returned.id))).toMatchObject({ topic: 'case.returned' });
    const mine = await inboxOf(h, handler.token);
    const notice = mine.items.find((i) => i.topic === 'case.rated');
    expect(notice).toMatchObject({ subjectId: String(rated.id) });
    expect(notice!.title.en).toContain(rated.number);
    expect(JSON.stringify(notice)).not.toMatch(/张先生|13900001111/);
    // The resident who reported and rated has no inbox.
    expect((await h.inject({ method: 'GET', url: '/api/v1/inbox', token: resident.token })).statusCode).toBe(403);
  });

  it("gives the lead unit's staff the sweeper's yellow and red cards", async () => {
    const h = get();
    const [handler] = handlers as [BuiltUser];
    const late = await buildCase(h, { status: 'dispatched', lead: { id: unit.id } });
    const before = await inboxOf(h, handler.token);
    // A month later every time limit of the case has run out (the sweeper takes its own time).
    const later = new Date(h.clock.now().getTime() + 30 * 86_400_000);
    await sweepDeadlines(h.ctx, 7, later);
    const router = notificationRouter(h.ctx, () => {});
    for (let i = 0; i < 20; i++) {
      const r = await deliverDue(h.ctx.db, router, later);
      if (r.sent + r.failed + r.dead === 0) break;
    }
    const after = await inboxOf(h, handler.token, '?limit=100');
    const topics = after.items.filter((i) => i.subjectId === String(late.id)).map((i) => i.topic);
    expect(topics).toEqual(expect.arrayContaining(['case.yellow_card', 'case.red_card']));
    expect(after.unreadCount).toBeGreaterThan(before.unreadCount);
  });

  it('refuses a broken cursor with 400', async () => {
    const h = get();
    for (const cursor of ['x', Buffer.from('{"unread":"yes","id":1}').toString('base64url')]) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/inbox?cursor=${cursor}`, token: handlers[0]!.token });
      expect(res.statusCode).toBe(400);
    }
  });
});
