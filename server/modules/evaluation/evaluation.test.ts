// Third-party evaluation on both databases: a sample of a unit's closed cases is the same for the
// same seed, different for another, and never holds a case outside the unit; the evaluator reveals
// a sampled reporter's number (audited) and records calls; the comparison flags a self-reported
// satisfaction outside the sample's margin of error; the assessment's sampledSatisfactionByUnit.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { parsePeriod } from '../../../common/period.ts';
import { sampledSatisfactionByUnit } from './index.ts';

const GRID_1 = '370702001001G01';
const GRID_2 = '370702002001G01';
const LEAD_1 = '370702001-dept-justice';
const LEAD_2 = '370702002-dept-justice';
const PERIOD = '2026-11';

interface Item {
  id: number;
  position: number;
  caseId: number;
  number: string;
  categoryName: string;
  townshipName: string | null;
  reporterPhone: string | null;
  selfRating: string | null;
  calls: { id: number; reached: boolean; rating: string | null }[];
  countedCallId: number | null;
}
interface Comparison {
  selfReported: { rated: number; satisfied: number; rate: number | null } | null;
  sampled: {
    reached: number;
    rated: number;
    satisfied: number;
    rate: number | null;
    low: number | null;
    high: number | null;
  };
  population: number;
  gap: number | null;
  beyondMargin: boolean | null;
}
interface Sample {
  id: number;
  unitId: number;
  seed: string;
  population: number;
  drawn: number;
  items: Item[];
  comparison: Comparison;
}

interface World {
  evaluator: BuiltUser;
  township2Evaluator: BuiltUser;
  leader: BuiltUser;
  dispatcher: BuiltUser;
  /** Closed cases with a reporter's number, per township grid. */
  closed1: number[];
  closed2: number[];
  /** In township 1 but outside any frame: closed without a number, and resolved only. */
  noNumber: number;
  notClosed: number;
  phones: Map<number, string>;
}

const worlds = new WeakMap<Harness, Promise<World>>();

async function closeBy(h: Harness, operator: BuiltUser, c: { id: number; version: number }, rating: string) {
  const res = await h.inject({
    method: 'POST',
    url: `/api/v1/cases/${c.id}/actions`,
    token: operator.token,
    payload: { action: 'rate', version: c.version, rating },
  });
  expect(res.statusCode, res.body).toBe(200);
}

function world(h: Harness): Promise<World> {
  let w = worlds.get(h);
  if (!w) {
    w = (async () => {
      const operator = await buildUser(h, { role: 'operator', unit: '370702-centre' });
      const phones = new Map<number, string>();
      const closedIn = async (grid: string, lead: string, count: number, offset: number) => {
        const ids: number[] = [];
        for (let i = 0; i < count; i++) {
          const phone = `1390000${String(offset + i).padStart(4, '0')}`;
          const c = await buildCase(h, { at: grid, lead, status: 'resolved', reporter: { name: '李四', phone } });
          await closeBy(h, operator, c, 'satisfied');
          phones.set(c.id, phone);
          ids.push(c.id);
        }
        return ids;
      };
      const closed1 = await closedIn(GRID_1, LEAD_1, 6, 100);
      const closed2 = await closedIn(GRID_2, LEAD_2, 4, 200);
      const bare = await buildCase(h, { at: GRID_1, lead: LEAD_1, status: 'resolved' });
      await closeBy(h, operator, bare, 'satisfied');
      const open = await buildCase(h, {
        at: GRID_1,
        lead: LEAD_1,
        status: 'resolved',
        reporter: { name: '王五', phone: '13900009999' },
      });
      return {
        evaluator: await buildUser(h, { role: 'evaluator', unit: '370702' }),
        township2Evaluator: await buildUser(h, { role: 'evaluator', unit: '370702002' }),
        leader: await buildUser(h, { role: 'leader', unit: '370702' }),
        dispatcher: await buildUser(h, { role: 'dispatcher', unit: '370702-centre' }),
        closed1,
        closed2,
        noNumber: bare.id,
        notClosed: open.id,
        phones,
      };
    })();
    worlds.set(h, w);
  }
  return w;
}

describeEachDialect('third-party evaluation samples', (get) => {
  const draw = (who: { token: string }, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: '/api/v1/evaluation-samples', token: who.token, payload });
  const drawn = async (who: { token: string }, payload: Record<string, unknown>) => {
    const res = await draw(who, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Sample;
  };
  const detail = async (who: { token: string }, id: number) => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/evaluation-samples/${id}`, token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Sample;
  };
  const recordCall = (who: { token: string }, sample: Sample, item: Item, payload: Record<string, unknown>) =>
    get().inject({
      method: 'POST',
      url: `/api/v1/evaluation-samples/${sample.id}/items/${item.id}/calls`,
      token: who.token,
      payload,
    });

  it('draws the same cases for the same seed and others for another seed', async () => {
    const h = get();
    const w = await world(h);
    const township1 = await h.unit('370702001');
    const a = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 3, seed: 'alpha-2026' });
    const again = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 3, seed: 'alpha-2026' });
    const other = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 3, seed: 'beta-2026' });
    expect(a.items.map((i) => i.caseId)).toEqual(again.items.map((i) => i.caseId));
    expect(other.items.map((i) => i.caseId)).not.toEqual(a.items.map((i) => i.caseId));
    expect(a).toMatchObject({ seed: 'alpha-2026', population: 6, drawn: 3 });
    // Without a seed one is made, returned and stored: drawing with it gives the same cases.
    const unseeded = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 4 });
    expect(unseeded.seed).toMatch(/^[0-9a-f]{16}$/);
    const redrawn = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 4, seed: unseeded.seed });
    expect(redrawn.items.map((i) => i.caseId)).toEqual(unseeded.items.map((i) => i.caseId));
    // The calling sheet: number, category, township, masked phone.
    const first = a.items[0]!;
    expect(first.townshipName).toBeTruthy();
    expect(first.categoryName).toBeTruthy();
    expect(first.reporterPhone).toMatch(/^139\*{4}\d{4}$/);
    expect(JSON.stringify(a)).not.toContain(w.phones.get(first.caseId)!);
  });

  it('never samples a case outside the unit, closed outside the period, not closed or without a number', async () => {
    const h = get();
    const w = await world(h);
    const units = {
      '370702': [...w.closed1, ...w.closed2],
      '370702001': w.closed1,
      '370702002': w.closed2,
      [GRID_2]: w.closed2,
    };
    for (const [code, frame] of Object.entries(units)) {
      const unit = await h.unit(code);
      for (const seed of ['s1', 's2', 's3', 'another-seed']) {
        for (const size of [1, 2, 5, 400]) {
          const s = await drawn(w.evaluator, { unitId: unit.id, period: PERIOD, size, seed });
          const ids = s.items.map((i) => i.caseId);
          expect(ids.length).toBe(Math.min(size, frame.length));
          expect(new Set(ids).size).toBe(ids.length);
          for (const id of ids) expect(frame).toContain(id);
          expect(ids).not.toContain(w.noNumber);
          expect(ids).not.toContain(w.notClosed);
          expect(s.population).toBe(frame.length);
        }
      }
    }
    // October had no closed case: nothing to sample, nothing recorded.
    const before = await h.ctx.db.selectFrom('evaluation_sample').select('id').execute();
    const empty = await draw(w.evaluator, { unitId: (await h.unit('370702001')).id, period: '2026-10', size: 5 });
    expect(empty.statusCode, empty.body).toBe(422);
    expect((empty.json() as { error: { code: string } }).error.code).toBe('EVALUATION_NOTHING_TO_SAMPLE');
    expect(await h.ctx.db.selectFrom('evaluation_sample').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses a unit outside the evaluator’s area, a bad size, period or seed, and other roles', async () => {
    const h = get();
    const w = await world(h);
    const township1 = await h.unit('370702001');
    const outside = await draw(w.township2Evaluator, { unitId: township1.id, period: PERIOD, size: 2 });
    expect(outside.statusCode).toBe(404);
    for (const bad of [
      { unitId: township1.id, period: PERIOD, size: 0 },
      { unitId: township1.id, period: PERIOD, size: 401 },
      { unitId: township1.id, period: '2026-13', size: 2 },
      { unitId: township1.id, period: PERIOD, size: 2, seed: 'no spaces allowed' },
      { unitId: township1.id, period: PERIOD },
    ]) {
      const res = await draw(w.evaluator, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await draw(w.leader, { unitId: township1.id, period: PERIOD, size: 2 })).statusCode).toBe(403);
    expect((await draw(w.dispatcher, { unitId: township1.id, period: PERIOD, size: 2 })).statusCode).toBe(403);
    // A sample of township 1 does not exist for township 2's evaluator; the leader reads it.
    const s = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 2, seed: 'x' });
    const hidden = await h.inject({
      method: 'GET',
      url: `/api/v1/evaluation-samples/${s.id}`,
      token: w.township2Evaluator.token,
    });
    expect(hidden.statusCode).toBe(404);
    expect((await detail(w.leader, s.id)).items).toHaveLength(2);
    const list = await h.inject({
      method: 'GET',
      url: '/api/v1/evaluation-samples',
      token: w.township2Evaluator.token,
    });
    expect((list.json() as { items: { unitId: number }[] }).items.every((i) => i.unitId !== township1.id)).toBe(true);
  });

  it('reveals a sampled reporter’s number to the evaluator only, audited without the number', async () => {
    const h = get();
    const w = await world(h);
    const s = await drawn(w.evaluator, {
      unitId: (await h.unit('370702001')).id,
      period: PERIOD,
      size: 2,
      seed: 'reveal',
    });
    const item = s.items[0]!;
    const url = `/api/v1/evaluation-samples/${s.id}/items/${item.id}/reveal-phone`;
    const res = await h.inject({
      method: 'POST',
      url,
      token: w.evaluator.token,
      payload: { reason: '第三方满意度回访' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ phone: w.phones.get(item.caseId) });
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.reporter_reveal')
      .where('actor_user_id', '=', w.evaluator.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toContain('第三方满意度回访');
    expect(audit[0]!.details).toContain('evaluation:reveal_phone');
    expect(JSON.stringify(audit[0])).not.toContain(w.phones.get(item.caseId)!);
    // The leader reads the sample but may not reveal; no reason is a 400; an item of another sample 404.
    expect(
      (await h.inject({ method: 'POST', url, token: w.leader.token, payload: { reason: '看看' } })).statusCode,
    ).toBe(403);
    expect(
      (await h.inject({ method: 'POST', url, token: w.evaluator.token, payload: { reason: ' ' } })).statusCode,
    ).toBe(400);
    const other = await drawn(w.evaluator, {
      unitId: (await h.unit('370702002')).id,
      period: PERIOD,
      size: 1,
      seed: 'o',
    });
    const crossed = await h.inject({
      method: 'POST',
      url: `/api/v1/evaluation-samples/${s.id}/items/${other.items[0]!.id}/reveal-phone`,
      token: w.evaluator.token,
      payload: { reason: '第三方满意度回访' },
    });
    expect(crossed.statusCode).toBe(404);
    expect(
      await h.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'case.reporter_reveal').execute(),
    ).toHaveLength(1);
  });

  it('counts the last reached call and flags a self-reported rate outside the margin of error', async () => {
    const h = get();
    const w = await world(h);
    const township2 = await h.unit('370702002');
    // The whole frame of township 2 (4 cases, all closed satisfied by the centre's own return call).
    const s = await drawn(w.evaluator, {
      unitId: township2.id,
      period: '2026-11-01..2026-11-30',
      size: 4,
      seed: 'all',
    });
    expect(s.comparison.selfReported).toMatchObject({ rated: 4, satisfied: 4, rate: 1 });
    expect(s.comparison.beyondMargin).toBeNull(); // nothing heard yet
    const [a, b, c, d] = s.items as [Item, Item, Item, Item];
    const ok = async (item: Item, payload: Record<string, unknown>) => {
      const res = await recordCall(w.evaluator, s, item, payload);
      expect(res.statusCode, res.body).toBe(201);
    };
    await ok(a, { reached: false });
    await ok(a, { reached: true, rating: 'satisfied', solved: true });
    await ok(b, { reached: true, rating: 'satisfied' });
    await ok(b, { reached: true, rating: 'unsatisfied', solved: false, comment: '问题依旧' }); // the last reached counts
    await ok(b, { reached: false });
    await ok(c, { reached: true, rating: 'basically_satisfied' });
    await ok(d, { reached: false });
    const bad = await recordCall(w.evaluator, s, d, { reached: false, rating: 'satisfied' });
    expect(bad.statusCode).toBe(422);
    expect((await recordCall(w.leader, s, d, { reached: false })).statusCode).toBe(403);

    const after = await detail(w.evaluator, s.id);
    const itemB = after.items.find((i) => i.id === b.id)!;
    expect(itemB.calls).toHaveLength(3);
    expect(itemB.countedCallId).toBe(itemB.calls[1]!.id);
    expect(after.comparison.sampled).toMatchObject({ reached: 3, rated: 3, satisfied: 2 });
    // 3 of 4 rated: with the finite-population correction the interval is narrow; 100 % is outside it.
    expect(after.comparison.sampled.high!).toBeLessThan(1);
    expect(after.comparison.beyondMargin).toBe(true);
    expect(after.comparison.gap).toBeCloseTo(1 - 2 / 3, 6);

    const byUnit = await sampledSatisfactionByUnit(
      h.ctx.db,
      [township2.id, (await h.unit('370702001')).id],
      parsePeriod('2026-Q4')!,
    );
    // Township 2's other samples in November (drawn by earlier tests) have no calls; township 1's neither.
    expect(byUnit.get(township2.id)).toEqual({ reached: 3, rated: 3, satisfied: 2 });
    expect(byUnit.get((await h.unit('370702001')).id)).toEqual({ reached: 0, rated: 0, satisfied: 0 });
    expect(
      (await sampledSatisfactionByUnit(h.ctx.db, [township2.id], parsePeriod('2026-10')!)).get(township2.id),
    ).toEqual({
      reached: 0,
      rated: 0,
      satisfied: 0,
    });
  });

  it('does not flag a self-reported rate inside the margin', async () => {
    const h = get();
    const w = await world(h);
    const township1 = await h.unit('370702001');
    const s = await drawn(w.evaluator, { unitId: township1.id, period: PERIOD, size: 3, seed: 'inside' });
    for (const item of s.items) {
      const res = await recordCall(w.evaluator, s, item, { reached: true, rating: 'satisfied' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const cmp = (
      await h.inject({ method: 'GET', url: `/api/v1/evaluation-samples/${s.id}/comparison`, token: w.leader.token })
    ).json() as Comparison;
    expect(cmp.sampled).toMatchObject({ rated: 3, satisfied: 3, rate: 1 });
    expect(cmp.sampled.low!).toBeLessThan(1);
    expect(cmp.beyondMargin).toBe(false);
    expect(cmp.gap).toBe(0);
  });
});
