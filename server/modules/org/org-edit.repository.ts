// Kysely for editing the tree (issue 18 §3): new units, renames, moves of a subtree, closing,
// boundaries, and the unit history. Plain functions taking `db | trx`.
import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { UnitChange } from '../../../common/org-units.ts';
import type { OrgUnitHistoryTable, OrgUnitTable } from './org.table.ts';
import { geometryRow, type OrgUnitRow } from './org.repository.ts';
import type { MultiPolygon } from './geo.ts';

type Executor = Db | Trx;

/** Serialises edits under one region on PostgreSQL (SQLite writers are serial already). */
export async function lockUnit(trx: Trx, dialect: DialectName, unitId: number): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('org_unit').select('id').where('id', '=', unitId).forUpdate().execute();
}

/** The first free code `${base}${n}` (n zero-padded to two digits) — new units' codes are names only. */
export async function freeCode(db: Executor, base: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom('org_unit')
        .select('code')
        .where('code', '>=', base)
        .where('code', '<', base + '\uffff')
        .execute()
    ).map((r) => r.code),
  );
  for (let n = 1; ; n++) {
    const code = `${base}${String(n).padStart(2, '0')}`;
    if (!taken.has(code)) return code;
  }
}

export async function insertUnit(
  trx: Trx,
  parent: OrgUnitRow,
  unit: { code: string; name: string; type: OrgUnitTable['type']; kind: string | null; level: OrgUnitTable['level'] },
  now: string,
): Promise<OrgUnitRow> {
  // The path holds the new id: insert with a placeholder unique to this code, then set it.
  const inserted = await trx
    .insertInto('org_unit')
    .values({
      ...unit,
      parent_id: parent.id,
      path: `${parent.path}new:${unit.code}/`,
      depth: parent.depth + 1,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('org_unit')
    .set({ path: `${parent.path}${inserted.id}/` })
    .where('id', '=', inserted.id)
    .execute();
  return await trx.selectFrom('org_unit').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
}

export async function renameUnit(trx: Trx, id: number, name: string): Promise<void> {
  await trx.updateTable('org_unit').set({ name }).where('id', '=', id).execute();
}

export async function closeUnit(trx: Trx, id: number, at: string): Promise<void> {
  await trx.updateTable('org_unit').set({ closed_at: at }).where('id', '=', id).execute();
}

/** Moves a unit and everything under it below `parent`: paths and depths of the whole subtree. */
export async function moveSubtree(trx: Trx, unit: OrgUnitRow, parent: OrgUnitRow): Promise<void> {
  const newPath = `${parent.path}${unit.id}/`;
  const shift = parent.depth + 1 - unit.depth;
  await trx
    .updateTable('org_unit')
    .set((eb) => ({
      path: sql<string>`cast(${newPath} as text) || substr(${eb.ref('path')}, ${unit.path.length + 1})`,
      depth: sql<number>`${eb.ref('depth')} + ${shift}`,
    }))
    .where('path', '>=', unit.path)
    .where('path', '<', subtreeUpperBound(unit.path))
    .execute();
  await trx.updateTable('org_unit').set({ parent_id: parent.id }).where('id', '=', unit.id).execute();
}

/** Open units below `unit` (not the unit itself). */
export async function countOpenDescendants(db: Executor, unit: OrgUnitRow): Promise<number> {
  const row = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('path', '>', unit.path)
    .where('path', '<', subtreeUpperBound(unit.path))
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function saveGeometry(trx: Trx, unit: OrgUnitRow, coordinates: MultiPolygon): Promise<void> {
  const row = geometryRow(unit.id, unit.level === 'grid' && unit.type === 'region', coordinates);
  await trx.deleteFrom('org_geometry').where('unit_id', '=', unit.id).execute();
  await trx.insertInto('org_geometry').values(row).execute();
}

export interface BoundaryRow {
  unit: OrgUnitRow;
  coordinates: MultiPolygon;
}

/** The nearest unit above (by path, nearest first) that has a stored boundary. */
export async function nearestBoundaryAbove(db: Executor, ancestorIds: number[]): Promise<BoundaryRow | undefined> {
  if (ancestorIds.length === 0) return undefined;
  const rows = await db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .selectAll('org_unit')
    .select('org_geometry.geojson')
    .where('org_unit.id', 'in', ancestorIds)
    .orderBy('org_unit.depth', 'desc')
    .limit(1)
    .execute();
  const row = rows[0];
  if (!row) return undefined;
  const { geojson, ...unit } = row;
  return { unit, coordinates: JSON.parse(geojson) as MultiPolygon };
}

/** Open grids with a boundary under `withinPath` whose bounding box meets the box given. */
export async function openGridsNear(
  db: Executor,
  withinPath: string,
  box: { minLng: number; minLat: number; maxLng: number; maxLat: number },
): Promise<BoundaryRow[]> {
  const rows = await db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .selectAll('org_unit')
    .select('org_geometry.geojson')
    .where('org_unit.type', '=', 'region')
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.closed_at', 'is', null)
    .where('org_unit.path', '>=', withinPath)
    .where('org_unit.path', '<', subtreeUpperBound(withinPath))
    .where('org_geometry.min_lng', '<=', box.maxLng)
    .where('org_geometry.max_lng', '>=', box.minLng)
    .where('org_geometry.min_lat', '<=', box.maxLat)
    .where('org_geometry.max_lat', '>=', box.minLat)
    .orderBy('org_unit.code')
    .execute();
  return rows.map(({ geojson, ...unit }) => ({ unit, coordinates: JSON.parse(geojson) as MultiPolygon }));
}

/** Open grids with a boundary strictly below `unit`. */
export async function openGridsBelow(db: Executor, unit: OrgUnitRow): Promise<BoundaryRow[]> {
  const rows = await db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .selectAll('org_unit')
    .select('org_geometry.geojson')
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.type', '=', 'region')
    .where('org_unit.closed_at', 'is', null)
    .where('org_unit.path', '>', unit.path)
    .where('org_unit.path', '<', subtreeUpperBound(unit.path))
    .execute();
  return rows.map(({ geojson, ...u }) => ({ unit: u, coordinates: JSON.parse(geojson) as MultiPolygon }));
}

export async function appendHistory(
  trx: Trx,
  entry: {
    unitId: number;
    change: UnitChange;
    detail: Record<string, unknown>;
    actorUserId: number | null;
    actorName: string | null;
    at: string;
  },
): Promise<void> {
  await trx
    .insertInto('org_unit_history')
    .values({
      unit_id: entry.unitId,
      change: entry.change,
      detail: JSON.stringify(entry.detail),
      actor_user_id: entry.actorUserId,
      actor_name: entry.actorName,
      at: entry.at,
    })
    .execute();
}

export async function listHistory(db: Executor, unitId: number): Promise<Selectable<OrgUnitHistoryTable>[]> {
  return db
    .selectFrom('org_unit_history')
    .selectAll()
    .where('unit_id', '=', unitId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}
