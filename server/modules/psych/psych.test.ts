// Psychological referrals over HTTP on both databases, as the people involved meet them: a grid
// worker refers a person, the county's psychological service team sees it, contacts the person,
// assesses, follows up and closes; nobody else finds it anywhere; an urgent referral left
// uncontacted for 24 hours tells the team exactly once; bad input is refused in Chinese and leaves
// nothing behind.
import { beforeEach, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUnit } from '../../../test/support/factories.ts';
import { readXlsxRows } from '../../../test/support/work-orders.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { scanOverdueReferrals } from './index.ts';

interface Referral {
  id: number;
  personName: string;
  phone: string | null;
  urgency: string;
  status: string;
  teamName: string;
  reason: string;
  contactedAt: string | null;
  contactedBy: { id: number; name: string } | null;
  assessmentLevel: string | null;
  overdueWarnedAt: string | null;
  contactNote: string | null;
  followUps: { date: string; note: string; assessmentLevel: string | null }[];
  abilities: { work: boolean; revealPhone: boolean; readCaseNotes: boolean };
}

const HOUR = 3600_000;

/** A body each team step would accept, so that a refusal is about who asks, not what. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  contact: { assessmentLevel: 'low' },
  'follow-ups': { date: '2026-11-27', note: '试图记录' },
  close: { note: '试图结案' },
  reveal: {},
};

async function refer(h: Harness, token: string, payload: Record<string, unknown>) {
  return h.inject({ method: 'POST', url: '/api/v1/psych-referrals', token, payload });
}

async function referOk(h: Harness, token: string, payload: Record<string, unknown> = {}): Promise<Referral> {
  const res = await refer(h, token, {
    personName: '李四',
    phone: '13912345678',
    reason: '邻里纠纷后情绪低落，多次表示不想活了',
    urgency: 'normal',
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Referral;
}

const get = (h: Harness, token: string, id: number) =>
  h.inject({ method: 'GET', url: `/api/v1/psych-referrals/${id}`, token });

async function listIds(h: Harness, token: string, query = ''): Promise<number[]> {
  const res = await h.inject({ method: 'GET', url: `/api/v1/psych-referrals${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: number }[] }).items.map((r) => r.id);
}

async function deliverAll(h: Harness): Promise<void> {
  const router = notificationRouter(h.ctx, () => {});
  for (let i = 0; i < 20; i++) {
    const r = await deliverNotifications(h.ctx, router);
    if (r.sent + r.failed + r.dead === 0) break;
  }
}

async function inboxTopics(h: Harness, token: string): Promise<string[]> {
  const res = await h.inject({ method: 'GET', url: '/api/v1/inbox?limit=100', token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { topic: string }[] }).items.map((i) => i.topic);
}

const count = async (h: Harness, table: 'psych_referral' | 'psych_follow_up') =>
  Number(
    (
      await h.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describeEachDialect('psychological referrals', (get_, dialect) => {
  const h = () => get_();
  let gridworker: string;
  let team: string;
  // Sessions lapse when the tests move the clock: each test signs in afresh.
  const signIn = async () => {
    gridworker = await h().login('gridworker');
    team = await h().login('psych');
  };
  beforeEach(signIn);

  it('lets a grid worker refer a person and the team see, contact, assess, follow up and close', async () => {
    const made = await referOk(h(), gridworker, { urgency: 'urgent' });
    expect(made).toMatchObject({
      personName: '李四',
      phone: '139****5678',
      urgency: 'urgent',
      status: 'referred',
      teamName: '潍城区心理服务队',
      reason: '邻里纠纷后情绪低落，多次表示不想活了',
    });
    expect(made.abilities.work).toBe(false);

    expect(await listIds(h(), team)).toContain(made.id);
    expect(await listIds(h(), gridworker)).toContain(made.id);
    const seen = (await get(h(), team, made.id)).json() as Referral;
    expect(seen.phone).toBe('139****5678');
    expect(seen.abilities).toEqual({ work: true, revealPhone: true, readCaseNotes: true });

    // The team calls: the number in clear, audited.
    const reveal = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/reveal`,
      token: team,
      payload: {},
    });
    expect(reveal.json()).toEqual({ phone: '13912345678' });
    // The referrer sees the referral but does not work it, nor reveal.
    const refused = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/contact`,
      token: gridworker,
      payload: { assessmentLevel: 'low' },
    });
    expect(refused.statusCode).toBe(403);

    h().clock.advance(2 * HOUR);
    await signIn();
    const contacted = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/contact`,
      token: team,
      payload: { assessmentLevel: 'high', note: '电话联系本人，情绪激动，约定明日面谈' },
    });
    expect(contacted.statusCode, contacted.body).toBe(200);
    expect(contacted.json()).toMatchObject({
      status: 'contacted',
      assessmentLevel: 'high',
      contactedBy: { name: '潍城区心理服务队队员' },
      contactNote: '电话联系本人，情绪激动，约定明日面谈',
    });
    // Once only: later contacts are follow-ups.
    const again = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/contact`,
      token: team,
      payload: { assessmentLevel: 'low' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ error: { code: 'PSYCH_REFERRAL_CONTACTED' } });

    const today = new Date(h().clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const followed = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/follow-ups`,
      token: team,
      payload: { date: today, note: '上门面谈，情绪平稳', assessmentLevel: 'medium' },
    });
    expect(followed.statusCode, followed.body).toBe(200);
    const afterFollowUp = followed.json() as Referral;
    expect(afterFollowUp.assessmentLevel).toBe('medium');
    expect(afterFollowUp.followUps).toEqual([
      expect.objectContaining({ date: today, note: '上门面谈，情绪平稳', assessmentLevel: 'medium' }),
    ]);

    // The referrer sees where it stands, not the team's assessment or notes.
    const asReferrer = (await get(h(), gridworker, made.id)).json() as Referral;
    expect(asReferrer).toMatchObject({ status: 'contacted', assessmentLevel: null, contactNote: null, followUps: [] });

    const closed = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/close`,
      token: team,
      payload: { note: '连续三次随访情绪稳定，结案' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', abilities: { work: false } });
    const late = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/follow-ups`,
      token: team,
      payload: { date: today, note: '再次随访' },
    });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ error: { code: 'PSYCH_REFERRAL_CLOSED' } });
  });

  it('does not exist for anyone but the referrer and the team: leader, admin, other dispatcher, evaluator, other county’s team', async () => {
    const made = await referOk(h(), gridworker, { personName: '王五' });
    const otherTeamUnit = await buildUnit(h(), {
      parent: '370703',
      type: 'department',
      kind: 'psych_service',
      name: '寒亭区心理服务队',
    });
    const otherTeam = await h().userWith('department', otherTeamUnit.code);
    const outsiders = {
      leader: await h().login('leader'),
      admin: await h().login('admin'),
      dispatcher: await h().login('dispatcher'),
      township: await h().login('township'),
      evaluator: await h().login('evaluator'),
      operator: await h().login('operator'),
      housingDepartment: await h().login('department'),
      mediator: await h().login('mediator'),
      otherCountyTeam: otherTeam.token,
    };
    for (const [who, token] of Object.entries(outsiders)) {
      const res = await get(h(), token, made.id);
      expect(res.statusCode, who).toBe(404);
      expect(res.body, who).not.toContain('王五');
      for (const step of ['contact', 'follow-ups', 'close', 'reveal']) {
        const acted = await h().inject({
          method: 'POST',
          url: `/api/v1/psych-referrals/${made.id}/${step}`,
          token,
          payload: VALID_BODIES[step],
        });
        expect(acted.statusCode, `${who} ${step}`).toBe(404);
      }
      const list = await h().inject({ method: 'GET', url: '/api/v1/psych-referrals', token });
      if (list.statusCode === 200)
        expect(
          (list.json() as { items: { id: number }[] }).items.map((r) => r.id),
          who,
        ).not.toContain(made.id);
      else expect(list.statusCode, who).toBe(403);
    }
    // The roles with nothing to refer or handle are refused the list outright.
    for (const who of ['leader', 'admin', 'evaluator', 'operator'] as const) {
      expect(
        (await h().inject({ method: 'GET', url: '/api/v1/psych-referrals', token: outsiders[who] })).statusCode,
        who,
      ).toBe(403);
    }
    // The administrator's audit-log view says a referral was made, never who was referred or why.
    const audit = await h().inject({
      method: 'GET',
      url: '/api/v1/audit?action=psych_referral.create',
      token: outsiders.admin,
    });
    expect(audit.statusCode, audit.body).toBe(200);
    expect((audit.json() as { items: { subjectId: string }[] }).items.map((a) => a.subjectId)).toContain(
      String(made.id),
    );
    for (const clear of ['王五', '不想活', '13912345678']) expect(audit.body).not.toContain(clear);
  });

  it('keeps name, phone and reason sealed at rest and out of the audit log', async () => {
    const made = await referOk(h(), gridworker, {
      personName: '赵六',
      phone: '13800001111',
      reason: '丧偶后独居，拒绝进食',
    });
    const row = await h()
      .ctx.db.selectFrom('psych_referral')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const clear of ['赵六', '13800001111', '拒绝进食']) expect(stored).not.toContain(clear);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_type', '=', 'psych_referral')
      .execute();
    expect(audit.map((a) => a.action)).toContain('psych_referral.create');
    const auditText = JSON.stringify(audit);
    for (const clear of ['赵六', '13800001111', '拒绝进食', '邻里纠纷']) expect(auditText).not.toContain(clear);
  });

  it('refuses bad input with a Chinese message per field and writes nothing', async () => {
    const before = await count(h(), 'psych_referral');
    const blank = await refer(h(), gridworker, { personName: '  ', reason: '   ', urgency: 'normal', phone: '12345' });
    expect(blank.statusCode).toBe(400);
    const fields = (blank.json() as { error: { details: { field: string; message: string }[] } }).error.details;
    expect(fields.map((f) => f.field).sort()).toEqual(['personName', 'phone', 'reason']);
    expect(fields.find((f) => f.field === 'phone')!.message).toContain('电话号码格式无效');
    const badUrgency = await refer(h(), gridworker, { personName: '甲', reason: '乙', urgency: 'very' });
    expect(badUrgency.statusCode).toBe(400);
    const unseenCase = await refer(h(), gridworker, {
      personName: '甲',
      reason: '乙',
      urgency: 'normal',
      caseId: 2_000_000,
    });
    expect(unseenCase.statusCode).toBe(400);
    expect(unseenCase.body).toContain('事件不存在或无权查看');
    // A leader does not refer.
    expect(
      (await refer(h(), await h().login('leader'), { personName: '甲', reason: '乙', urgency: 'normal' })).statusCode,
    ).toBe(403);
    expect(await count(h(), 'psych_referral')).toBe(before);

    const made = await referOk(h(), gridworker);
    const followUps = await count(h(), 'psych_follow_up');
    const early = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/follow-ups`,
      token: team,
      payload: { date: '2026-11-27', note: '未联系先随访' },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ error: { code: 'PSYCH_REFERRAL_NOT_CONTACTED' } });
    const future = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${made.id}/contact`,
      token: team,
      payload: { assessmentLevel: 'low', contactedAt: new Date(h().clock.now().getTime() + 48 * HOUR).toISOString() },
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('联系时间不能晚于现在');
    expect(await count(h(), 'psych_follow_up')).toBe(followUps);
    expect(((await get(h(), team, made.id)).json() as Referral).status).toBe('referred');
  });

  it('tells the team once when an urgent referral goes 24 hours without contact, and nobody else', async () => {
    await scanOverdueReferrals(h().ctx); // earlier tests' referrals, out of the way
    const dispatcher = await h().login('dispatcher');
    const urgent = await referOk(h(), dispatcher, { urgency: 'urgent', personName: '孙七' });
    const contactedUrgent = await referOk(h(), dispatcher, { urgency: 'urgent', personName: '周八' });
    const normal = await referOk(h(), dispatcher, { urgency: 'normal', personName: '吴九' });
    const contact = await h().inject({
      method: 'POST',
      url: `/api/v1/psych-referrals/${contactedUrgent.id}/contact`,
      token: team,
      payload: { assessmentLevel: 'medium' },
    });
    expect(contact.statusCode, contact.body).toBe(200);

    h().clock.advance(23 * HOUR);
    expect(await scanOverdueReferrals(h().ctx)).toBe(0);
    h().clock.advance(HOUR + 60_000);
    expect(await scanOverdueReferrals(h().ctx)).toBe(1);
    expect(await scanOverdueReferrals(h().ctx)).toBe(0);
    h().clock.advance(5 * HOUR);
    expect(await scanOverdueReferrals(h().ctx)).toBe(0);
    await signIn();

    const warned = (await get(h(), team, urgent.id)).json() as Referral;
    expect(warned.overdueWarnedAt).not.toBeNull();
    expect(((await get(h(), team, contactedUrgent.id)).json() as Referral).overdueWarnedAt).toBeNull();
    expect(((await get(h(), team, normal.id)).json() as Referral).overdueWarnedAt).toBeNull();

    await deliverAll(h());
    const teamTopics = await inboxTopics(h(), team);
    expect(teamTopics.filter((t) => t === 'psych.overdue')).toHaveLength(1);
    const inbox = await h().inject({ method: 'GET', url: '/api/v1/inbox?limit=100', token: team });
    expect(inbox.body).toContain('紧急心理转介超过 24 小时未联系');
    expect(inbox.body).not.toContain('孙七');
    for (const other of ['leader', 'dispatcher', 'township', 'gridworker']) {
      const topics = await inboxTopics(h(), await h().login(other));
      expect(
        topics.filter((t) => t.startsWith('psych.')),
        other,
      ).toEqual([]);
    }
    // No early warning either: the warnings inbox of the county shows nothing of it.
    const leaderWarnings = await h().inject({
      method: 'GET',
      url: '/api/v1/warnings?limit=100',
      token: await h().login('leader'),
    });
    expect(leaderWarnings.body).not.toContain('孙七');
    expect(leaderWarnings.body).not.toContain('心理');
  });

  it('exports the team’s list as .xlsx without reasons, phones masked', async () => {
    const res = await h().inject({ method: 'GET', url: '/api/v1/psych-referrals?format=xlsx', token: team });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsxRows(res.rawPayload, '心理转介');
    expect(rows[0]).toContain('当事人');
    const body = rows.slice(1).flat().join('|');
    expect(body).toContain('孙七');
    expect(body).toContain('139****5678');
    expect(body).not.toContain('13912345678');
    expect(body).not.toContain('不想活');
    expect(dialect).toMatch(/sqlite|postgres/);
  });
});
