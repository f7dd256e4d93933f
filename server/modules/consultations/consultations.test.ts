// Consultations over HTTP on both databases (issue 19 §1): a resident's topic gathers its supporters
// and opens; verified residents of the area comment, report (the Kth report hides a comment) and vote
// once each, secretly (no answer names a voter's choice), with the result only after the close; an
// unverified (county-anchored) resident is refused and one of another village gets 404; staff verify a
// resident's home; the topic closes with a decision whose follow-up is public until done; an escalated
// topic appears at the parent level with its record; above the county it becomes a CPPCC proposal lead.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { DEMO_CPPCC_CODE } from '../../demo/demo-consultations.ts';

interface Option {
  id: number;
  label: string;
  votes: number | null;
}
interface Comment {
  id: number;
  authorName: string;
  body: string | null;
  hidden: boolean;
  mine: boolean;
}
interface Detail {
  id: number;
  unitId: number;
  level: string;
  status: string;
  supporterCount: number;
  supportersNeeded: number;
  options: Option[];
  resultVisible: boolean;
  voters: number;
  comments: Comment[];
  events: { kind: string; note: string | null }[];
  record: {
    id: number;
    level: string;
    comments: Comment[];
    events: { kind: string }[];
    options: Option[];
    voters: number;
  }[];
  decision: { text: string; carriedOutByUnitName: string; dueDate: string } | null;
  escalatedFromId: number | null;
  escalatedToId: number | null;
  me: { supported: boolean; voted: boolean; canSupport: boolean; canVote: boolean };
  abilities: { manage: boolean; decide: boolean; escalate: boolean };
}

const VILLAGE = '370702001001';
const OTHER_VILLAGE = '370702001002';
const TOWNSHIP = '370702001';

async function residents(h: Harness, n: number, unit = VILLAGE): Promise<BuiltUser[]> {
  const out: BuiltUser[] = [];
  for (let i = 0; i < n; i++) out.push(await buildUser(h, { role: 'resident', unit }));
  return out;
}

describeEachDialect('consultations', (get) => {
  const post = (url: string, token: string, payload?: Record<string, unknown>) =>
    get().inject({ method: 'POST', url, token, ...(payload ? { payload } : {}) });
  const read = async (id: number, token: string) => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/consultations/${id}`, token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Detail;
  };

  it('gathers supporters, opens, is discussed and voted on secretly by verified residents only, and closes with a decision', async () => {
    const h = get();
    const village = await h.unit(VILLAGE);
    const [author, ...supporters] = await residents(h, 6);
    const unverified = await buildUser(h, { role: 'resident', unit: '370702' });
    const stranger = (await residents(h, 1, OTHER_VILLAGE))[0]!;

    // An unverified resident takes part in nothing.
    const refused = await post('/api/v1/consultations', unverified.token, {
      unitId: village.id,
      title: '修路',
      body: '村东路面破损',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'CONSULTATION_HOME_UNVERIFIED' } });

    const raised = await post('/api/v1/consultations', author!.token, {
      unitId: village.id,
      title: '村东道路是否硬化',
      body: '村东路面破损，雨天难行，建议硬化。',
      options: ['同意硬化', '暂缓', '同意硬化'],
    });
    expect(raised.json()).toMatchObject({ error: { code: 'CONSULTATION_OPTIONS_INVALID' } });
    const created = await post('/api/v1/consultations', author!.token, {
      unitId: village.id,
      title: '村东道路是否硬化',
      body: '村东路面破损，雨天难行，建议硬化。',
      options: ['同意硬化', '暂缓'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const topic = created.json() as Detail;
    expect(topic).toMatchObject({ status: 'gathering', level: 'village', supportersNeeded: 5, supporterCount: 0 });

    // A vote before it opens is refused; supporters, once each, open it at the fifth.
    expect(
      (await post(`/api/v1/consultations/${topic.id}/votes`, author!.token, { optionId: topic.options[0]!.id })).json(),
    ).toMatchObject({
      error: { code: 'CONSULTATION_WRONG_STATUS' },
    });
    for (const [i, s] of supporters.slice(0, 4).entries()) {
      const res = await post(`/api/v1/consultations/${topic.id}/supports`, s.token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'gathering', supporterCount: i + 1, me: { supported: true } });
    }
    const again = await post(`/api/v1/consultations/${topic.id}/supports`, supporters[0]!.token);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONSULTATION_ALREADY_SUPPORTED' } });
    expect((await post(`/api/v1/consultations/${topic.id}/supports`, stranger.token)).statusCode).toBe(404);
    const fifth = await post(`/api/v1/consultations/${topic.id}/supports`, supporters[4]!.token);
    expect(fifth.json()).toMatchObject({ status: 'open', supporterCount: 5 });

    // The discussion: a comment reported by three residents is hidden for the others.
    const c1 = await post(`/api/v1/consultations/${topic.id}/comments`, supporters[0]!.token, {
      body: '支持硬化，出行方便',
    });
    expect(c1.statusCode, c1.body).toBe(201);
    const rude = await post(`/api/v1/consultations/${topic.id}/comments`, supporters[1]!.token, {
      body: '不文明的言论',
    });
    const rudeId = (rude.json() as Detail).comments.find((c) => c.mine)!.id;
    for (const s of [author!, supporters[2]!, supporters[3]!]) {
      const res = await post(`/api/v1/consultations/${topic.id}/comments/${rudeId}/reports`, s.token);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(
      (await post(`/api/v1/consultations/${topic.id}/comments/${rudeId}/reports`, author!.token)).json(),
    ).toMatchObject({
      error: { code: 'CONSULTATION_ALREADY_REPORTED' },
    });
    const seen = await read(topic.id, supporters[4]!.token);
    expect(seen.comments.find((c) => c.id === rudeId)).toMatchObject({ hidden: true, body: null, authorName: '居民' });
    expect((await read(topic.id, supporters[1]!.token)).comments.find((c) => c.id === rudeId)).toMatchObject({
      hidden: true,
      body: '不文明的言论',
      mine: true,
    });
    const staff = await buildUser(h, { role: 'grid_worker', unit: VILLAGE });
    expect((await read(topic.id, staff.token)).comments.find((c) => c.id === rudeId)).toMatchObject({
      hidden: true,
      body: '不文明的言论',
    });
    // Staff moderation hides another.
    const c1Id = (c1.json() as Detail).comments.find((c) => c.mine)!.id;
    expect(
      (await post(`/api/v1/consultations/${topic.id}/comments/${c1Id}/hide`, staff.token, { reason: '测试' }))
        .statusCode,
    ).toBe(200);
    expect((await read(topic.id, author!.token)).comments.find((c) => c.id === c1Id)).toMatchObject({
      hidden: true,
      body: null,
    });
    // A resident may not moderate.
    expect(
      (await post(`/api/v1/consultations/${topic.id}/comments/${rudeId}/hide`, author!.token, {})).statusCode,
    ).toBe(403);

    // Votes: once per verified resident of the area; the result stays hidden while open.
    const [yes, later] = topic.options;
    const voters = [author!, ...supporters];
    for (const [i, v] of voters.entries()) {
      const res = await post(`/api/v1/consultations/${topic.id}/votes`, v.token, {
        optionId: (i < 4 ? yes : later)!.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ me: { voted: true, canVote: false }, resultVisible: false });
    }
    const second = await post(`/api/v1/consultations/${topic.id}/votes`, author!.token, { optionId: later!.id });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'CONSULTATION_ALREADY_VOTED' } });
    // Taking part earned the voter points, once (the refused second vote earned nothing).
    const points = (await h.inject({ method: 'GET', url: '/api/v1/points/me', token: author!.token })).json() as {
      entries: { ruleCode: string | null; amount: number }[];
    };
    const votePoints = points.entries.filter((e) => e.ruleCode === 'vote');
    expect(votePoints).toHaveLength(1);
    expect(votePoints[0]!.amount).toBeGreaterThan(0);
    const noHome = await post(`/api/v1/consultations/${topic.id}/votes`, unverified.token, { optionId: yes!.id });
    expect(noHome.statusCode).toBe(403);
    expect(noHome.json()).toMatchObject({ error: { code: 'CONSULTATION_HOME_UNVERIFIED' } });
    expect(
      (await post(`/api/v1/consultations/${topic.id}/votes`, stranger.token, { optionId: yes!.id })).statusCode,
    ).toBe(404);
    expect(
      (await h.inject({ method: 'GET', url: `/api/v1/consultations/${topic.id}`, token: stranger.token })).statusCode,
    ).toBe(404);
    expect((await post(`/api/v1/consultations/${topic.id}/votes`, staff.token, { optionId: yes!.id })).statusCode).toBe(
      403,
    );

    const admin = await h.login('admin');
    const whileOpen = await read(topic.id, admin);
    expect(whileOpen).toMatchObject({ voters: 6, resultVisible: false });
    expect(whileOpen.options.map((o) => o.votes)).toEqual([null, null]);

    // Secret: the ballot has no voter column; no answer or audit record pairs a voter with an option.
    const ballots = await h.ctx.db
      .selectFrom('consultation_ballot')
      .selectAll()
      .where('consultation_id', '=', topic.id)
      .execute();
    expect(ballots).toHaveLength(6);
    expect(Object.keys(ballots[0]!).sort()).toEqual(['consultation_id', 'id', 'option_id']);
    const voteAudit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'consultation.vote')
      .where('subject_id', '=', String(topic.id))
      .execute();
    expect(voteAudit).toHaveLength(6);
    for (const row of voteAudit) expect(String(row.details)).not.toMatch(/option/i);
    const adminBody = JSON.stringify(whileOpen);
    for (const v of voters) expect(adminBody).not.toContain(v.username);

    // Close with a decision: the result is shown from now on, and the follow-up is public until done.
    const township = await h.unit(TOWNSHIP);
    const decided = await post(`/api/v1/consultations/${topic.id}/decision`, staff.token, {
      decision: '同意硬化村东道路，由街道统筹实施',
      carriedOutByUnitId: township.id,
      dueDate: '2027-03-31',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'closed',
      resultVisible: true,
      decision: { text: '同意硬化村东道路，由街道统筹实施', dueDate: '2027-03-31' },
    });
    expect((decided.json() as Detail).options.map((o) => o.votes)).toEqual([4, 2]);
    expect((await read(topic.id, author!.token)).options.map((o) => o.votes)).toEqual([4, 2]);
    expect(
      (await post(`/api/v1/consultations/${topic.id}/votes`, supporters[0]!.token, { optionId: yes!.id })).json(),
    ).toMatchObject({
      error: { code: 'CONSULTATION_WRONG_STATUS' },
    });

    const progress = await post(`/api/v1/consultations/${topic.id}/progress`, staff.token, {
      percent: 40,
      note: '已完成路基',
    });
    expect(progress.statusCode, progress.body).toBe(200);
    const pub = await h.inject({ method: 'GET', url: `/api/v1/public/consultations?unitId=${township.id}` });
    expect(pub.statusCode, pub.body).toBe(200);
    const item = (pub.json() as { items: { id: number; progress: number; notes: { note: string }[] }[] }).items.find(
      (i) => i.id === topic.id,
    );
    expect(item).toMatchObject({ progress: 40, notes: [{ note: '已完成路基' }] });
    expect(pub.body).not.toContain(author!.username);
    await post(`/api/v1/consultations/${topic.id}/progress`, staff.token, { percent: 100, note: '完工' });
    const done = await h.inject({ method: 'GET', url: `/api/v1/public/consultations?unitId=${township.id}` });
    expect((done.json() as { items: { id: number }[] }).items.some((i) => i.id === topic.id)).toBe(false);

    // Every change is audited.
    const actions = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'consultation.%')
      .execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'consultation.raise',
        'consultation.support',
        'consultation.comment',
        'consultation.comment_report',
        'consultation.comment_hide',
        'consultation.vote',
        'consultation.decide',
        'consultation.progress',
      ]),
    );
  });

  it('lets staff verify a resident’s home, after which the resident takes part', async () => {
    const h = get();
    const village = await h.unit(VILLAGE);
    const newcomer = await buildUser(h, { role: 'resident', unit: '370702' });
    const staff = await buildUser(h, { role: 'grid_worker', unit: VILLAGE });
    const topic = (
      await post('/api/v1/consultations', staff.token, {
        unitId: village.id,
        title: '垃圾分类点设置',
        body: '新设分类点位置',
        options: ['村口', '广场'],
      })
    ).json() as Detail;
    expect(topic.status).toBe('open');
    expect(
      (await post(`/api/v1/consultations/${topic.id}/votes`, newcomer.token, { optionId: topic.options[0]!.id }))
        .statusCode,
    ).toBe(403);
    const list = await h.inject({ method: 'GET', url: '/api/v1/consultations', token: newcomer.token });
    expect(list.json()).toMatchObject({ items: [], homeVerified: false });

    // A staff member of another township cannot place the resident in this village.
    const far = await buildUser(h, { role: 'dispatcher', unit: '370702002' });
    const wrong = await h.inject({
      method: 'PUT',
      url: `/api/v1/residents/${newcomer.id}/home`,
      token: far.token,
      payload: { unitId: village.id },
    });
    expect(wrong.statusCode).toBe(404);
    const township = await h.unit(TOWNSHIP);
    const notVillage = await h.inject({
      method: 'PUT',
      url: `/api/v1/residents/${newcomer.id}/home`,
      token: staff.token,
      payload: { unitId: township.id },
    });
    expect(notVillage.statusCode).toBe(404);
    const dispatcher = await buildUser(h, { role: 'dispatcher', unit: TOWNSHIP });
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: `/api/v1/residents/${newcomer.id}/home`,
          token: dispatcher.token,
          payload: { unitId: township.id },
        })
      ).json(),
    ).toMatchObject({ error: { code: 'RESIDENT_HOME_UNIT_INVALID' } });
    const verified = await h.inject({
      method: 'PUT',
      url: `/api/v1/residents/${newcomer.id}/home`,
      token: staff.token,
      payload: { unitId: village.id },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ userId: newcomer.id, unitId: village.id });
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'resident.verify_home')
      .execute();
    expect(audit).toHaveLength(1);

    const vote = await post(`/api/v1/consultations/${topic.id}/votes`, newcomer.token, {
      optionId: topic.options[0]!.id,
    });
    expect(vote.statusCode, vote.body).toBe(200);
    const mine = await h.inject({ method: 'GET', url: '/api/v1/consultations', token: newcomer.token });
    expect((mine.json() as { items: { id: number }[]; homeVerified: boolean }).homeVerified).toBe(true);
    expect((mine.json() as { items: { id: number }[] }).items.map((i) => i.id)).toContain(topic.id);
    // Not a resident: 404 (the staff member's own account is no resident).
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: `/api/v1/residents/${staff.id}/home`,
          token: dispatcher.token,
          payload: { unitId: village.id },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('escalates level by level with the record, and above the county makes a CPPCC proposal lead', async () => {
    const h = get();
    const village = await h.unit(VILLAGE);
    const villageStaff = await buildUser(h, { role: 'grid_worker', unit: VILLAGE });
    const townshipStaff = await buildUser(h, { role: 'dispatcher', unit: TOWNSHIP });
    const countyStaff = await buildUser(h, { role: 'dispatcher', unit: '370702' });
    const [voter] = await residents(h, 1);
    const townshipResident = (await residents(h, 1, OTHER_VILLAGE))[0]!;

    const topic = (
      await post('/api/v1/consultations', villageStaff.token, {
        unitId: village.id,
        title: '跨村排水沟修建',
        body: '涉及两村土地，本村无权决定',
        options: ['修建', '不修'],
      })
    ).json() as Detail;
    await post(`/api/v1/consultations/${topic.id}/comments`, voter!.token, { body: '排水沟经过我家地头' });
    await post(`/api/v1/consultations/${topic.id}/votes`, voter!.token, { optionId: topic.options[0]!.id });

    const up = await post(`/api/v1/consultations/${topic.id}/escalate`, villageStaff.token, {
      reason: '涉及邻村，需街道协调',
    });
    expect(up.statusCode, up.body).toBe(201);
    const parent = up.json() as Detail;
    expect(parent).toMatchObject({
      level: 'township',
      status: 'open',
      unitId: (await h.unit(TOWNSHIP)).id,
      escalatedFromId: topic.id,
    });
    // The village topic is over; its result is shown with the record at the parent.
    expect(await read(topic.id, villageStaff.token)).toMatchObject({
      status: 'escalated',
      escalatedToId: parent.id,
      resultVisible: true,
    });
    const atParent = await read(parent.id, townshipStaff.token);
    expect(atParent.record).toHaveLength(1);
    expect(atParent.record[0]).toMatchObject({ id: topic.id, level: 'village', voters: 1 });
    expect(atParent.record[0]!.comments.map((c) => c.body)).toEqual(['排水沟经过我家地头']);
    expect(atParent.record[0]!.options.map((o) => o.votes)).toEqual([1, 0]);
    expect(atParent.record[0]!.events.map((e) => e.kind)).toContain('escalated');
    expect(atParent.options.map((o) => o.votes)).toEqual([null, null]);
    // The township's topic: every verified resident of the township votes anew; the village staff no longer reach it.
    expect(
      (
        await post(`/api/v1/consultations/${parent.id}/votes`, townshipResident.token, {
          optionId: parent.options[0]!.id,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await h.inject({ method: 'GET', url: `/api/v1/consultations/${parent.id}`, token: villageStaff.token }))
        .statusCode,
    ).toBe(404);
    const townshipList = await h.inject({
      method: 'GET',
      url: `/api/v1/consultations?level=township`,
      token: townshipStaff.token,
    });
    expect((townshipList.json() as { items: { id: number }[] }).items.map((i) => i.id)).toContain(parent.id);

    // Township → county; with the county's CPPCC committee unit closed: refused, nothing written.
    const county = (
      await post(`/api/v1/consultations/${parent.id}/escalate`, townshipStaff.token, {
        reason: '需区级统筹资金',
      })
    ).json() as Detail;
    expect(county).toMatchObject({ level: 'county', status: 'open' });
    expect((await read(county.id, countyStaff.token)).record.map((r) => r.level)).toEqual(['township', 'village']);
    const cppcc = await h.ctx.db
      .selectFrom('org_unit')
      .select(['id', 'code', 'name'])
      .where('code', '=', DEMO_CPPCC_CODE)
      .executeTakeFirstOrThrow();
    const setClosed = (closedAt: string | null) =>
      h.ctx.db.updateTable('org_unit').set({ closed_at: closedAt }).where('id', '=', cppcc.id).execute();
    await setClosed(h.clock.now().toISOString());
    const none = await post(`/api/v1/consultations/${county.id}/escalate`, countyStaff.token, {
      reason: '超出区级权限',
    });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ error: { code: 'CONSULTATION_NO_CPPCC' } });
    expect((await read(county.id, countyStaff.token)).status).toBe('open');
    await setClosed(null);

    const lead = await post(`/api/v1/consultations/${county.id}/escalate`, countyStaff.token, {
      reason: '超出区级权限',
    });
    expect(lead.statusCode, lead.body).toBe(201);
    expect(lead.json()).toMatchObject({ status: 'proposal_lead', unitId: cppcc.id, unitName: cppcc.name });
    const member = await buildUser(h, { role: 'department', unit: cppcc.code });
    const asMember = await read((lead.json() as Detail).id, member.token);
    expect(asMember.record.map((r) => r.level)).toEqual(['county', 'township', 'village']);
    // A second escalation of the same topic: refused.
    expect(
      (await post(`/api/v1/consultations/${county.id}/escalate`, countyStaff.token, { reason: '再次' })).statusCode,
    ).toBe(422);
  });
});
