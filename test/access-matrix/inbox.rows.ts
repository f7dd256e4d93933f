// Access-matrix rows: the staff inbox (issue 15). "Inside" is the actor's own notice, "outside"
// another staff member's: the inbox has no jurisdiction, only an owner, and another's notice does
// not exist for the actor (404). Roles without inbox:read (evaluators, residents) are refused.
import { expect } from 'vitest';
import { enqueue } from '../../server/platform/outbox/outbox.ts';
import { inboxChannel } from '../../server/modules/inbox/index.ts';
import { buildUser } from '../support/factories.ts';
import { JUSTICE, anywhere, inJurisdiction, type Fixture, type Row, type Where } from './expectations.ts';

/** A notice for the user, through the real channel (a user without inbox:read gets none). */
async function noticeFor(f: Fixture, userId: number): Promise<number | undefined> {
  const { h } = f;
  const now = h.ctx.clock.now();
  await enqueue(
    h.ctx.db,
    [{ topic: 'case.supervised', recipientType: 'user', recipient: userId, payload: { matrix: true } }],
    now,
  );
  const message = await h.ctx.db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  await inboxChannel(h.ctx).deliver({
    id: message.id,
    topic: message.topic,
    recipientType: message.recipient_type,
    recipient: message.recipient,
    subjectType: null,
    subjectId: null,
    payload: {},
    attempts: 0,
  });
  const row = await h.ctx.db
    .selectFrom('inbox_item')
    .select('id')
    .where('outbox_id', '=', message.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.id;
}

/** Another staff member's notice. */
async function someoneElsesNotice(f: Fixture): Promise<number> {
  const other = await buildUser(f.h, { role: 'department', unit: JUSTICE.outside, signIn: false });
  return (await noticeFor(f, other.id))!;
}

/** The actor's own notice inside (another's when the role gets none), another's outside. */
async function noticeId(f: Fixture, where: Where, role: keyof Fixture['actors']): Promise<number> {
  if (where === 'inside') {
    const own = await noticeFor(f, f.actors[role].id);
    if (own !== undefined) return own;
  }
  return someoneElsesNotice(f);
}

export const INBOX_ROWS: Record<string, Row> = {
  'GET /api/v1/inbox': {
    // Inside: the actor has a notice; outside: only another user got one, and it is not listed.
    build: async (f, where, role) => {
      await noticeId(f, where, role);
      return { method: 'GET', url: '/api/v1/inbox?unread=true&limit=100' };
    },
    access: anywhere('inbox:read'),
    check: (res, where) => {
      const body = res.json() as { items: unknown[]; unreadCount: number };
      if (where === 'inside') expect(body.unreadCount).toBeGreaterThan(0);
    },
  },
  'POST /api/v1/inbox/:id/read': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/inbox/${await noticeId(f, where, role)}/read`,
    }),
    access: inJurisdiction('inbox:read'),
  },
  'POST /api/v1/inbox/read-all': {
    build: async (f, where, role) => {
      await noticeId(f, where, role);
      return { method: 'POST', url: '/api/v1/inbox/read-all' };
    },
    access: anywhere('inbox:read'),
  },
  // Server-Sent Events: the matrix reads the status and headers and hangs up (Row.stream).
  'GET /api/v1/inbox/stream': {
    build: () => ({ method: 'GET', url: '/api/v1/inbox/stream', headers: { accept: 'text/event-stream' } }),
    access: anywhere('inbox:read'),
    stream: true,
    check: (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    },
  },
};
