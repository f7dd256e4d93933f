// Kysely over the safety index's own tables: its components' settings, its grades and the
// residents per region unit.
import type { Db, Trx } from '../../context.ts';
import { isWithin, subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { ComponentSetting, GradeSetting } from './safety-formula.ts';

type Executor = Db | Trx;

export interface ComponentRow extends ComponentSetting {
  sort: number;
  updatedAt: string;
}

export async function loadComponents(db: Executor): Promise<ComponentRow[]> {
  const rows = await db.selectFrom('safety_component').selectAll().orderBy('sort').execute();
  return rows.map((r) => ({
    key: r.key,
    weight: Number(r.weight),
    best: Number(r.best),
    worst: Number(r.worst),
    sort: r.sort,
    updatedAt: r.updated_at,
  }));
}

export async function saveComponents(
  trx: Trx,
  settings: readonly ComponentSetting[],
  userId: number,
  at: string,
): Promise<void> {
  for (const s of settings) {
    await trx
      .updateTable('safety_component')
      .set({ weight: s.weight, best: s.best, worst: s.worst, updated_by: userId, updated_at: at })
      .where('key', '=', s.key)
      .execute();
  }
}

export async function loadGrades(db: Executor): Promise<GradeSetting[]> {
  const rows = await db.selectFrom('safety_grade').selectAll().orderBy('min_score', 'desc').execute();
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, minScore: Number(r.min_score) }));
}

export interface PopulationRow {
  unitId: number;
  path: string;
  population: number;
}

/** Every recorded population in the subtree at `path` (the unit's own included). */
export async function populationsWithin(db: Executor, path: string): Promise<PopulationRow[]> {
  const rows = await db
    .selectFrom('region_population')
    .select(['unit_id', 'unit_path', 'population'])
    .where('unit_path', '>=', path)
    .where('unit_path', '<', subtreeUpperBound(path))
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, path: r.unit_path, population: Number(r.population) }));
}

/**
 * A unit's residents: its own recorded figure, else the sum of the highest recorded figures below
 * it (a village's row stands for its grids, which are not added again); null when none is recorded.
 */
export function populationOf(path: string, rows: readonly PopulationRow[]): number | null {
  const inside = rows.filter((r) => isWithin(r.path, path)).sort((a, b) => a.path.length - b.path.length);
  const counted: PopulationRow[] = [];
  for (const row of inside) if (!counted.some((c) => isWithin(row.path, c.path))) counted.push(row);
  return counted.length === 0 ? null : counted.reduce((sum, r) => sum + r.population, 0);
}

export async function savePopulation(
  trx: Trx,
  unit: { id: number; path: string },
  population: number,
  source: string,
  userId: number | null,
  at: string,
): Promise<void> {
  const values = { population, source, updated_by: userId, updated_at: at };
  await trx
    .insertInto('region_population')
    .values({ unit_id: unit.id, unit_path: unit.path, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
    .execute();
}
