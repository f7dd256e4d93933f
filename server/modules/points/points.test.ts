// Points and the recognition board over HTTP on both databases: fifty concurrent earnings for one
// source event credit once; a rule's cap holds per period (and concurrently); a redemption beyond
// the balance or the stock is refused and changes nothing; the counter hands a code over once
// (another area's counter: 404); adjustments are ledger entries and audited; a resident's resolved
// report and a kept mediation agreement earn points by themselves; an approved nomination earns
// its nominee points once and appears on the public board with the deed scrubbed.
import { expect, it } from 'vitest';
import { effectiveAgreement } from '../../../test/support/mediation.ts';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { awardPoints } from './index.ts';

interface Me {
  balance: number;
  earned: number;
  entries: { kind: string; ruleCode: string | null; amount: number; balanceAfter: number; label: string }[];
  redemptions: { id: number; code: string; status: string; rewardName: string }[];
}

describeEachDialect('points and the civilisation bank', (get) => {
  let seq = 0;
  const resident = async (h: Harness, phone?: string): Promise<BuiltUser> => {
    const user = await buildUser(h, { role: 'resident', unit: '370702001001', displayName: `王居民${++seq}` });
    if (phone)
      await h.ctx.db
        .updateTable('app_user')
        .set({ phone_enc: h.ctx.cipher.encrypt(phone), phone_hash: h.ctx.cipher.blindIndex(phone) })
        .where('id', '=', user.id)
        .execute();
    return user;
  };
  const award = (
    h: Harness,
    userId: number,
    rule: 'verified_report' | 'good_deed' | 'volunteer_hour',
    key: string,
    quantity?: number,
  ) =>
    h.ctx.db
      .transaction()
      .execute((trx) => awardPoints(h.ctx, trx, { userId, rule, sourceKey: key, ...(quantity ? { quantity } : {}) }));
  const me = async (h: Harness, token: string) => {
    const res = await h.inject({ method: 'GET', url: '/api/v1/points/me', token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Me;
  };
  const newReward = async (h: Harness, cost: number, stock: number, unit = '370702001001') => {
    const staff = await h.login('dispatcher');
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/points/rewards',
      token: staff,
      payload: { unitId: (await h.unit(unit)).id, name: `洗衣液${++seq}`, cost, stock },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; stock: number };
  };
  const redeem = (h: Harness, token: string, rewardId: number) =>
    h.inject({ method: 'POST', url: '/api/v1/points/redemptions', token, payload: { rewardId } });
  const stockOf = async (h: Harness, id: number) =>
    Number(
      (await h.ctx.db.selectFrom('point_reward').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock,
    );

  it('credits fifty concurrent earnings for one source event once', async () => {
    const h = get();
    const r = await resident(h);
    const results = await Promise.all(Array.from({ length: 50 }, () => award(h, r.id, 'good_deed', 'deed:concurrent')));
    expect(results.filter((x) => x.credited > 0)).toEqual([{ credited: 20 }]);
    const mine = await me(h, r.token);
    expect(mine.balance).toBe(20);
    expect(mine.entries).toEqual([
      expect.objectContaining({ kind: 'earn', ruleCode: 'good_deed', amount: 20, balanceAfter: 20 }),
    ]);
    // The same event again later: still once; another event: credited.
    expect(await award(h, r.id, 'good_deed', 'deed:concurrent')).toEqual({ credited: 0 });
    expect(await award(h, r.id, 'good_deed', 'deed:other')).toEqual({ credited: 20 });
    expect((await me(h, r.token)).balance).toBe(40);
    // A staff account holds no points.
    const staff = await buildUser(h, { role: 'operator', signIn: false });
    expect(await award(h, staff.id, 'good_deed', 'deed:staff')).toEqual({ credited: 0 });
  });

  it('holds a rule’s cap per period, also for concurrent events, and starts again next period', async () => {
    const h = get();
    const r = await resident(h);
    // verified_report: 5 points, at most 30 a month.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => award(h, r.id, 'verified_report', `cap-case:${i}`)),
    );
    expect(results.reduce((n, x) => n + x.credited, 0)).toBe(30);
    expect((await me(h, r.token)).balance).toBe(30);
    // An administrator lowers the points and caps volunteer hours per day.
    const admin = await h.login('admin');
    const rules = (await h.inject({ method: 'GET', url: '/api/v1/points/rules', token: admin })).json() as {
      items: { code: string; name: string; points: number; cap: number | null; capPeriod: string; active: boolean }[];
    };
    const hour = rules.items.find((x) => x.code === 'volunteer_hour')!;
    const put = await h.inject({
      method: 'PUT',
      url: '/api/v1/points/rules',
      token: admin,
      payload: { rules: [{ ...hour, points: 3, cap: 10, capPeriod: 'day' }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: '/api/v1/points/rules',
          token: r.token,
          payload: { rules: [{ ...hour }] },
        })
      ).statusCode,
    ).toBe(403);
    expect(await award(h, r.id, 'volunteer_hour', 'shift:1', 2)).toEqual({ credited: 6 });
    expect(await award(h, r.id, 'volunteer_hour', 'shift:2', 2)).toEqual({ credited: 4 });
    expect(await award(h, r.id, 'volunteer_hour', 'shift:3', 1)).toEqual({ credited: 0 });
    const now = h.clock.now();
    h.clock.set(new Date(now.getTime() + 40 * 86_400_000));
    try {
      expect(await award(h, r.id, 'verified_report', 'cap-case:next-month')).toEqual({ credited: 5 });
      expect(await award(h, r.id, 'volunteer_hour', 'shift:4', 1)).toEqual({ credited: 3 });
    } finally {
      h.clock.set(now);
    }
  });

  it('refuses a redemption beyond the balance or the stock and changes nothing; the counter hands a code over once', async () => {
    const h = get();
    const r = await resident(h);
    await award(h, r.id, 'good_deed', 'deed:redeem');
    const dear = await newReward(h, 50, 3);
    const before = await me(h, r.token);
    const refused = await redeem(h, r.token, dear.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'POINTS_INSUFFICIENT_BALANCE', details: { balance: 20, cost: 50 } },
    });
    expect(await me(h, r.token)).toEqual(before);
    expect(await stockOf(h, dear.id)).toBe(3);

    const empty = await newReward(h, 5, 0);
    const none = await redeem(h, r.token, empty.id);
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ error: { code: 'POINTS_OUT_OF_STOCK' } });
    expect(await me(h, r.token)).toEqual(before);
    expect(await stockOf(h, empty.id)).toBe(0);

    // The last one of the stock: two residents race for it, one gets it, the other's points stay.
    const last = await newReward(h, 10, 1);
    const other = await resident(h);
    await award(h, other.id, 'good_deed', 'deed:race');
    const race = await Promise.all([redeem(h, r.token, last.id), redeem(h, other.token, last.id)]);
    expect(race.map((x) => x.statusCode).sort()).toEqual([201, 422]);
    expect(await stockOf(h, last.id)).toBe(0);
    const balances = [(await me(h, r.token)).balance, (await me(h, other.token)).balance].sort();
    expect(balances).toEqual([10, 20]);
    const winner = race[0]!.statusCode === 201 ? r : other;
    const issued = race.find((x) => x.statusCode === 201)!.json() as { code: string; status: string };
    expect(issued).toMatchObject({ status: 'issued' });
    expect(issued.code).toMatch(/^[A-Z2-9]{8}$/);
    const mine = await me(h, winner.token);
    expect(mine.entries[0]).toMatchObject({ kind: 'spend', amount: -10, balanceAfter: 10 });
    expect(mine.redemptions[0]).toMatchObject({ code: issued.code, status: 'issued' });

    // Another village's counter does not know the code; the village's checks it once.
    const elsewhere = await buildUser(h, { role: 'operator', unit: '370702002-centre' });
    const check = (token: string) =>
      h.inject({
        method: 'POST',
        url: '/api/v1/points/redemptions/check',
        token,
        payload: { code: issued.code.toLowerCase() },
      });
    expect((await check(elsewhere.token)).statusCode).toBe(404);
    const counter = await buildUser(h, { role: 'operator', unit: '370702001001' });
    const first = await check(counter.token);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'handed_over',
      rewardName: expect.stringContaining('洗衣液') as string,
    });
    expect((first.json() as { holderName: string }).holderName).toMatch(/^王\*+$/);
    const again = await check(counter.token);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ error: { code: 'POINTS_REDEMPTION_HANDED_OVER' } });
    expect((await me(h, winner.token)).redemptions[0]).toMatchObject({ status: 'handed_over' });
    // A reward of another village is not the resident's to redeem.
    const far = await newReward(h, 1, 5, '370702001');
    // A reward of the township above is the village's too.
    expect((await redeem(h, r.token, far.id)).statusCode).toBe(201);
    const otherVillage = await h.unit('370702002001');
    const staff = await buildUser(h, { role: 'admin', unit: '370702002' });
    const foreign = await h.inject({
      method: 'POST',
      url: '/api/v1/points/rewards',
      token: staff.token,
      payload: { unitId: otherVillage.id, name: '外村奖品', cost: 1, stock: 5 },
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    expect((await redeem(h, r.token, (foreign.json() as { id: number }).id)).statusCode).toBe(404);
  });

  it('records adjustments as ledger entries, audited, never below zero; the ledger and leaderboard', async () => {
    const h = get();
    const r = await resident(h);
    const leader = await h.login('leader');
    const adjust = (amount: number, reason = '补录志愿服务积分') =>
      h.inject({
        method: 'POST',
        url: '/api/v1/points/adjustments',
        token: leader,
        payload: { userId: r.id, amount, reason },
      });
    const up = await adjust(15);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toEqual({ userId: r.id, balance: 15 });
    const down = await adjust(-20, '更正重复录入');
    expect(down.statusCode).toBe(422);
    expect(down.json()).toMatchObject({ error: { code: 'POINTS_INSUFFICIENT_BALANCE' } });
    expect((await adjust(-5, '更正重复录入')).json()).toEqual({ userId: r.id, balance: 10 });
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'points.adjust')
      .where('subject_id', '=', String(r.id))
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => JSON.parse(a.details ?? '{}') as { reason: string }).map((d) => d.reason)).toEqual([
      '补录志愿服务积分',
      '更正重复录入',
    ]);
    // A dispatcher may not adjust; staff of another township do not find the holder.
    const dispatcher = await h.login('dispatcher');
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/v1/points/adjustments',
          token: dispatcher,
          payload: { userId: r.id, amount: 5, reason: '试试' },
        })
      ).statusCode,
    ).toBe(403);
    const ledger = await h.inject({ method: 'GET', url: `/api/v1/points/ledger?personId=${r.id}`, token: dispatcher });
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json()).toMatchObject({
      holder: { userId: r.id, balance: 10 },
      items: [
        { kind: 'adjustment', amount: -5, balanceAfter: 10, label: expect.stringContaining('更正重复录入') as string },
        { kind: 'adjustment', amount: 15, balanceAfter: 15 },
      ],
    });
    const outsider = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    expect(
      (await h.inject({ method: 'GET', url: `/api/v1/points/ledger?personId=${r.id}`, token: outsider.token }))
        .statusCode,
    ).toBe(404);
    const xlsx = await h.inject({
      method: 'GET',
      url: `/api/v1/points/ledger?personId=${r.id}&format=xlsx`,
      token: dispatcher,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // The leaderboard: masked names only, the caller's own line marked.
    const board = await h.inject({ method: 'GET', url: '/api/v1/points/leaderboard', token: r.token });
    expect(board.statusCode, board.body).toBe(200);
    const items = (board.json() as { items: { name: string; earned: number; me: boolean }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => /^.\*+$/u.test(i.name))).toBe(true);
    expect(items.find((i) => i.me)).toMatchObject({ earned: 10 });
    expect(JSON.stringify(board.json())).not.toContain('王居民');
  });

  it('earns verified_report when a resident’s own report is resolved, once', async () => {
    const h = get();
    const r = await resident(h);
    const built = await buildCase(h, {
      by: { token: r.token, role: 'resident' },
      status: 'resolved',
      lead: '370702001-dept-justice',
    });
    expect((await me(h, r.token)).balance).toBe(5);
    // Rated and closed: the same report, no second credit.
    const rated = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${built.id}/actions`,
      token: r.token,
      payload: { action: 'rate', version: built.version, rating: 'satisfied' },
    });
    expect(rated.json()).toMatchObject({ status: 'closed' });
    const mine = await me(h, r.token);
    expect(mine.entries).toEqual([expect.objectContaining({ kind: 'earn', ruleCode: 'verified_report', amount: 5 })]);
  });

  it('earns agreement_kept for a party with a resident account when a follow-up finds the agreement kept', async () => {
    const h = get();
    const phone = `139${String(Date.now()).slice(-8)}`;
    const r = await resident(h, phone);
    const tokens: Record<string, string> = {};
    const call = async (username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
      const res = await h.inject({
        method,
        url,
        token: (tokens[username] ??= await h.login(username)),
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as Record<string, unknown>;
    };
    const { fileId } = await effectiveAgreement(h, { applicant: { phone } });
    const base = `/api/v1/mediations/${fileId}`;
    for (const note of ['回访双方，协议正在履行', '再次回访，已履行完毕'])
      await call('mediator', 'POST', `${base}/follow-ups`, { performance: 'kept', note });
    const mine = await me(h, r.token);
    expect(mine.entries).toEqual([expect.objectContaining({ kind: 'earn', ruleCode: 'agreement_kept', amount: 10 })]);
  });

  it('publishes an approved nomination and credits its nominee once', async () => {
    const h = get();
    const phone = `138${String(Date.now()).slice(-8)}`;
    const nominee = await resident(h, phone);
    const nominator = await resident(h);
    const self = await h.inject({
      method: 'POST',
      url: '/api/v1/recognitions',
      token: nominee.token,
      payload: { nomineeName: '自己', deed: '我帮邻居修好了路灯', nomineePhone: phone },
    });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ error: { code: 'RECOGNITION_SELF' } });
    const nominated = await h.inject({
      method: 'POST',
      url: '/api/v1/recognitions',
      token: nominator.token,
      payload: { nomineeName: '赵大姐', deed: `赵大姐常年照顾独居老人，联系电话${phone}`, nomineePhone: phone },
    });
    expect(nominated.statusCode, nominated.body).toBe(201);
    const rec = nominated.json() as { id: number; status: string; nomineeLinked: boolean };
    expect(rec).toMatchObject({ status: 'pending', nomineeLinked: true });
    // Not public before approval.
    const village = await h.unit('370702001001');
    const board = async () =>
      (
        (await h.inject({ method: 'GET', url: `/api/v1/public/recognitions?unitId=${village.id}` })).json() as {
          items: { id: number; nomineeName: string; deed: string }[];
        }
      ).items.filter((i) => i.id === rec.id);
    expect(await board()).toEqual([]);
    const review = (token: string, payload: object) =>
      h.inject({ method: 'POST', url: `/api/v1/recognitions/${rec.id}/review`, token, payload });
    expect((await review(nominator.token, { decision: 'approve' })).statusCode).toBe(403);
    const outsider = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    expect((await review(outsider.token, { decision: 'approve' })).statusCode).toBe(404);
    const dispatcher = await h.login('dispatcher');
    const list = await h.inject({ method: 'GET', url: '/api/v1/recognitions?status=pending', token: dispatcher });
    expect((list.json() as { items: { id: number }[] }).items.map((i) => i.id)).toContain(rec.id);
    expect((await review(dispatcher, { decision: 'reject' })).statusCode).toBe(400);
    const approvals = await Promise.all([
      review(dispatcher, { decision: 'approve' }),
      review(dispatcher, { decision: 'approve' }),
    ]);
    expect(approvals.map((a) => a.statusCode).sort()).toEqual([200, 422]);
    const approved = approvals.find((a) => a.statusCode === 200)!.json() as unknown;
    expect(approved).toMatchObject({ status: 'approved', pointsCredited: 20 });
    const mine = await me(h, nominee.token);
    expect(mine.balance).toBe(20);
    expect(mine.entries).toEqual([expect.objectContaining({ ruleCode: 'good_deed', amount: 20 })]);
    const published = await board();
    expect(published).toEqual([expect.objectContaining({ nomineeName: '赵大姐' })]);
    expect(published[0]!.deed).not.toContain(phone);
    expect(published[0]!.deed).toContain('照顾独居老人');
  });
});
