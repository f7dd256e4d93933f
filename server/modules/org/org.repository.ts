// Kysely queries over org_unit and org_geometry. Plain functions taking `db | trx`. Other modules
// reach the tree only through these (its relations included: a region's centre, a unit's county).
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type StringReference,
} from 'kysely';
import type { DB } from '../../schema.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { boundingBox, planarArea, type MultiPolygon } from './geo.ts';
import type { Db, Trx } from '../../context.ts';
import { keptReadByKey } from '../../platform/db/kept-read.ts';
import { subtreeUpperBound, pathIds } from '../../platform/db/subtree.ts';
import type { OrgGeometryTable, OrgUnitTable, UnitLevel } from './org.table.ts';
import { STANDARD_UNITS, type StandardUnit } from './reference-data.ts';

export type OrgUnitRow = Selectable<OrgUnitTable>;
type Executor = Db | Trx;

const BATCH = 1000;

/** A standard unit's type and kind by its suffix (the same at every level that has it). */
const STANDARD_UNIT_BY_SUFFIX = new Map<string, Pick<StandardUnit, 'type' | 'kind'>>(
  Object.values(STANDARD_UNITS).flatMap((units) => units.map((u) => [u.suffix, { type: u.type, kind: u.kind }])),
);

export async function insertUnitsInBatches(
  db: Executor,
  rows: (Insertable<OrgUnitTable> & { id: number })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('org_unit')
      .values(rows.slice(i, i + BATCH))
      .execute();
  }
}

export async function insertGeometriesInBatches(db: Executor, rows: OrgGeometryTable[]): Promise<void> {
  // Geometry rows are large; smaller batches keep each statement reasonable.
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('org_geometry')
      .values(rows.slice(i, i + 100))
      .execute();
  }
}

export function geometryRow(unitId: number, isGrid: boolean, coordinates: MultiPolygon): OrgGeometryTable {
  const box = boundingBox(coordinates);
  return {
    unit_id: unitId,
    is_grid: isGrid ? 1 : 0,
    min_lng: box.minLng,
    min_lat: box.minLat,
    max_lng: box.maxLng,
    max_lat: box.maxLat,
    area: planarArea(coordinates),
    geojson: JSON.stringify(coordinates),
  };
}

/** Inserts units whose ids were assigned by the loader, with their geometry. */
export async function insertLoadedUnits(
  trx: Trx,
  dialect: DialectName,
  units: (Insertable<OrgUnitTable> & { id: number })[],
  geometries: OrgGeometryTable[],
): Promise<void> {
  await insertUnitsInBatches(trx, units);
  await insertGeometriesInBatches(trx, geometries);
  if (dialect === 'postgres') {
    // Ids were assigned in the application; move the identity sequence past them.
    await sql`select setval(pg_get_serial_sequence('org_unit', 'id'), (select max(id) from org_unit))`.execute(trx);
  }
}

export async function maxUnitId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function findUnitById(db: Executor, id: number): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('org_unit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnitByCode(db: Executor, code: string): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('org_unit').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findUnitsByIds(db: Executor, ids: readonly number[]): Promise<OrgUnitRow[]> {
  const unique = [...new Set(ids)];
  const out: OrgUnitRow[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    out.push(
      ...(await db
        .selectFrom('org_unit')
        .selectAll()
        .where('id', 'in', unique.slice(i, i + BATCH))
        .execute()),
    );
  }
  return out;
}

/** Display names of units, by id (for lists that show who sent, holds or acted). */
export async function unitNames(db: Executor, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((id): id is number => id !== null);
  if (wanted.length === 0) return new Map();
  return new Map((await findUnitsByIds(db, wanted)).map((u) => [u.id, u.name]));
}

/**
 * The 综治中心 of a region: its child of type `centre`. A region has at most one (a unique index,
 * migration 2026-12-03T1100); villages and grids have none.
 */
export async function centreOf(db: Executor, regionId: number): Promise<OrgUnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_id', '=', regionId)
    .where('type', '=', 'centre')
    .executeTakeFirst();
}

/** Where a centre escalates to: the centre of the region above its own (none above the province's). */
export async function centreAbove(db: Executor, centreId: number): Promise<OrgUnitRow | undefined> {
  const centre = await findUnitById(db, centreId);
  const region = centre?.parent_id != null ? await findUnitById(db, centre.parent_id) : undefined;
  return region?.parent_id != null ? centreOf(db, region.parent_id) : undefined;
}

/** The county (区县) a unit or a case's region lies in, by level; undefined above county level. */
export async function countyOf(db: Executor, unit: { path: string }): Promise<OrgUnitRow | undefined> {
  const ids = pathIds(unit.path);
  if (ids.length === 0) return undefined;
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('id', 'in', ids)
    .where('type', '=', 'region')
    .where('level', '=', 'county')
    .executeTakeFirst();
}

/** A region's people's court (人民法院): its child of type `court`, the first loaded if several. */
export async function courtOf(db: Executor, regionId: number): Promise<OrgUnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_id', '=', regionId)
    .where('type', '=', 'court')
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * The standard unit a region owns by its suffix in the reference data ("dept-housing",
 * "cmte-medical", "court", …: what a category's responsibility list names): the region's child of
 * that type and kind. Not its code: codes are names, the tree is the relation.
 */
export async function standardUnitOf(db: Executor, regionId: number, suffix: string): Promise<OrgUnitRow | undefined> {
  const standard = STANDARD_UNIT_BY_SUFFIX.get(suffix);
  if (!standard) return undefined;
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_id', '=', regionId)
    .where('type', '=', standard.type)
    .where((eb) => (standard.kind === null ? eb('kind', 'is', null) : eb('kind', '=', standard.kind)))
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * The standard unit (by suffix, as `standardUnitOf`) of the region at `level` on a path — the
 * path itself or one above it: what a category's responsibility list names for a case located at
 * `path`. One statement; the path's ids are the chain, so no ancestor is read first.
 */
export async function standardUnitAtLevel(
  db: Executor,
  path: string,
  level: UnitLevel,
  suffix: string,
): Promise<OrgUnitRow | undefined> {
  const standard = STANDARD_UNIT_BY_SUFFIX.get(suffix);
  const ids = pathIds(path);
  if (!standard || ids.length === 0) return undefined;
  return db
    .selectFrom('org_unit as unit')
    .innerJoin('org_unit as region', 'region.id', 'unit.parent_id')
    .selectAll('unit')
    .where('region.id', 'in', ids)
    .where('region.type', '=', 'region')
    .where('region.level', '=', level)
    .where('unit.type', '=', standard.type)
    .where((eb) => (standard.kind === null ? eb('unit.kind', 'is', null) : eb('unit.kind', '=', standard.kind)))
    .orderBy('region.depth')
    .orderBy('unit.id')
    .executeTakeFirst();
}

/**
 * A condition for another module's query: the unit in column `unitId` lies in one of the
 * subtrees. Correlated (one primary-key look-up per row), so the query keeps its own order and
 * limit; an `in (all units of the area)` list would be built whole first.
 */
export function unitWithin<TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  unitId: StringReference<DB, TB>,
  paths: readonly string[],
): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  // The sub-query is typed on org_unit alone; the outer column is correlated by name.
  const units = eb as unknown as ExpressionBuilder<DB, never>;
  return eb.exists(
    units
      .selectFrom('org_unit')
      .select('org_unit.id')
      .where('org_unit.id', '=', sql.ref<number>(unitId))
      .where((inner) =>
        inner.or(
          paths.map((p) =>
            inner.and([inner('org_unit.path', '>=', p), inner('org_unit.path', '<', subtreeUpperBound(p))]),
          ),
        ),
      ),
  );
}

/**
 * A field of the unit whose id is in column `unitId`, for another module's select: a correlated
 * look-up on the primary key (what a join would cost), null when there is none. So that a
 * record and the names of its units come back in one statement (ADR 0046) while org keeps its
 * table to itself (ADR 0008).
 */
export function unitFieldOf<F extends 'name' | 'path' | 'level' | 'closed_at'>(
  unitId: string,
  field: F,
): RawBuilder<OrgUnitRow[F] | null> {
  return sql<
    OrgUnitRow[F] | null
  >`(select ${sql.ref(`unit_field.${field}`)} from org_unit unit_field where unit_field.id = ${sql.ref(unitId)})`;
}

export async function findUnitsByCodes(db: Executor, codes: string[]): Promise<OrgUnitRow[]> {
  const out: OrgUnitRow[] = [];
  for (let i = 0; i < codes.length; i += BATCH) {
    out.push(
      ...(await db
        .selectFrom('org_unit')
        .selectAll()
        .where('code', 'in', codes.slice(i, i + BATCH))
        .execute()),
    );
  }
  return out;
}

export interface AncestorsWithCentres {
  ancestors: OrgUnitRow[];
  centreOf: Map<number, OrgUnitRow>;
}

/**
 * A unit's ancestors (by depth) and the centre (综治中心) of each of them and of the unit itself,
 * by the id of the region it serves: one statement where findAncestors and centreOf are one each
 * per level (intake, issue 20), kept per unit while no unit changes — every report at a place reads
 * the same chain. The answer is shared: callers must not change it.
 */
export function findAncestorsWithCentres(db: Db, unit: OrgUnitRow): Promise<AncestorsWithCentres> {
  return keptAncestorsWithCentres(db, `${unit.id} ${unit.path}`);
}

const keptAncestorsWithCentres = keptReadByKey(
  ['org_unit'],
  async (db: Executor, key: string): Promise<AncestorsWithCentres> => {
    const [id, path] = key.split(' ') as [string, string];
    const unitId = Number(id);
    const ids = pathIds(path);
    if (!ids.includes(unitId)) ids.push(unitId);
    const rows = await db
      .selectFrom('org_unit')
      .selectAll()
      .where((eb) => eb.or([eb('id', 'in', ids), eb.and([eb('parent_id', 'in', ids), eb('type', '=', 'centre')])]))
      .orderBy('depth')
      .orderBy('id')
      .execute();
    const centres = new Map<number, OrgUnitRow>();
    const ancestors: OrgUnitRow[] = [];
    for (const row of rows) {
      if (row.type === 'centre' && row.parent_id !== null && !ids.includes(row.id)) {
        // The first by id, as centreOf's single row would be for a region with two.
        if (!centres.has(row.parent_id)) centres.set(row.parent_id, row);
      } else if (row.id !== unitId) ancestors.push(row);
    }
    return { ancestors, centreOf: centres };
  },
  // An entry serves for KEEP_MAX_AGE_MS at most: the grids reported from in that time, at any peak.
  1_000,
);

/** The unit's ancestors, root first (not the unit itself). */
export async function findAncestors(db: Executor, unit: OrgUnitRow): Promise<OrgUnitRow[]> {
  const ids = pathIds(unit.path).filter((id) => id !== unit.id);
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').selectAll().where('id', 'in', ids).orderBy('depth').execute();
}

export interface UnitFilter {
  code?: string | undefined;
  q?: string | undefined;
  parentId?: number | undefined;
  level?: string | undefined;
  type?: string | undefined;
  /** Only units in the subtree of this path. */
  withinPath?: string | undefined;
  /** Jurisdiction: only units under one of these paths. */
  scopePaths: string[];
  /** Keyset cursor: units whose code sorts after this one. */
  afterCode?: string | undefined;
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function listUnits(db: Executor, filter: UnitFilter): Promise<OrgUnitRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('org_unit')
    .selectAll()
    .where((eb) =>
      eb.or(filter.scopePaths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', subtreeUpperBound(p))]))),
    );
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level as OrgUnitRow['level']);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type as OrgUnitRow['type']);
  if (filter.withinPath !== undefined) {
    query = query.where('path', '>=', filter.withinPath).where('path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where(sql<boolean>`name like ${pattern} escape '\\'`);
  }
  if (filter.afterCode !== undefined) query = query.where('code', '>', filter.afterCode);
  // Official codes sort the way people expect (济南 3701 before 青岛 3702), children after parents.
  return query.orderBy('code').limit(filter.limit).execute();
}

export interface GridGeometryRow {
  unit_id: number;
  code: string;
  geojson: string;
}

/** Boundaries of the grids under `withinPath` and inside the jurisdiction, ordered by code. */
export async function listGridGeometries(
  db: Executor,
  filter: { withinPath: string; scopePaths: string[]; afterCode?: string | undefined; limit: number },
): Promise<GridGeometryRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .select(['org_unit.id as unit_id', 'org_unit.code', 'org_geometry.geojson'])
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.closed_at', 'is', null)
    .where('org_unit.path', '>=', filter.withinPath)
    .where('org_unit.path', '<', subtreeUpperBound(filter.withinPath))
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) =>
          eb.and([eb('org_unit.path', '>=', p), eb('org_unit.path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.afterCode !== undefined) query = query.where('org_unit.code', '>', filter.afterCode);
  return query.orderBy('org_unit.code').limit(filter.limit).execute();
}

/** The first county (by code) in a subtree: the county of an area above county level. */
export async function firstCountyWithin(db: Executor, path: string): Promise<OrgUnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('type', '=', 'region')
    .where('level', '=', 'county')
    .where('path', '>=', path)
    .where('path', '<', subtreeUpperBound(path))
    .orderBy('code')
    .executeTakeFirst();
}

export interface BaseMapGridRow {
  id: number;
  name: string;
  kind: string | null;
  path: string;
  geojson: string;
}

/** Every region grid under a unit with its boundary, by code: the base map's grids. */
export async function listBaseMapGrids(db: Executor, withinPath: string): Promise<BaseMapGridRow[]> {
  return db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .select(['org_unit.id', 'org_unit.name', 'org_unit.kind', 'org_unit.path', 'org_geometry.geojson'])
    .where('org_unit.type', '=', 'region')
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.closed_at', 'is', null)
    .where('org_unit.path', '>=', withinPath)
    .where('org_unit.path', '<', subtreeUpperBound(withinPath))
    .orderBy('org_unit.code')
    .execute();
}

/** A unit's stored boundary (GeoJSON MultiPolygon coordinates), if it has one. */
export async function findGeometryJson(db: Executor, unitId: number): Promise<string | undefined> {
  const row = await db.selectFrom('org_geometry').select('geojson').where('unit_id', '=', unitId).executeTakeFirst();
  return row?.geojson;
}

/** A grid unit whose bounding box holds a point, with its boundary to test. */
export type GridCandidate = OrgUnitRow & { area: number; geojson: string };

/** Grids whose bounding box holds the point; the caller tests the polygons. */
export async function findGridCandidates(db: Executor, lng: number, lat: number): Promise<GridCandidate[]> {
  // A closed grid (split, merged or closed) keeps its boundary for its old cases but is found no more.
  return db
    .selectFrom('org_geometry')
    .innerJoin('org_unit', 'org_unit.id', 'org_geometry.unit_id')
    .selectAll('org_unit')
    .select(['org_geometry.area', 'org_geometry.geojson'])
    .where('org_geometry.is_grid', '=', 1)
    .where('org_geometry.min_lng', '<=', lng)
    .where('org_geometry.max_lng', '>=', lng)
    .where('org_geometry.min_lat', '<=', lat)
    .where('org_geometry.max_lat', '>=', lat)
    .where('org_unit.closed_at', 'is', null)
    .execute();
}

export async function countChildren(db: Executor, parentIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (parentIds.length === 0) return counts;
  const rows = await db
    .selectFrom('org_unit')
    .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_id', 'in', parentIds)
    .groupBy('parent_id')
    .execute();
  for (const row of rows) if (row.parent_id !== null) counts.set(row.parent_id, Number(row.n));
  return counts;
}

/** A county's psychological service team (心理服务队, issue 18 §7): its department of kind psych_service. */
export async function psychTeamOf(db: Executor, countyId: number): Promise<OrgUnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_id', '=', countyId)
    .where('type', '=', 'department')
    .where('kind', '=', 'psych_service')
    .orderBy('id')
    .executeTakeFirst();
}
