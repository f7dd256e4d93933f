// Overdue screenings raise a warning once (issue 17 §4): after a month ends, every scheduled grid
// and village without a screening for it gets one yellow `screening_overdue` warning through the
// warnings module; the next run raises nothing more, not even after the warning is closed; a unit
// that screened gets none.
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/harness.ts';
import { buildUser } from './support/factories.ts';
import { raiseOverdueScreenings } from '../server/modules/safety/index.ts';

describeEachDialect('overdue screenings', (get) => {
  it('raises one warning per unscreened unit and period, never again', async () => {
    const h = get();
    const admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const worker = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01' });
    const town = await h.unit('370702001');
    const grid = await h.unit('370702001001G01');
    const village = await h.unit('370702001002');
    const set = await h.inject({
      method: 'PUT',
      url: `/api/v1/screenings/schedules/${town.id}`,
      token: admin.token,
      payload: { frequency: 'monthly' },
    });
    expect(set.statusCode, set.body).toBe(200);
    const screened = await h.inject({
      method: 'POST',
      url: '/api/v1/screenings',
      token: worker.token,
      payload: { unitId: grid.id },
    });
    expect(screened.statusCode, screened.body).toBe(201);

    const coverage = await h.inject({
      method: 'GET',
      url: `/api/v1/screenings/coverage?withinUnitId=${town.id}&period=2026-11`,
      token: admin.token,
    });
    expect(coverage.statusCode, coverage.body).toBe(200);
    const { units } = coverage.json() as { units: number };

    // November has not ended: nothing is overdue yet (October ended before the schedule was set).
    expect((await raiseOverdueScreenings(h.ctx)).raised).toBe(0);

    h.clock.set(new Date('2026-12-02T09:00:00+08:00'));
    const first = await raiseOverdueScreenings(h.ctx);
    expect(first.raised).toBe(units - 1);

    const overdue = () =>
      h.ctx.db
        .selectFrom('warning')
        .select(['id', 'unit_id', 'level', 'status', 'explanation_zh'])
        .where('kind', '=', 'screening_overdue')
        .execute();
    const warnings = await overdue();
    expect(warnings).toHaveLength(units - 1);
    expect(warnings.some((w) => w.unit_id === grid.id)).toBe(false);
    const forVillage = warnings.filter((w) => w.unit_id === village.id);
    expect(forVillage).toHaveLength(1);
    expect(forVillage[0]).toMatchObject({ level: 'yellow', status: 'open' });
    expect(forVillage[0]!.explanation_zh).toContain('2026-11');

    expect((await raiseOverdueScreenings(h.ctx)).raised).toBe(0);
    await h.ctx.db
      .updateTable('warning')
      .set({ status: 'closed', open_key: null })
      .where('id', '=', forVillage[0]!.id)
      .execute();
    expect((await raiseOverdueScreenings(h.ctx)).raised).toBe(0);
    expect(await overdue()).toHaveLength(units - 1);
  });
});
