// Categories and the responsibility list (权责清单): seeded from data/categories.json, then data
// that admins edit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Selectable } from 'kysely';
import type { Db } from '../../context.ts';
import { referenceDataDir } from '../../platform/paths.ts';
import { keptRead } from '../../platform/db/kept-read.ts';
import type { CategoryTable } from './cases.table.ts';

export type CategoryRow = Selectable<CategoryTable>;

interface CategoryFile {
  groups: {
    code: string;
    name: string;
    kind: string;
    items: {
      code: string;
      name: string;
      owner: { level: 'township' | 'county'; unit: string };
      acceptDays: number;
      handleDays: number;
      risk: number;
    }[];
  }[];
}

export async function seedCategories(db: Db): Promise<number> {
  const existing = await db.selectFrom('category').select('code').limit(1).executeTakeFirst();
  if (existing) return 0;
  const file = JSON.parse(readFileSync(path.join(referenceDataDir, 'categories.json'), 'utf8')) as CategoryFile;
  const rows: CategoryTable[] = [];
  let sort = 0;
  for (const group of file.groups) {
    rows.push({
      code: group.code,
      parent_code: null,
      name: group.name,
      kind: group.kind,
      owner_level: null,
      owner_unit: null,
      accept_days: 1,
      handle_days: 5,
      risk_weight: 0,
      sort: sort++,
      active: 1,
    });
    for (const item of group.items) {
      rows.push({
        code: item.code,
        parent_code: group.code,
        name: item.name,
        kind: group.kind,
        owner_level: item.owner.level,
        owner_unit: item.owner.unit,
        accept_days: item.acceptDays,
        handle_days: item.handleDays,
        risk_weight: item.risk,
        sort: sort++,
        active: 1,
      });
    }
  }
  await db.insertInto('category').values(rows).execute();
  return rows.length;
}

/** Every category by code, in display order, kept while none changes (kept-read.ts). */
const keptCategories = keptRead(['category'], async (db: Db) => {
  const rows = await db.selectFrom('category').selectAll().orderBy('sort').execute();
  return new Map(rows.map((r) => [r.code, Object.freeze(r)]));
});

export async function findCategory(db: Db, code: string): Promise<CategoryRow | undefined> {
  return (await keptCategories(db)).get(code);
}

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return [...(await keptCategories(db)).values()];
}

/** The active categories as the API shows them (`CategoryOut`), to staff and to the public alike. */
export async function activeCategories(db: Db) {
  const rows = await listCategories(db);
  return rows
    .filter((r) => r.active === 1)
    .map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      name: r.name,
      kind: r.kind,
      ownerLevel: r.owner_level,
      ownerUnit: r.owner_unit,
      acceptDays: r.accept_days,
      handleDays: r.handle_days,
      riskWeight: r.risk_weight,
    }));
}
