// Random case histories through the real API — registrations, actions by whoever may take them,
// days passing on the test's clock with the sweeper running — and after each history every rollup
// row, every figure of the dashboard (from the rollups, from the cases, and the two mixed) and the
// overdue list equal what the KPI rules of kpi.ts say of the case rows — with the rollup deltas of
// PostgreSQL's triggers still pending (folds happen at random points of the history), and again
// after the fold job has folded them all (ADR 0039).
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { holds, KPIS, RATES, type KpiName } from './kpi.ts';
import { countKpis } from './stats.repository.ts';
import { rate } from './stats-period.ts';
import {
  countByRules,
  expectedRollups,
  loadCases,
  pendingDeltaRows,
  storedRollups,
  storedRollupsWithPending,
  type StoredCases,
} from './stats-checks.testing.ts';
import { foldRollupDeltas } from './stats-fold.ts';
import { sweepDeadlines } from './use-cases/sweep-deadlines.ts';

/** Who works on a case in each status (anyone else is offered nothing or only watches). */
const WORKERS = {
  registered: ['dispatcher', 'township', 'gridworker'],
  dispatched: ['department', 'urban', 'market', 'dispatcher'],
  in_progress: ['department', 'urban', 'market', 'township'],
  resolved: ['operator', 'resident', 'dispatcher'],
  closed: ['dispatcher', 'township'],
  cancelled: [],
} satisfies Record<string, string[]>;
const PROGRESS = new Set(['dispatch', 'accept', 'resolve', 'rate', 'reopen', 'close']);
const PLACES = ['370702001001G01', '370702001002', '370702001003', '370702002001', '370702002002'];
const CATEGORIES = ['CMP.NOISE', 'HAZ.GAS', 'CMP.STREET_VENDOR', 'DSP.WAGES'];
const HOURS = [2, 9, 20, 30, 50, 80, 200];

type Step =
  | { kind: 'register'; by: 'operator' | 'gridworker' | 'resident' | 'direct'; place: number; category: number }
  | { kind: 'act'; target: number; actor: number; choice: number }
  | { kind: 'wait'; hours: number }
  | { kind: 'fold' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      // 'direct': the operator answers at intake from a knowledge-base article (直接答复), resolved at once.
      by: fc.constantFrom('operator' as const, 'gridworker' as const, 'resident' as const, 'direct' as const),
      place: fc.nat(PLACES.length - 1),
      category: fc.nat(CATEGORIES.length - 1),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      target: fc.nat(50),
      actor: fc.nat(3),
      choice: fc.nat(50),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.constantFrom(...HOURS) }),
  },
  // The fold job at a random point: later figures add new deltas to folded rows.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fold' as const) }) },
);

interface CaseJson {
  id: number;
  version: number;
  allowedActions: string[];
}

describeEachDialect('KPI rollups under random case histories', (get) => {
  let h: Harness;
  let tokens: Record<string, string> = {};
  let logins = 0;
  /** Days pass between actions, so everyone signs in again and again: each time from its own address. */
  async function login(username: string): Promise<string> {
    const address = ++logins;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
      payload: { username, password: 'demo1234' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { token: string }).token;
  }
  const token = async (username: string) => (tokens[username] ??= await login(username));
  const units: Record<string, number> = {};
  const caseIds: number[] = [];

  let articleId: number | undefined;
  /** The demo's province-wide 12345 article, which applies at every place of the history. */
  async function countyArticle(): Promise<number> {
    const res = await h.inject({ method: 'GET', url: '/api/v1/knowledge?q=12345', token: await token('operator') });
    return (articleId ??= (res.json() as { items: { id: number }[] }).items[0]!.id);
  }

  async function register(by: string, place: string, category: string): Promise<void> {
    const placeId = (await h.unit(place)).id;
    const direct = by === 'direct' ? { directAnswer: { articleId: await countyArticle(), answer: '已当场答复' } } : {};
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token(by === 'direct' ? 'operator' : by),
      payload: {
        kind: category.startsWith('HAZ') ? 'hazard' : category.startsWith('DSP') ? 'dispute' : 'complaint',
        categoryCode: category,
        channel: by === 'gridworker' ? 'grid_patrol' : by === 'resident' ? 'web' : 'hotline',
        description: '随机历史：楼道堆放杂物影响通行',
        ...(by === 'gridworker' ? {} : { unitId: placeId }),
        reporter: { name: '李四', phone: '13700003333' },
        ...direct,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseIds.push((res.json() as CaseJson).id);
  }

  function payloadFor(action: string, choice: number, id: number): Record<string, unknown> {
    const leads = [units.housing, units.urban, units.market];
    switch (action) {
      case 'dispatch':
        return { leadUnitId: leads[choice % 3], assistUnitIds: choice % 2 ? [units.market] : [] };
      case 'whistle':
        return { unitIds: [units.urban, units.market] };
      case 'request_extension':
        return { days: 1 + (choice % 3), reason: '需要协调' };
      case 'decide_extension':
        return { approved: choice % 2 === 0 };
      case 'supervise':
        return { note: '请加快办理' };
      case 'resolve':
        return { result: '已处理完毕' };
      case 'rate':
        return { rating: ['satisfied', 'basically_satisfied', 'unsatisfied'][choice % 3] };
      case 'merge':
        return { intoCaseId: caseIds.filter((other) => other !== id)[choice % Math.max(1, caseIds.length - 1)] ?? id };
      case 'return':
      case 'escalate':
      case 'cancel':
      case 'reopen':
        return { reason: '随机历史' };
      default:
        return {};
    }
  }

  /** One of the actions offered on the case now to someone who works on cases in its status. */
  async function act(target: number, pick: number, choice: number): Promise<void> {
    if (caseIds.length === 0) return;
    // The latest few cases: older ones are mostly settled by now.
    const id = caseIds[caseIds.length - 1 - (target % Math.min(caseIds.length, 5))]!;
    const seen = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') });
    const status = (seen.json() as { status: keyof typeof WORKERS }).status;
    const workers = WORKERS[status];
    for (let k = 0; k < workers.length; k++) {
      const actor = workers[(pick + k) % workers.length]!;
      const shown = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token(actor) });
      if (shown.statusCode !== 200) continue;
      const current = shown.json() as CaseJson;
      // Moving the case on is three times as likely as watching it (supervise, whistle, report…).
      const offered = current.allowedActions.flatMap((a) => (PROGRESS.has(a) ? [a, a, a] : [a]));
      if (offered.length === 0) continue;
      const action = offered[choice % offered.length]!;
      const res = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/actions`,
        token: await token(actor),
        payload: { action, version: current.version, ...payloadFor(action, choice, id) },
      });
      // An offered action may still fail a business rule (the return limit, a merge target): never a 5xx.
      expect(res.statusCode, `${actor} ${action}: ${res.body}`).toBeLessThan(500);
      return;
    }
  }

  async function wait(hours: number): Promise<void> {
    h.clock.advance(hours * 3600_000);
    // Sessions end after 30 idle minutes.
    tokens = {};
    await sweepDeadlines(h.ctx, h.ctx.config.autoCloseDays);
  }

  interface Stats {
    total: number;
    byStatus: Record<string, number>;
    byCategory: { code: string; count: number }[];
    rates: Record<string, number | null>;
    overdue: number;
  }

  /** The dashboard's figures for a window, as the rules count the case rows of `within`. */
  async function checkFigures(username: string, within: string, from: Date, to: Date, cases: StoredCases) {
    const mine = cases.rows.filter(
      (c) => isWithin(c.region_path, within) && c.created_at >= from.toISOString() && c.created_at < to.toISOString(),
    );
    const counts = countByRules(cases, mine, h.clock.now());
    const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&period=month`;
    const res = await h.inject({ method: 'GET', url: `/api/v1/stats/cases?${query}`, token: await token(username) });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json() as Stats;
    const byStatus: Record<string, number> = {};
    for (const c of mine) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    const byCategory: Record<string, number> = {};
    for (const c of mine) byCategory[c.category_code] = (byCategory[c.category_code] ?? 0) + 1;
    const rates = Object.fromEntries(
      Object.entries(RATES).map(([name, r]) => [name, rate(counts[r.numerator], counts[r.denominator])]),
    );
    const label = `${username} ${from.toISOString()}–${to.toISOString()}`;
    expect(stats.total, label).toBe(mine.length);
    expect(Object.fromEntries(Object.entries(stats.byStatus).filter(([, v]) => v > 0)), label).toEqual(byStatus);
    expect(Object.fromEntries(stats.byCategory.map((c) => [c.code, c.count])), label).toEqual(byCategory);
    expect(stats.rates, label).toEqual(rates);
    expect(stats.overdue, label).toBe(counts.overdue);
  }

  // Random histories through the API: about half a minute per database on a quiet machine.
  it('keep every rollup figure equal to the KPI rules over the case rows', { timeout: 300_000 }, async () => {
    h = get();
    for (const [key, code] of [
      ['housing', '370702-dept-housing'],
      ['urban', '370702-dept-urban_management'],
      ['market', '370702-dept-market_regulation'],
    ] as const)
      units[key] = (await h.unit(code)).id;
    const county = (await h.unit('370702')).path;
    const township = (await h.unit('370702001')).path;
    const start = h.clock.now();

    /** Every rollup row (as `stored` reads them) and every figure, against the rules. */
    async function checkAll(stored: 'pending' | 'folded') {
      const cases = await loadCases(h.ctx.db);
      const { rows } = cases;
      if (stored === 'pending') expect(await storedRollupsWithPending(h.ctx.db)).toEqual(expectedRollups(cases));
      else expect(await storedRollups(h.ctx.db)).toEqual(expectedRollups(cases));

      // Whole Beijing days come from the rollups; a window cut inside days mixes in the cases.
      const now = h.clock.now();
      const firstDay = new Date(`${beijingDay(start)}T00:00:00+08:00`);
      const nextDay = new Date(Date.parse(`${beijingDay(now)}T00:00:00+08:00`) + 86_400_000);
      await checkFigures('dispatcher', county, firstDay, nextDay, cases);
      const [cutFrom, cutTo] = [start.getTime() - 3600_000, now.getTime() + 3600_001];
      await checkFigures('dispatcher', county, new Date(cutFrom), new Date(cutTo), cases);
      await checkFigures('township', township, firstDay, nextDay, cases);

      // The overdue list: the same cases as the rule, its total the same count as the figures.
      const overdue = rows
        .filter((c) => holds(KPIS.overdue.rule, c, { now: now.toISOString() }))
        .sort((a, b) =>
          a.stage_deadline! < b.stage_deadline! ? -1 : a.stage_deadline! > b.stage_deadline! ? 1 : a.id - b.id,
        );
      const listed = await h.inject({
        method: 'GET',
        url: '/api/v1/stats/overdue?limit=200',
        token: await token('dispatcher'),
      });
      const list = listed.json() as { items: { id: number }[]; total: number };
      expect(list.total).toBe(overdue.length);
      expect(list.items.map((i) => i.id)).toEqual(overdue.slice(0, 200).map((c) => c.id));

      // Every rule, the counted ones and the rest, rendered as SQL counts what `holds` counts.
      const scope = { regionPaths: [county], handlerUnitIds: [], reporterUserId: null };
      const names = Object.keys(KPIS) as KpiName[];
      expect(await countKpis(h.ctx.db, { scope }, now.toISOString(), names)).toEqual(countByRules(cases, rows, now));
    }

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 30 }), async (steps) => {
        let registeredSinceFold = false;
        for (const s of steps) {
          if (s.kind === 'register') await register(s.by, PLACES[s.place]!, CATEGORIES[s.category]!);
          else if (s.kind === 'act') await act(s.target, s.actor, s.choice);
          else if (s.kind === 'wait') await wait(s.hours);
          else await foldRollupDeltas(h.ctx.db, h.ctx.dialect);
          if (s.kind === 'register') registeredSinceFold = true;
          else if (s.kind === 'fold') registeredSinceFold = false;
        }
        // PostgreSQL's triggers append deltas (a new case always adds some); SQLite's update in place.
        const pending = await pendingDeltaRows(h.ctx.db);
        if (h.dialect === 'sqlite') expect(pending).toBe(0);
        else if (registeredSinceFold) expect(pending).toBeGreaterThan(0);
        await checkAll('pending');

        await foldRollupDeltas(h.ctx.db, h.ctx.dialect);
        expect(await pendingDeltaRows(h.ctx.db)).toBe(0);
        await checkAll('folded');
      }),
      { numRuns: 25 },
    );
  });
});
