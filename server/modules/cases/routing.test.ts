// 权责清单 routing on both databases: the suggested lead unit is the standard unit of the region at
// the category's owner level on the case's path — a township's committee for a neighbour dispute
// in one of its grids, the county's for a medical dispute — and none when the case lies above it.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { listCategories } from './category.repository.ts';
import { suggestLeadUnit } from './routing.ts';
import { standardUnitOf } from '../org/index.ts';

describeEachDialect('lead-unit suggestion', (get) => {
  async function regionBelow(path: string, level: 'county' | 'township' | 'grid') {
    return get()
      .ctx.db.selectFrom('org_unit')
      .selectAll()
      .where('path', 'like', `${path}%`)
      .where('type', '=', 'region')
      .where('level', '=', level)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  }

  /** The owner the slow way: the region at the level on the path, then its standard unit by suffix. */
  async function ownerByWalking(path: string, level: 'county' | 'township', suffix: string) {
    const ids = path.split('/').filter(Boolean).map(Number);
    const region = await get()
      .ctx.db.selectFrom('org_unit')
      .selectAll()
      .where('id', 'in', ids)
      .where('type', '=', 'region')
      .where('level', '=', level)
      .executeTakeFirst();
    return region ? standardUnitOf(get().ctx.db, region.id, suffix) : undefined;
  }

  it('names, for a case in a grid of 潍城区, the owner every category lists at its level', async () => {
    const county = await get().unit('370702');
    const grid = await regionBelow(county.path, 'grid');
    const categories = (await listCategories(get().ctx.db)).filter((c) => c.owner_level && c.owner_unit);
    expect(categories.length).toBeGreaterThan(20);
    const levels = new Set<string>();
    for (const category of categories) {
      const suggested = await suggestLeadUnit(get().ctx.db, { category_code: category.code, region_path: grid.path });
      expect(suggested, category.code).not.toBeNull();
      const unit = await get()
        .ctx.db.selectFrom('org_unit')
        .selectAll()
        .where('id', '=', suggested!.id)
        .executeTakeFirstOrThrow();
      const expected = await ownerByWalking(grid.path, category.owner_level!, category.owner_unit!);
      expect(expected, category.code).toBeDefined();
      expect(suggested!.id, category.code).toBe(expected?.id);
      // The unit hangs under the grid's own township or county, not under a neighbour.
      expect(grid.path.startsWith(unit.path.slice(0, unit.path.lastIndexOf('/', unit.path.length - 2) + 1))).toBe(true);
      levels.add(category.owner_level!);
    }
    expect([...levels].sort()).toEqual(['county', 'township']);
  });

  it('suggests the township’s territorial committee for a neighbour dispute and the county’s for a medical one', async () => {
    const county = await get().unit('370702');
    const township = await regionBelow(county.path, 'township');
    const grid = await regionBelow(township.path, 'grid');
    const neighbour = await suggestLeadUnit(get().ctx.db, { category_code: 'DSP.NEIGHBOUR', region_path: grid.path });
    expect(neighbour?.kind).toBe('territorial');
    expect(neighbour?.name.startsWith(township.name)).toBe(true);
    const medical = await suggestLeadUnit(get().ctx.db, { category_code: 'DSP.MEDICAL', region_path: grid.path });
    expect(medical?.kind).toBe('medical');
    expect(medical?.name.startsWith(county.name)).toBe(true);
  });

  it('suggests nothing for a township-level category when the case lies at the county itself', async () => {
    const county = await get().unit('370702');
    expect(
      await suggestLeadUnit(get().ctx.db, { category_code: 'DSP.NEIGHBOUR', region_path: county.path }),
    ).toBeNull();
    expect(
      (await suggestLeadUnit(get().ctx.db, { category_code: 'DSP.MEDICAL', region_path: county.path }))?.kind,
    ).toBe('medical');
  });
});
