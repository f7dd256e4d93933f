// Community bodies, service projects, volunteers and notices over HTTP on both databases (issue 19
// §6–§7): a township publishes a project, a social organisation applies and claims it through its
// member account, reports progress to completion, and residents of the area rate it once each (a
// resident elsewhere, or not yet verified, gets 404); notices reach the residents of the area only,
// and an urgent one queues one SMS per resident of the area with a phone; volunteer hours are logged once.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

interface Project {
  id: number;
  status: string;
  awardedBodyName: string | null;
  progressPercent: number;
  ratingCount: number;
  ratingAverage: number | null;
  myRating: number | null;
  applications: { id: number; bodyName: string }[];
  abilities: { award: boolean; applyAs: { id: number }[]; progress: boolean; rate: boolean };
}

async function giveAccountPhone(h: Harness, userId: number, phone: string) {
  await h.ctx.db
    .updateTable('app_user')
    .set({ phone_enc: h.ctx.cipher.encrypt(phone), phone_hash: h.ctx.cipher.blindIndex(phone) })
    .where('id', '=', userId)
    .execute();
}

describeEachDialect('community bodies, service projects, volunteers and notices', (get) => {
  it('a social organisation claims a township’s project through its member account; residents of the area rate it once', async () => {
    const h = get();
    const township = await h.unit('370702001');
    const staff = await h.userWith('dispatcher', '370702001-centre');
    const orgAccount = await h.userWith('resident', '370702001001');
    const neighbour = await h.userWith('resident', '370702001002');
    const elsewhere = await h.userWith('resident', '370702002001');
    const unverified = await h.userWith('resident', '370702');

    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/community-bodies',
      token: staff.token,
      payload: {
        kind: 'social_org',
        name: '阳光社工服务中心',
        unitId: township.id,
        contactName: '王主任',
        contactPhone: '13800001234',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as { id: number; contactPhone: string };
    expect(body.contactPhone).toBe('138****1234');
    const stored = await h.ctx.db
      .selectFrom('community_body')
      .select('contact_phone_enc')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.contact_phone_enc).not.toContain('13800001234');
    const revealed = await h.inject({
      method: 'POST',
      url: `/api/v1/community-bodies/${body.id}/contact-phone`,
      token: staff.token,
      payload: { reason: '联系项目对接' },
    });
    expect(revealed.json()).toEqual({ phone: '13800001234' });
    const linked = await h.inject({
      method: 'POST',
      url: `/api/v1/community-bodies/${body.id}/members`,
      token: staff.token,
      payload: { username: orgAccount.username, role: 'member' },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    const staffLink = await h.inject({
      method: 'POST',
      url: `/api/v1/community-bodies/${body.id}/members`,
      token: staff.token,
      payload: { username: staff.username, role: 'member' },
    });
    expect(staffLink.json()).toMatchObject({ error: { code: 'COMMUNITY_MEMBER_NOT_RESIDENT' } });

    const published = await h.inject({
      method: 'POST',
      url: '/api/v1/service-projects',
      token: staff.token,
      payload: {
        unitId: township.id,
        title: '独居老人助餐服务',
        description: '为辖区独居老人每周送餐三次',
        budgetYuan: 50000,
        startsOn: '2026-12-10',
        endsOn: '2027-03-31',
      },
    });
    expect(published.statusCode, published.body).toBe(201);
    const project = published.json() as Project;
    expect(project).toMatchObject({ status: 'open', abilities: { award: true, applyAs: [] } });

    const seen = await h.inject({ method: 'GET', url: '/api/v1/service-projects', token: orgAccount.token });
    const listed = (seen.json() as { items: Project[] }).items.find((p) => p.id === project.id);
    expect(listed?.abilities.applyAs.map((b) => b.id)).toEqual([body.id]);

    const apply = () =>
      h.inject({
        method: 'POST',
        url: `/api/v1/service-projects/${project.id}/applications`,
        token: orgAccount.token,
        payload: { bodyId: body.id, note: '我们有20名社工' },
      });
    const applied = await apply();
    expect(applied.statusCode, applied.body).toBe(201);
    expect((await apply()).json()).toMatchObject({ error: { code: 'SERVICE_PROJECT_ALREADY_APPLIED' } });
    // A resident who does not act for the body cannot apply as it.
    const stranger = await h.inject({
      method: 'POST',
      url: `/api/v1/service-projects/${project.id}/applications`,
      token: neighbour.token,
      payload: { bodyId: body.id },
    });
    expect(stranger.statusCode).toBe(404);

    // Residents cannot rate before completion; the township awards.
    const early = await h.inject({
      method: 'POST',
      url: `/api/v1/service-projects/${project.id}/ratings`,
      token: neighbour.token,
      payload: { score: 5 },
    });
    expect(early.json()).toMatchObject({ error: { code: 'SERVICE_PROJECT_NOT_COMPLETED' } });
    const application = (applied.json() as Project).applications[0]!;
    const awarded = await h.inject({
      method: 'POST',
      url: `/api/v1/service-projects/${project.id}/award`,
      token: staff.token,
      payload: { applicationId: application.id },
    });
    expect(awarded.json()).toMatchObject({ status: 'awarded', awardedBodyName: '阳光社工服务中心' });

    const report = (percent: number, note: string) =>
      h.inject({
        method: 'POST',
        url: `/api/v1/service-projects/${project.id}/progress`,
        token: orgAccount.token,
        payload: { percent, note },
      });
    expect((await report(50, '已服务 40 位老人')).json()).toMatchObject({ status: 'awarded', progressPercent: 50 });
    const done = (await report(100, '项目结束')).json() as Project & { progress: unknown[] };
    expect(done).toMatchObject({ status: 'completed', progressPercent: 100 });
    expect(done.progress).toHaveLength(2);

    const rate = (token: string, score: number) =>
      h.inject({
        method: 'POST',
        url: `/api/v1/service-projects/${project.id}/ratings`,
        token,
        payload: { score, comment: '很好' },
      });
    const first = await rate(neighbour.token, 5);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ myRating: 5, ratingCount: 1, abilities: { rate: false } });
    expect((await rate(neighbour.token, 1)).json()).toMatchObject({ error: { code: 'SERVICE_PROJECT_ALREADY_RATED' } });
    expect((await rate(orgAccount.token, 3)).statusCode).toBe(201);
    expect((await rate(elsewhere.token, 1)).statusCode).toBe(404);
    expect((await rate(unverified.token, 1)).statusCode).toBe(404);
    const other = await h.inject({
      method: 'GET',
      url: `/api/v1/service-projects/${project.id}`,
      token: elsewhere.token,
    });
    expect(other.statusCode).toBe(404);
    const final = (
      await h.inject({ method: 'GET', url: `/api/v1/service-projects/${project.id}`, token: staff.token })
    ).json() as Project;
    expect(final).toMatchObject({ ratingCount: 2, ratingAverage: 4 });
  });

  it('on a first-claim project the first application takes it and the next is refused', async () => {
    const h = get();
    const township = await h.unit('370702001');
    const staff = await h.userWith('dispatcher', '370702001-centre');
    const orgs = [];
    for (const name of ['甲社会组织', '乙社会组织']) {
      const account = await h.userWith('resident', '370702001001');
      const made = await h.inject({
        method: 'POST',
        url: '/api/v1/community-bodies',
        token: staff.token,
        payload: { kind: 'social_org', name, unitId: township.id },
      });
      const id = (made.json() as { id: number }).id;
      await h.inject({
        method: 'POST',
        url: `/api/v1/community-bodies/${id}/members`,
        token: staff.token,
        payload: { username: account.username, role: 'member' },
      });
      orgs.push({ id, token: account.token });
    }
    const project = (
      await h.inject({
        method: 'POST',
        url: '/api/v1/service-projects',
        token: staff.token,
        payload: { unitId: township.id, title: '垃圾分类宣传', description: '入户宣传', awardMode: 'first_claim' },
      })
    ).json() as Project;
    const claims = await Promise.all(
      orgs.map((o) =>
        h.inject({
          method: 'POST',
          url: `/api/v1/service-projects/${project.id}/applications`,
          token: o.token,
          payload: { bodyId: o.id },
        }),
      ),
    );
    expect(claims.map((c) => c.statusCode).sort()).toEqual([201, 422]);
    const after = await h.ctx.db
      .selectFrom('service_project')
      .selectAll()
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('awarded');
    const winner = orgs[claims.findIndex((c) => c.statusCode === 201)]!;
    expect(after.awarded_body_id).toBe(winner.id);
    const apps = await h.ctx.db
      .selectFrom('service_project_application')
      .select('body_id')
      .where('project_id', '=', project.id)
      .execute();
    expect(apps.map((a) => a.body_id)).toEqual([winner.id]);
  });

  it('notices reach the residents of the area only; an urgent one queues one SMS per resident there with a phone', async () => {
    const h = get();
    const village = await h.unit('370702001001');
    const staff = await h.userWith('dispatcher', '370702001-centre');
    const withPhone = await h.userWith('resident', '370702001001');
    const withoutPhone = await h.userWith('resident', '370702001001');
    const elsewhere = await h.userWith('resident', '370702002001');
    await giveAccountPhone(h, withPhone.id, '13900002222');
    await giveAccountPhone(h, elsewhere.id, '13900003333');
    const before = await h.ctx.db.selectFrom('outbox').select('id').where('topic', '=', 'notice.urgent').execute();

    const publish = (payload: Record<string, unknown>) =>
      h.inject({ method: 'POST', url: '/api/v1/notices', token: staff.token, payload });
    const policy = await publish({ unitId: village.id, kind: 'policy', title: '医保缴费通知', body: '请于月底前缴纳' });
    expect(policy.statusCode, policy.body).toBe(201);
    expect(policy.json()).toMatchObject({ urgent: false, smsCount: 0 });
    const urgent = await publish({ unitId: village.id, kind: 'emergency', title: '暴雨预警', body: '请勿外出' });
    expect(urgent.json()).toMatchObject({ urgent: true, smsCount: 1 });
    const queued = await h.ctx.db
      .selectFrom('outbox')
      .select(['recipient_type', 'recipient', 'payload'])
      .where('topic', '=', 'notice.urgent')
      .where('id', 'not in', before.length ? before.map((r) => r.id) : [0])
      .execute();
    expect(queued.map((m) => [m.recipient_type, m.recipient])).toEqual([['user', String(withPhone.id)]]);
    expect(JSON.parse(queued[0]!.payload)).toEqual({ unit: village.name, title: '暴雨预警' });
    expect(queued[0]!.payload).not.toContain('139');

    const mine = async (token: string) =>
      (
        (await h.inject({ method: 'GET', url: '/api/v1/notices/mine', token })).json() as {
          items: { title: string; smsCount: null }[];
        }
      ).items;
    // Newest first; the demo's own notice of the township (seeded) follows them.
    expect((await mine(withoutPhone.token)).map((n) => n.title).slice(0, 2)).toEqual(['暴雨预警', '医保缴费通知']);
    expect((await mine(withoutPhone.token))[0]!.smsCount).toBeNull();
    expect(await mine(elsewhere.token)).toEqual([]);
    expect((await h.inject({ method: 'GET', url: '/api/v1/notices/mine', token: staff.token })).statusCode).toBe(403);

    const grid = await h.unit('370702001001G01');
    const onGrid = await publish({ unitId: grid.id, kind: 'meeting', title: '网格会议', body: '周五开会' });
    expect(onGrid.json()).toMatchObject({ error: { code: 'COMMUNITY_UNIT_NOT_ALLOWED' } });
    const outside = await publish({
      unitId: (await h.unit('370702002001')).id,
      kind: 'meeting',
      title: '会',
      body: '会',
    });
    expect(outside.statusCode).toBe(404);
    const template = await h.ctx.db
      .selectFrom('sms_template')
      .select('code')
      .where('code', '=', 'notice_urgent')
      .executeTakeFirst();
    expect(template).toBeDefined();
  });

  it('volunteers sign up in their area and the team lead logs each volunteer’s hours once', async () => {
    const h = get();
    const village = await h.unit('370702001001');
    const manager = await h.userWith('dispatcher', '370702001-centre');
    const lead = await h.userWith('resident', '370702001001');
    const volunteer = await h.userWith('resident', '370702001001');
    const plainMember = await h.userWith('resident', '370702001001');
    const elsewhere = await h.userWith('resident', '370702002001');
    const team = (
      await h.inject({
        method: 'POST',
        url: '/api/v1/community-bodies',
        token: manager.token,
        payload: { kind: 'volunteer_team', name: '红马甲志愿服务队', unitId: village.id },
      })
    ).json() as { id: number };
    for (const [account, role] of [
      [lead, 'lead'],
      [plainMember, 'member'],
    ] as const) {
      await h.inject({
        method: 'POST',
        url: `/api/v1/community-bodies/${team.id}/members`,
        token: manager.token,
        payload: { username: account.username, role },
      });
    }
    const activity = await h.inject({
      method: 'POST',
      url: '/api/v1/volunteer-activities',
      token: manager.token,
      payload: { teamId: team.id, title: '敬老院义务劳动', startsAt: '2026-12-12T01:00:00Z', place: '城关敬老院' },
    });
    expect(activity.statusCode, activity.body).toBe(201);
    const id = (activity.json() as { id: number }).id;

    const signUp = (token: string) =>
      h.inject({ method: 'POST', url: `/api/v1/volunteer-activities/${id}/signups`, token });
    expect((await signUp(volunteer.token)).statusCode).toBe(201);
    expect((await signUp(volunteer.token)).json()).toMatchObject({ error: { code: 'VOLUNTEER_ALREADY_SIGNED_UP' } });
    expect((await signUp(elsewhere.token)).statusCode).toBe(404);

    const log = (token: string, userId: number, hours: number) =>
      h.inject({ method: 'POST', url: `/api/v1/volunteer-activities/${id}/hours`, token, payload: { userId, hours } });
    expect((await log(plainMember.token, volunteer.id, 2)).statusCode).toBe(403);
    expect((await log(lead.token, plainMember.id, 2)).json()).toMatchObject({
      error: { code: 'VOLUNTEER_NOT_SIGNED_UP' },
    });
    const logged = await log(lead.token, volunteer.id, 2.5);
    expect(logged.statusCode, logged.body).toBe(200);
    expect((logged.json() as { roster: { userId: number; hours: number }[] }).roster).toEqual([
      expect.objectContaining({ userId: volunteer.id, hours: 2.5 }),
    ]);
    const twice = await Promise.all([log(lead.token, volunteer.id, 3), log(manager.token, volunteer.id, 4)]);
    expect(twice.map((r) => (r.json() as { error: { code: string } }).error.code)).toEqual([
      'VOLUNTEER_HOURS_ALREADY_LOGGED',
      'VOLUNTEER_HOURS_ALREADY_LOGGED',
    ]);

    // The logged hours earned the volunteer points once: 2.5 hours at the rule's points per hour.
    const rules = (await h.inject({ method: 'GET', url: '/api/v1/points/rules', token: volunteer.token })).json() as {
      items: { code: string; points: number }[];
    };
    const perHour = rules.items.find((r) => r.code === 'volunteer_hour')!.points;
    const points = (await h.inject({ method: 'GET', url: '/api/v1/points/me', token: volunteer.token })).json() as {
      entries: { ruleCode: string | null; amount: number }[];
    };
    expect(points.entries.filter((e) => e.ruleCode === 'volunteer_hour').map((e) => e.amount)).toEqual([
      Math.round(perHour * 2.5),
    ]);

    const mine = (
      await h.inject({ method: 'GET', url: '/api/v1/volunteer-activities', token: volunteer.token })
    ).json() as { items: { id: number; mine: { hours: number | null } | null }[] };
    expect(mine.items.find((a) => a.id === id)?.mine).toMatchObject({ hours: 2.5 });
    const roster = await h.inject({
      method: 'GET',
      url: `/api/v1/volunteer-activities/${id}?format=xlsx`,
      token: manager.token,
    });
    expect(roster.statusCode).toBe(200);
    expect(roster.headers['content-type']).toContain('spreadsheetml');
  });
});
