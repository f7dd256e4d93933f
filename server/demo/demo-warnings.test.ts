// The demo's early warnings on both databases: after the demo cases and files, the inbox holds
// a repeat caller, words of escalation, a hot spot and a broken agreement, each raised by the rules
// themselves; seeding again adds nothing.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/harness.ts';
import { seedDemoCases } from './demo-cases.ts';
import { seedDemoMediation } from './demo-mediation.ts';
import { seedDemoWarnings } from './demo-warnings.ts';

interface Warning {
  kind: string;
  level: string;
  caseIds: number[];
  explanation: string;
}

describeEachDialect('demo warnings', (get) => {
  it('fill the inbox with warnings the rules themselves raised, once', async () => {
    const h = get();
    expect(await seedDemoWarnings(h.ctx)).toBe(0); // no demo cases yet
    await seedDemoCases(h.ctx, 3000);
    await seedDemoMediation(h.ctx);
    expect(await seedDemoWarnings(h.ctx)).toBeGreaterThanOrEqual(4);
    const count = await h.ctx.db.selectFrom('warning').select('id').execute();
    // Like every demo case, the warnings' cases have a point in their grid: the map shows them.
    const unlocated = await h.ctx.db
      .selectFrom('case_record')
      .select(['number', 'grid_id'])
      .where('number', 'not like', '370702-%-D%')
      .where((eb) => eb.or([eb('lng', 'is', null), eb('lat', 'is', null)]))
      .execute();
    expect(unlocated).toEqual([]);
    expect(await seedDemoWarnings(h.ctx)).toBe(0);
    expect(await h.ctx.db.selectFrom('warning').select('id').execute()).toHaveLength(count.length);

    const res = await h.inject({
      method: 'GET',
      url: '/api/v1/warnings?limit=100',
      token: await h.login('leader'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Warning[] }).items;
    const kinds = new Set(items.map((w) => w.kind));
    for (const kind of ['repeat_reporter', 'escalation_words', 'hot_spot', 'agreement_breach']) {
      expect(kinds, kind).toContain(kind);
    }
    const escalation = items.find((w) => w.kind === 'escalation_words')!;
    expect(escalation.level).toBe('red');
    expect(items.find((w) => w.kind === 'repeat_reporter')!.caseIds).toHaveLength(3);
    expect(items.find((w) => w.kind === 'hot_spot')!.explanation).toContain('泊松检验');
    // Nothing personal in a warning's words: the caller's number stays out.
    expect(res.body).not.toContain('13853600417');
    expect(res.body).not.toContain('0417');
  });
});
