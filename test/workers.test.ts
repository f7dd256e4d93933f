// Several app processes on one PostgreSQL (issue 20 §3, ADR 0040), as an operator runs them: real
// server processes started as `npm start` does, on one fresh database, with their clock a week past
// the cases' deadlines and the jobs running every 200 ms. Processes A and B both run every job; C
// runs none and holds the inbox event streams, so everything those streams hear came from another
// process over LISTEN/NOTIFY. Every yellow card, red card, supervision notice and inbox notice
// exists exactly once; a notice caused by a request to B reaches a stream held by C.
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import pg from 'pg';
import { describeEachDialect, freshDatabase } from './support/harness.ts';
import { adminUrl, testDataKey } from './support/env.ts';
import { buildUser } from './support/factories.ts';
import { eventReader, type StreamEvent } from './support/event-stream.ts';
import { startConcord, stopConcord, type StartedConcord } from '../scripts/start-command.ts';

/** Six days after the harness's clock: every case registered at TEST_NOW is past all its deadlines. */
const LATER = '2026-12-03T09:00:00+08:00';
const CASES = 16;
const CARD_ACTIONS = ['yellow_card', 'red_card', 'auto_supervise'];
const CARD_TOPICS = ['case.yellow_card', 'case.red_card', 'case.supervised'];

/** The unread counts a stream announces, kept as they arrive. */
function unreadCounts(next: () => Promise<StreamEvent>): { counts: number[]; failed: () => unknown } {
  const counts: number[] = [];
  let failure: unknown = null;
  void (async () => {
    try {
      for (;;) {
        const event = await next();
        if (event.event === 'unread') counts.push((JSON.parse(event.data) as { unreadCount: number }).unreadCount);
      }
    } catch (error) {
      failure = error;
    }
  })();
  return { counts, failed: () => failure };
}

describeEachDialect(
  'several app processes on one database',
  (get) => {
    const started: StartedConcord[] = [];
    const aborts: AbortController[] = [];
    afterAll(async () => {
      for (const abort of aborts) abort.abort();
      await Promise.all(started.map((s) => stopConcord(s)));
    });

    const start = async (jobIntervalMs: number): Promise<StartedConcord> => {
      const h = get();
      const running = await startConcord(
        {
          ...h.database.env,
          CONCORD_MODE: 'demo',
          CONCORD_DATA_KEY: testDataKey,
          CONCORD_SEED_DEMO: 'false',
          CONCORD_WEB_CLIENT: 'off',
          CONCORD_NOW: LATER,
          CONCORD_JOB_INTERVAL_MS: String(jobIntervalMs),
          CONCORD_AUDIT_CHECKPOINTS: path.join(mkdtempSync(path.join(inject('runDir'), 'workers-')), 'cp.jsonl'),
          CONCORD_INTAKE_PER_RESIDENT: '0',
          CONCORD_INTAKE_PER_ADDRESS: '0',
          LOG_LEVEL: 'warn',
        },
        120_000,
      );
      started.push(running);
      return running;
    };

    const login = async (url: string, username: string, password = 'demo1234'): Promise<string> => {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { token: string }).token;
    };

    const openStream = async (url: string, token: string) => {
      const abort = new AbortController();
      aborts.push(abort);
      const res = await fetch(`${url}/api/v1/inbox/stream`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      return unreadCounts(eventReader(res.body!));
    };

    it('gives every card and notice exactly once, and a stream in one process hears notices made in another', async () => {
      const h = get();
      const operator = await h.login('operator');
      const unitId = (await h.unit('370702001004')).id;
      const ids: number[] = [];
      for (let i = 0; i < CASES; i++) {
        const res = await h.inject({
          method: 'POST',
          url: '/api/v1/cases',
          token: operator,
          payload: {
            kind: 'complaint',
            categoryCode: 'CMP.NOISE',
            channel: 'hotline',
            description: `夜间噪音扰民第${i}起`,
            unitId,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        ids.push((res.json() as { id: number }).id);
      }
      const handler = await buildUser(h, { role: 'department', unit: '370702-dept-housing', signIn: false });

      // C first: no jobs of its own, it only serves the streams.
      const c = await start(0);
      // The county's and the township's dispatchers: the centre of the cases' area is warned of each card.
      const staffOnC = new Map<string, Awaited<ReturnType<typeof openStream>>>();
      for (const username of ['dispatcher', 'township']) {
        const stream = await openStream(c.url, await login(c.url, username));
        staffOnC.set(username, stream);
        await expect.poll(() => stream.counts.length, { timeout: 10_000 }).toBeGreaterThan(0);
      }
      const handlerOnC = await openStream(c.url, await login(c.url, handler.username, handler.password));
      await expect.poll(() => handlerOnC.counts, { timeout: 10_000 }).toEqual([0]);

      // A and B start together and sweep the same due cases.
      const [, b] = await Promise.all([start(200), start(200)]);

      const db = h.ctx.db;
      const cardEvents = () =>
        db
          .selectFrom('case_event')
          .select(['case_id', 'action'])
          .where('case_id', 'in', ids)
          .where('action', 'in', CARD_ACTIONS)
          .execute();
      const cardMessages = () =>
        db
          .selectFrom('outbox')
          .select(['id', 'topic', 'subject_id', 'recipient', 'status'])
          .where('subject_type', '=', 'case')
          .where('subject_id', 'in', ids.map(String))
          .where('topic', 'in', CARD_TOPICS)
          .execute();
      // Done when every case has its three events and every message about them is delivered.
      await expect
        .poll(
          async () => {
            const events = await cardEvents();
            const messages = await cardMessages();
            return events.length >= ids.length * 3 && messages.length > 0 && messages.every((m) => m.status === 'sent');
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(true);
      // A few more job runs in both processes must add nothing.
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      const events = await cardEvents();
      for (const id of ids) {
        expect(
          events
            .filter((e) => e.case_id === id)
            .map((e) => e.action)
            .sort(),
          `case ${id}`,
        ).toEqual(['auto_supervise', 'red_card', 'yellow_card']);
      }
      const messages = await cardMessages();
      const messageKeys = messages.map((m) => `${m.topic}:${m.subject_id}:${m.recipient}`);
      expect(new Set(messageKeys).size).toBe(messageKeys.length);
      for (const topic of CARD_TOPICS) {
        expect(new Set(messages.filter((m) => m.topic === topic).map((m) => m.subject_id)).size, topic).toBe(
          ids.length,
        );
      }
      const notices = await db
        .selectFrom('inbox_item')
        .select(['user_id', 'topic', 'subject_id', 'outbox_id'])
        .where(
          'outbox_id',
          'in',
          messages.map((m) => m.id),
        )
        .execute();
      const noticeKeys = notices.map((n) => `${n.user_id}:${n.topic}:${n.subject_id}`);
      expect(new Set(noticeKeys).size).toBe(noticeKeys.length);
      // Every message reached the inbox (each has its notices).
      expect(new Set(notices.map((n) => n.outbox_id)).size).toBe(messages.length);

      // Both processes ran jobs under leases (the sweeper's is held by one of them).
      const leases = await db.selectFrom('job_lease').select(['name', 'holder']).execute();
      expect(leases.map((l) => l.name)).toContain('sweeper');

      // The staff's streams on C followed the notices that A and B delivered.
      const unread = async (username: string) =>
        Number(
          (
            await db
              .selectFrom('inbox_item')
              .innerJoin('app_user', 'app_user.id', 'inbox_item.user_id')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('app_user.username', '=', username)
              .where('inbox_item.read_at', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      let warned = 0;
      for (const [username, stream] of staffOnC) {
        const count = await unread(username);
        if (count > 0) warned++;
        await expect.poll(() => stream.counts.at(-1), { timeout: 10_000 }).toBe(count);
        expect(stream.failed()).toBeNull();
      }
      expect(warned).toBeGreaterThan(0);

      // A request to B dispatches a case to housing: the notice reaches the handler's stream on C.
      const dispatcherOnB = await login(b.url, 'dispatcher');
      expect(handlerOnC.counts).toEqual([0]);
      const detail = (await (
        await fetch(`${b.url}/api/v1/cases/${ids[0]}`, { headers: { authorization: `Bearer ${dispatcherOnB}` } })
      ).json()) as { version: number };
      const dispatched = await fetch(`${b.url}/api/v1/cases/${ids[0]}/actions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dispatcherOnB}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: detail.version, action: 'dispatch', leadUnitId: handler.unitId }),
      });
      expect(dispatched.status, await dispatched.clone().text()).toBe(200);
      await expect.poll(() => handlerOnC.counts.at(-1), { timeout: 10_000 }).toBe(1);

      // Reading it through B: the stream on C comes down to 0.
      const handlerOnB = await login(b.url, handler.username, handler.password);
      const page = (await (
        await fetch(`${b.url}/api/v1/inbox`, { headers: { authorization: `Bearer ${handlerOnB}` } })
      ).json()) as { items: { id: number }[] };
      const read = await fetch(`${b.url}/api/v1/inbox/${page.items[0]!.id}/read`, {
        method: 'POST',
        headers: { authorization: `Bearer ${handlerOnB}` },
      });
      expect(read.status).toBeLessThan(300);
      await expect.poll(() => handlerOnC.counts.at(-1), { timeout: 10_000 }).toBe(0);
      expect(handlerOnC.failed()).toBeNull();
    }, 240_000);

    it('CONCORD_WORKERS=2 serves one port from two processes and replaces one that dies', async () => {
      const h = get();
      // The earlier test's processes (and this harness) listen on the same database.
      const admin = new pg.Client({ connectionString: adminUrl(new URL(h.database.url!).pathname.slice(1)) });
      await admin.connect();
      const listeners = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              "select count(*) as n from pg_stat_activity where application_name = 'concord-bus' and datname = current_database()",
            )
          ).rows[0]!.n,
        );
      const before = await listeners();
      const primary = await startConcord(
        {
          ...h.database.env,
          CONCORD_MODE: 'demo',
          CONCORD_DATA_KEY: testDataKey,
          CONCORD_SEED_DEMO: 'false',
          CONCORD_WEB_CLIENT: 'off',
          CONCORD_NOW: LATER,
          CONCORD_JOB_INTERVAL_MS: '0',
          CONCORD_WORKERS: '2',
          LOG_LEVEL: 'warn',
        },
        120_000,
      );
      started.push(primary);
      expect(primary.output()).toMatch(/processes: 2/);
      expect(primary.output().match(/is running/g)).toHaveLength(1);
      const workers = () =>
        readFileSync(`/proc/${primary.child.pid}/task/${primary.child.pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      expect(workers()).toHaveLength(2);
      // Each worker listens for the others on its own connection.
      try {
        await expect.poll(listeners, { timeout: 10_000 }).toBe(before + 2);
        const [victim] = workers();
        process.kill(victim!, 'SIGKILL');
        await expect.poll(() => primary.output(), { timeout: 30_000 }).toMatch(new RegExp(`worker ${victim} exited`));
        await expect.poll(() => workers().length, { timeout: 60_000 }).toBe(2);
        expect(workers()).not.toContain(victim);
        await expect.poll(listeners, { timeout: 60_000 }).toBe(before + 2);
        for (let i = 0; i < 4; i++) expect((await fetch(`${primary.url}/healthz`)).status).toBe(200);
      } finally {
        await admin.end();
      }
    }, 240_000);
  },
  { dialects: ['postgres'] },
);

describeEachDialect(
  'several app processes asked of SQLite',
  () => {
    it('starts one process and says so, in Chinese then English', async () => {
      const database = await freshDatabase('sqlite');
      const running = await startConcord(
        {
          ...database.env,
          CONCORD_MODE: 'demo',
          CONCORD_DATA_KEY: testDataKey,
          CONCORD_SEED_DEMO: 'false',
          CONCORD_WEB_CLIENT: 'off',
          CONCORD_JOB_INTERVAL_MS: '0',
          CONCORD_WORKERS: '3',
          LOG_LEVEL: 'warn',
        },
        120_000,
      );
      try {
        expect(running.output()).toMatch(
          /SQLite 只能单进程运行.*\/ SQLite runs in one process; CONCORD_WORKERS=3 ignored/,
        );
        expect(running.output()).not.toMatch(/processes: /);
        expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      } finally {
        await stopConcord(running);
      }
    }, 240_000);
  },
  { dialects: ['sqlite'] },
);
