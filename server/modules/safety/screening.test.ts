// The screening ledgers over HTTP on both databases: a grid worker records a screening with a
// finding (phones masked), turns the finding into a case in its grid with one click (a second
// click gives the same case), a township sees which of its grids and villages have not screened;
// a unit that keeps no ledger, a bad phone and a unit outside the worker's area are refused.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

interface Finding {
  id: number;
  parties: { name: string; phone: string | null }[];
  riskGrade: string;
  caseId: number | null;
  caseNumber: string | null;
  abilities: { toCase: boolean };
}
interface Screening {
  id: number;
  unitId: number;
  period: string;
  frequency: string;
  findings: Finding[];
}
interface Coverage {
  units: number;
  screened: number;
  items: { unitId: number; code: string; screened: boolean; done: string[]; expected: string[] }[];
}

const FINDING = {
  parties: [
    { name: '王建国', phone: '13912345678' },
    { name: '李秀英', phone: '' },
  ],
  description: '两户因楼道堆放杂物多次争吵，一方扬言动手',
  riskGrade: 'orange',
  measures: '已分别约谈，清理楼道',
  responsiblePerson: '网格员小刘',
};

describeEachDialect('screening ledgers', (get) => {
  let admin: BuiltUser;
  let worker: BuiltUser;
  let township: BuiltUser;

  const setUp = async (h: Harness) => {
    admin ??= await buildUser(h, { role: 'admin', unit: '370702-centre' });
    worker ??= await buildUser(h, { role: 'grid_worker', unit: '370702001001G01', displayName: '网格员小刘' });
    township ??= await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
  };
  const record = (who: { token: string }, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: '/api/v1/screenings', token: who.token, payload });

  it('records a screening with a finding, masked, and turns the finding into a case in the grid once', async () => {
    const h = get();
    await setUp(h);
    const grid = await h.unit('370702001001G01');
    const res = await record(worker, { unitId: grid.id, note: '入户走访 12 户', findings: [FINDING] });
    expect(res.statusCode, res.body).toBe(201);
    const screening = res.json() as Screening;
    expect(screening).toMatchObject({ unitId: grid.id, period: '2026-11', frequency: 'monthly' });
    expect(screening.findings).toHaveLength(1);
    const finding = screening.findings[0]!;
    expect(finding.parties).toEqual([
      { name: '王建国', phone: '139****5678' },
      { name: '李秀英', phone: null },
    ]);
    expect(res.body).not.toContain('13912345678');
    expect(finding.abilities.toCase).toBe(true);

    const url = `/api/v1/screenings/${screening.id}/findings/${finding.id}/to-case`;
    const first = await h.inject({
      method: 'POST',
      url,
      token: worker.token,
      payload: { categoryCode: 'DSP.NEIGHBOUR' },
    });
    expect(first.statusCode, first.body).toBe(201);
    const made = first.json() as { caseId: number; caseNumber: string; created: boolean };
    expect(made.created).toBe(true);

    // The case is a dispute in the grid, from the finding, its first party the reporter (masked).
    const seen = await h.inject({ method: 'GET', url: `/api/v1/cases/${made.caseId}`, token: worker.token });
    expect(seen.statusCode, seen.body).toBe(200);
    const c = seen.json() as { kind: string; regionId: number; description: string; channel: string; number: string };
    expect(c).toMatchObject({ kind: 'dispute', regionId: grid.id, channel: 'grid_patrol', number: made.caseNumber });
    expect(c.description).toContain('两户因楼道堆放杂物多次争吵');
    expect(c.description).toContain('橙色');
    expect(seen.body).not.toContain('13912345678');

    // Linked back; a second click gives the same case and makes no other.
    const again = await h.inject({
      method: 'POST',
      url,
      token: worker.token,
      payload: { categoryCode: 'DSP.NEIGHBOUR' },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ caseId: made.caseId, created: false });
    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/screenings/${screening.id}`, token: township.token })
    ).json() as Screening;
    expect(detail.findings[0]).toMatchObject({ caseId: made.caseId, caseNumber: made.caseNumber });
    expect(detail.findings[0]!.abilities.toCase).toBe(false);
    const cases = await h.ctx.db
      .selectFrom('case_record')
      .select('id')
      .where('external_system', '=', 'screening')
      .where('external_id', '=', `finding-${finding.id}`)
      .execute();
    expect(cases.map((r) => r.id)).toEqual([made.caseId]);
  });

  it('shows a township which of its grids and villages have not screened this period', async () => {
    const h = get();
    await setUp(h);
    const town = await h.unit('370702001');
    const grid = await h.unit('370702001001G01');
    const set = await h.inject({
      method: 'PUT',
      url: `/api/v1/screenings/schedules/${town.id}`,
      token: admin.token,
      payload: { frequency: 'monthly' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await record(worker, { unitId: grid.id })).statusCode).toBe(201);

    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/screenings/coverage?withinUnitId=${town.id}&period=2026-11`,
      token: township.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const coverage = res.json() as Coverage;
    expect(coverage.units).toBeGreaterThan(10);
    expect(coverage.screened).toBe(1);
    const screened = coverage.items.filter((i) => i.screened);
    expect(screened.map((i) => i.unitId)).toEqual([grid.id]);
    expect(screened[0]!.done).toEqual(['2026-11']);
    // Unscreened first; the grid's own village has not screened.
    expect(coverage.items[0]!.screened).toBe(false);
    expect(coverage.items.at(-1)!.unitId).toBe(grid.id);
    const village = coverage.items.find((i) => i.code === '370702001001')!;
    expect(village).toMatchObject({ screened: false, done: [], expected: ['2026-11'] });

    // Another township's coverage is not this dispatcher's to see.
    const other = await h.unit('370702002');
    const outside = await h.inject({
      method: 'GET',
      url: `/api/v1/screenings/coverage?withinUnitId=${other.id}`,
      token: township.token,
    });
    expect(outside.statusCode).toBe(404);
  });

  it('refuses a unit that keeps no ledger, a bad phone and a grid outside the area, writing nothing', async () => {
    const h = get();
    await setUp(h);
    const before = await h.ctx.db.selectFrom('screening_record').select('id').execute();
    const townWorker = await buildUser(h, { role: 'grid_worker', unit: '370702001' });
    const town = await h.unit('370702001');
    const notLedger = await record(townWorker, { unitId: town.id });
    expect(notLedger.statusCode, notLedger.body).toBe(422);
    expect(notLedger.json()).toMatchObject({ error: { code: 'SCREENING_UNIT_INVALID' } });

    const grid = await h.unit('370702001001G01');
    const badPhone = await record(worker, {
      unitId: grid.id,
      findings: [{ ...FINDING, parties: [{ name: '王建国', phone: '12345' }] }],
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const outsideGrid = await h.unit('370702002001G01');
    expect((await record(worker, { unitId: outsideGrid.id })).statusCode).toBe(404);
    expect((await record(worker, { unitId: grid.id, doneAt: '2026-12-30T00:00:00Z' })).statusCode).toBe(400);
    const after = await h.ctx.db.selectFrom('screening_record').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
