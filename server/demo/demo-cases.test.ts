import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { CASE_STATUSES } from '../../common/workflow.ts';
import { describeEachDialect } from '../../test/support/harness.ts';
import { seedDemoCases } from './demo-cases.ts';

const digests: string[] = [];

describeEachDialect('generated demo cases', (get) => {
  it('fill every status and category of 潍城区 with Chinese reports, the same on every run', async () => {
    const h = get();
    expect(await seedDemoCases(h.ctx, 3000)).toBe(3000);
    expect(await seedDemoCases(h.ctx, 3000)).toBe(0);
    const rows = await h.ctx.db
      .selectFrom('case_record')
      .select(['number', 'title', 'status', 'category_code', 'region_path', 'lng', 'lat'])
      .where('number', 'like', '370702-%-D%')
      .orderBy('number')
      .execute();
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(CASE_STATUSES));
    const leafCategories = await h.ctx.db
      .selectFrom('category')
      .select('code')
      .where('owner_level', 'is not', null)
      .execute();
    expect(new Set(rows.map((r) => r.category_code))).toEqual(new Set(leafCategories.map((c) => c.code)));
    const county = await h.unit('370702');
    expect(rows.every((r) => r.region_path.startsWith(county.path))).toBe(true);
    expect(rows.every((r) => /[\u4e00-\u9fff]{6,}/.test(r.title))).toBe(true);
    // Every located case is found again by its point.
    const sample = rows.filter((_, i) => i % 300 === 0);
    const token = await h.login('dispatcher');
    for (const row of sample) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/grids/locate?lng=${row.lng}&lat=${row.lat}`, token });
      expect(res.statusCode).toBe(200);
    }
    const noise = await h.inject({
      method: 'GET',
      url: `/api/v1/cases?q=${encodeURIComponent('噪音')}&limit=200`,
      token,
    });
    expect((noise.json() as { items: unknown[] }).items.length).toBeGreaterThan(10);
    digests.push(
      createHash('sha256')
        .update(JSON.stringify(rows.map((r) => [r.number, r.title, r.status])))
        .digest('hex'),
    );
    if (digests.length === 2) expect(digests[1]).toBe(digests[0]);
  });
});
