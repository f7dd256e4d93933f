// Time limits on the real 2026 calendar, cards and notices exactly once (across a restart and,
// on PostgreSQL, across two processes), auto-close, and notification delivery.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { testDataKey } from '../../../test/support/env.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { WebhookAdapter, deliverDue, type NotificationAdapter } from '../../platform/outbox/outbox.ts';
import { sweepDeadlines } from './use-cases/sweep-deadlines.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

interface CaseJson {
  id: number;
  version: number;
  status: string;
  deadlines: { stage: string | null; current: string | null; handle: string | null };
  timeline: { action: string }[];
}

describeEachDialect('time limits, cards and notifications', (get) => {
  const tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await get().login(username));
  /** Moves the clock; sessions do not survive such a jump, so sign in again afterwards. */
  const setNow = (iso: string) => {
    get().clock.set(new Date(iso));
    for (const key of Object.keys(tokens)) delete tokens[key];
  };

  async function register(h: Harness, categoryCode: string, kind: string, description: string): Promise<CaseJson> {
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind,
        categoryCode,
        channel: 'hotline',
        description,
        unitId: (await h.unit('370702001003')).id,
        reporter: { name: '孙七', phone: '13512345678' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseJson;
  }

  async function act(
    h: Harness,
    username: string,
    c: { id: number },
    body: Record<string, unknown>,
  ): Promise<CaseJson> {
    const current = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: await token('dispatcher') })
    ).json() as CaseJson;
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: await token(username),
      payload: { version: current.version, ...body },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseJson;
  }

  async function timeline(h: Harness, id: number): Promise<string[]> {
    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') })
    ).json() as CaseJson;
    return detail.timeline.map((e) => e.action);
  }

  it('counts deadlines in working days across the 2026 Spring Festival and National Day', async () => {
    const h = get();
    const housing = (await h.unit('370702-dept-housing')).id;
    setNow('2026-02-13T10:00:00+08:00');
    const spring = await register(h, 'CMP.NOISE', 'complaint', '春节前装修噪音扰民，晚上也施工');
    // Triage within 1 working day: Saturday 14 February is a swapped working day.
    expect(beijingDay(new Date(spring.deadlines.current!))).toBe('2026-02-14');
    const dispatched = await act(h, 'dispatcher', spring, { action: 'dispatch', leadUnitId: housing });
    // Handle within 5 working days: 14 Feb, then 24–27 Feb after the holiday (15–23 Feb).
    expect(beijingDay(new Date(dispatched.deadlines.handle!))).toBe('2026-02-27');

    setNow('2026-09-30T09:00:00+08:00');
    const autumn = await register(h, 'DSP.WAGES', 'dispute', '国庆前建筑公司拖欠工资');
    const sent = await act(h, 'dispatcher', autumn, { action: 'dispatch', leadUnitId: housing });
    // 8, 9, 10 (a swapped Saturday), 12, 13 October.
    expect(beijingDay(new Date(sent.deadlines.handle!))).toBe('2026-10-13');
  });

  it('takes time limits from the responsibility list, which an admin edits as data', async () => {
    const h = get();
    setNow('2026-11-27T09:00:00+08:00'); // Friday
    const patched = await h.inject({
      method: 'PATCH',
      url: '/api/v1/categories/CMP.PRICE',
      token: await token('admin'),
      payload: { handleDays: 2 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const bad = await h.inject({
      method: 'PATCH',
      url: '/api/v1/categories/CMP.PRICE',
      token: await token('admin'),
      payload: { ownerUnit: 'dept-nonexistent' },
    });
    expect(bad.statusCode).toBe(400);
    const c = await register(h, 'CMP.PRICE', 'complaint', '停车场乱收费，收费标准未公示');
    const sent = await act(h, 'dispatcher', c, {
      action: 'dispatch',
      leadUnitId: (await h.unit('370702-dept-market_regulation')).id,
    });
    expect(beijingDay(new Date(sent.deadlines.handle!))).toBe('2026-12-01');
  });

  it('gives each card and notice once, also after a restart, and closes unrated cases', async () => {
    const h = get();
    const housing = (await h.unit('370702-dept-housing')).id;
    setNow('2026-11-27T09:00:00+08:00'); // Friday
    const c = await register(h, 'CMP.STREET_VENDOR', 'complaint', '小区门口流动摊贩占道经营');
    expect(beijingDay(new Date(c.deadlines.current!))).toBe('2026-11-30');

    const sweepAt = (iso: string) => sweepDeadlines(h.ctx, 7, new Date(iso));
    await sweepAt('2026-11-27T12:00:00+08:00');
    expect(await timeline(h, c.id)).toEqual(['register']);
    await sweepAt('2026-11-28T08:00:00+08:00');
    expect(await timeline(h, c.id)).toEqual(['register', 'yellow_card']);
    await sweepAt('2026-11-28T09:00:00+08:00');
    // A restart: a new process has nothing in memory, only the database.
    const restarted = { ...h.ctx };
    await sweepDeadlines(restarted, 7, new Date('2026-11-29T09:00:00+08:00'));
    expect(await timeline(h, c.id)).toEqual(['register', 'yellow_card']);

    await sweepAt('2026-12-01T09:00:00+08:00');
    expect(await timeline(h, c.id)).toEqual(['register', 'yellow_card', 'red_card']);
    await sweepAt('2026-12-01T18:00:00+08:00');
    expect(await timeline(h, c.id)).toEqual(['register', 'yellow_card', 'red_card']);
    // One working day after the deadline (Monday 30 Nov) has passed: supervision notice.
    await sweepAt('2026-12-02T09:00:00+08:00');
    await sweepAt('2026-12-02T10:00:00+08:00');
    expect(await timeline(h, c.id)).toEqual(['register', 'yellow_card', 'red_card', 'auto_supervise']);
    const overdue = (
      await h.inject({ method: 'GET', url: '/api/v1/cases?overdue=true&limit=200', token: await token('dispatcher') })
    ).json() as {
      items: { id: number; overdue: boolean }[];
    };
    setNow('2026-12-02T10:00:00+08:00');
    const listed = (
      await h.inject({ method: 'GET', url: '/api/v1/cases?overdue=true&limit=200', token: await token('dispatcher') })
    ).json() as {
      items: { id: number; overdue: boolean }[];
    };
    expect(listed.items.find((i) => i.id === c.id)?.overdue).toBe(true);
    void overdue;

    // Dispatching starts a new stage: its cards are counted afresh.
    await act(h, 'dispatcher', c, { action: 'dispatch', leadUnitId: housing });
    await act(h, 'department', c, { action: 'accept' });
    await act(h, 'department', c, { action: 'resolve', result: '已清理占道摊位' });
    setNow('2026-12-05T10:00:00+08:00');
    await sweepDeadlines(h.ctx, 7);
    expect(await timeline(h, c.id)).not.toContain('auto_close');
    setNow('2026-12-10T10:00:00+08:00');
    await sweepDeadlines(h.ctx, 7);
    await sweepDeadlines(h.ctx, 7);
    const actions = await timeline(h, c.id);
    expect(actions.filter((a) => a === 'auto_close')).toHaveLength(1);
    const closed = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: await token('dispatcher') })
    ).json() as CaseJson;
    expect(closed.status).toBe('closed');
    const messages = await h.ctx.db
      .selectFrom('outbox')
      .select(['topic', 'recipient_type'])
      .where('subject_id', '=', String(c.id))
      .execute();
    expect(messages.map((m) => m.topic)).toEqual(
      expect.arrayContaining([
        'case.yellow_card',
        'case.red_card',
        'case.supervised',
        'case.dispatched',
        'case.assigned',
        'case.resolved',
        'case.closed',
      ]),
    );
    expect(messages.filter((m) => m.topic === 'case.closed')).toEqual([
      { topic: 'case.closed', recipient_type: 'reporter' },
    ]);
  });

  it('retries failed notifications with backoff, then shows them to a province admin as dead letters', async () => {
    const h = get();
    setNow('2026-11-27T09:00:00+08:00');
    const c = await register(h, 'HAZ.ROAD', 'hazard', '人行道井盖缺失，存在安全隐患');
    await act(h, 'dispatcher', c, {
      action: 'dispatch',
      leadUnitId: (await h.unit('370702-dept-urban_management')).id,
    });
    const failing: NotificationAdapter = { name: 'down', deliver: () => Promise.reject(new Error('gateway down')) };
    let at = new Date('2026-11-27T09:00:00+08:00').getTime();
    for (let i = 0; i < 10; i++) {
      await deliverDue(h.ctx.db, failing, new Date(at));
      at += 3600_000;
    }
    const dead = await h.inject({
      method: 'GET',
      url: '/api/v1/notifications?status=dead',
      token: await token('admin'),
    });
    expect(dead.statusCode).toBe(200);
    const items = (dead.json() as { items: { id: number; subjectId: string; attempts: number; lastError: string }[] })
      .items;
    const mine = items.filter((i) => i.subjectId === String(c.id));
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((i) => i.attempts === 6 && i.lastError === 'gateway down')).toBe(true);
    expect(
      (await h.inject({ method: 'GET', url: '/api/v1/notifications', token: await token('dispatcher') })).statusCode,
    ).toBe(403);
    const retry = await h.inject({
      method: 'POST',
      url: `/api/v1/notifications/${mine[0]!.id}/retry`,
      token: await token('admin'),
    });
    expect(retry.statusCode).toBe(200);
    const delivered: number[] = [];
    await deliverDue(
      h.ctx.db,
      { name: 'ok', deliver: (m) => Promise.resolve(void delivered.push(m.id)) },
      new Date(at),
    );
    expect(delivered).toContain(mine[0]!.id);
  });

  it('signs webhook deliveries with HMAC-SHA256', async () => {
    const received: { signature: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ signature: req.headers['x-concord-signature'] as string | undefined, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const adapter = new WebhookAdapter(`http://127.0.0.1:${port}/hook`, 'shh');
      await adapter.deliver({
        id: 7,
        topic: 'case.resolved',
        recipientType: 'reporter',
        recipient: '1',
        subjectType: 'case',
        subjectId: '1',
        payload: { number: 'X' },
        attempts: 0,
      });
      expect(received).toHaveLength(1);
      expect(received[0]!.signature).toBe(WebhookAdapter.sign('shh', received[0]!.body));
      expect(JSON.parse(received[0]!.body)).toMatchObject({ id: 7, topic: 'case.resolved' });
    } finally {
      server.close();
    }
  });
});

// Several app processes share one PostgreSQL (the scale path); SQLite is one process by design.
describeEachDialect(
  'two sweeper processes on one database',
  (get) => {
    it('gives every card exactly once when two processes sweep at the same moment', async () => {
      const h = get();
      const operator = await h.login('operator');
      const unitId = (await h.unit('370702001004')).id;
      h.clock.set(new Date('2026-11-27T09:00:00+08:00'));
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) {
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
        ids.push((res.json() as { id: number }).id);
      }
      // Both processes see every case past its deadline: yellow and red due at once.
      const env = {
        ...process.env,
        ...h.database.env,
        CONCORD_DATA_KEY: testDataKey,
        CONCORD_MODE: 'demo',
        CONCORD_NOW: '2026-12-03T09:00:00+08:00',
      };
      const sweep = () => run(process.execPath, ['bin/concord.mjs', 'sweep'], { cwd: root, env });
      await Promise.all([sweep(), sweep()]);
      await sweep();
      const events = await h.ctx.db
        .selectFrom('case_event')
        .select(['case_id', 'action'])
        .where('case_id', 'in', ids)
        .where('action', 'in', ['yellow_card', 'red_card', 'auto_supervise'])
        .execute();
      for (const id of ids) {
        expect(
          events
            .filter((e) => e.case_id === id)
            .map((e) => e.action)
            .sort(),
          `case ${id}`,
        ).toEqual(['auto_supervise', 'red_card', 'yellow_card']);
      }
    });
  },
  { dialects: ['postgres'] },
);
