// 领导包案 (issue 17) end to end on both databases: a dispatcher or leader over an open case names a
// leader of a region the case lies in; the leader is told, finds it in GET /cases?leaderId=me with
// its progress, the timeline shows who; a leader elsewhere, a handler or a closed case are refused
// with nothing changed; the assessment's count per unit.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { leaderCasesByUnit } from './index.ts';

const GRID = '370702001001G01';
const LEAD = '370702001-dept-justice';

interface CaseJson {
  id: number;
  status: string;
  version: number;
  allowedActions: string[];
  timeline: { action: string; data?: { leaderName?: string; leaderUserId?: number; note?: string } | null }[];
}

async function runNotifier(h: Harness): Promise<void> {
  const router = notificationRouter(h.ctx, () => {});
  for (let i = 0; i < 50; i++) {
    const result = await deliverNotifications(h.ctx, router);
    if (result.sent + result.failed + result.dead === 0) return;
  }
}

describeEachDialect('leaders take a case (领导包案)', (get) => {
  const act = (token: string, id: number, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: `/api/v1/cases/${id}/actions`, token, payload });
  const read = async (token: string, id: number) => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/cases/${id}`, token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseJson;
  };

  it('assigns a leader who is told, lists it as theirs, and sees it on the timeline', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const leader = await buildUser(h, { role: 'leader', unit: '370702', displayName: '王区长' });
    const townshipLeader = await buildUser(h, { role: 'leader', unit: '370702001', displayName: '李书记' });
    const c = await buildCase(h, { at: GRID, lead: LEAD, status: 'in_progress', kind: 'dispute' });

    const candidates = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}/leader-candidates`,
      token: dispatcher,
    });
    expect(candidates.statusCode, candidates.body).toBe(200);
    const ids = (candidates.json() as { userId: number; unitName: string }[]).map((l) => l.userId);
    expect(ids).toEqual(expect.arrayContaining([leader.id, townshipLeader.id]));

    const seen = await read(dispatcher, c.id);
    expect(seen.allowedActions).toContain('assign_leader');
    const res = await act(dispatcher, c.id, {
      action: 'assign_leader',
      version: seen.version,
      leaderUserId: leader.id,
      note: '红色等级纠纷，请区领导包案',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as CaseJson;
    expect(after.status).toBe('in_progress');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'assign_leader',
      data: { leaderUserId: leader.id, leaderName: '王区长', note: '红色等级纠纷，请区领导包案' },
    });

    // The leader's list: this case, with its progress; another leader's list does not hold it.
    const mine = await h.inject({ method: 'GET', url: '/api/v1/cases?leaderId=me', token: leader.token });
    expect(mine.statusCode, mine.body).toBe(200);
    const items = (mine.json() as { items: { id: number; status: string; stageDeadline: string | null }[] }).items;
    expect(items.map((i) => i.id)).toEqual([c.id]);
    expect(items[0]).toMatchObject({ status: 'in_progress' });
    expect(items[0]!.stageDeadline).not.toBeNull();
    const theirs = await h.inject({ method: 'GET', url: '/api/v1/cases?leaderId=me', token: townshipLeader.token });
    expect((theirs.json() as { items: unknown[] }).items).toEqual([]);

    await runNotifier(h);
    const inbox = await h.inject({ method: 'GET', url: '/api/v1/inbox', token: leader.token });
    const notices = (inbox.json() as { items: { topic: string; subjectId: string | null }[] }).items;
    expect(notices).toContainEqual(expect.objectContaining({ topic: 'case.leader_assigned', subjectId: String(c.id) }));

    // A leader over the case hands it to the township's leader; the case moves to their list.
    const handed = await act(leader.token, c.id, {
      action: 'assign_leader',
      version: after.version,
      leaderUserId: townshipLeader.id,
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const now = await h.inject({ method: 'GET', url: '/api/v1/cases?leaderId=me', token: townshipLeader.token });
    expect((now.json() as { items: { id: number }[] }).items.map((i) => i.id)).toEqual([c.id]);

    const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    const county = await h.unit('370702');
    const elsewhere = await h.unit('370702002');
    const counts = await leaderCasesByUnit(h.ctx.db, [county, elsewhere], period);
    expect(counts.get(county.id)).toEqual({ assigned: 1, settled: 0, open: 1 });
    expect(counts.get(elsewhere.id)).toEqual({ assigned: 0, settled: 0, open: 0 });
  });

  it('refuses a leader who does not lead the case’s area, a handler, and a closed case, changing nothing', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const outsideLeader = await buildUser(h, { role: 'leader', unit: '370702002' });
    const notALeader = await buildUser(h, { role: 'dispatcher', unit: '370702-centre' });
    const c = await buildCase(h, { at: GRID, lead: LEAD, status: 'dispatched' });
    const before = await read(dispatcher, c.id);
    for (const leaderUserId of [outsideLeader.id, notALeader.id, 1_999_999]) {
      const res = await act(dispatcher, c.id, { action: 'assign_leader', version: before.version, leaderUserId });
      expect(res.statusCode, res.body).toBe(422);
      expect((res.json() as { error: { code: string } }).error.code).toBe('LEADER_INVALID');
    }
    const bad = await act(dispatcher, c.id, { action: 'assign_leader', version: before.version });
    expect(bad.statusCode).toBe(400);
    const unchanged = await read(dispatcher, c.id);
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.timeline.map((e) => e.action)).not.toContain('assign_leader');

    // The lead department handles the case but does not supervise it.
    const handler = await buildUser(h, { role: 'department', unit: LEAD });
    const leader = await buildUser(h, { role: 'leader', unit: '370702' });
    const byHandler = await act(handler.token, c.id, {
      action: 'assign_leader',
      version: before.version,
      leaderUserId: leader.id,
    });
    expect(byHandler.statusCode).toBe(403);

    const resolved = await buildCase(h, { at: GRID, lead: LEAD, status: 'resolved' });
    const closed = await act(dispatcher, resolved.id, { action: 'close', version: resolved.version });
    expect(closed.statusCode, closed.body).toBe(200);
    const late = await act(dispatcher, resolved.id, {
      action: 'assign_leader',
      version: (closed.json() as CaseJson).version,
      leaderUserId: leader.id,
    });
    expect(late.statusCode).toBe(422);
    expect((late.json() as { error: { code: string } }).error.code).toBe('INVALID_TRANSITION');
  });
});
