// Kysely over emergencies and their door-to-door items.
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { EmergencyKind, EmergencyLevel, EmergencyStatus, VisitResult } from '../../../common/emergency.ts';
import type { EmergencyItemTable } from './emergency.table.ts';

type Executor = Db | Trx;

export interface EmergencyRow {
  id: number;
  unitId: number;
  unitPath: string;
  kind: EmergencyKind;
  level: EmergencyLevel;
  drill: boolean;
  instructions: string;
  status: EmergencyStatus;
  itemCount: number;
  declaredBy: number;
  declaredAt: string;
  stoodDownBy: number | null;
  stoodDownAt: string | null;
  summary: string | null;
}

export interface EmergencyItemRow {
  id: number;
  emergencyId: number;
  subject: 'household' | 'key_person';
  houseId: number | null;
  personId: number | null;
  keyGroups: string[];
  label: string;
  gridId: number;
  gridPath: string;
  townshipId: number | null;
  result: VisitResult | null;
  note: string | null;
  visitedBy: number | null;
  visitedAt: string | null;
  version: number;
}

const emergencyColumns = [
  'id',
  'unit_id',
  'unit_path',
  'kind',
  'level',
  'drill',
  'instructions',
  'status',
  'item_count',
  'declared_by',
  'declared_at',
  'stood_down_by',
  'stood_down_at',
  'summary',
] as const;

function toEmergency(r: {
  id: number;
  unit_id: number;
  unit_path: string;
  kind: string;
  level: string;
  drill: number;
  instructions: string;
  status: string;
  item_count: number;
  declared_by: number;
  declared_at: string;
  stood_down_by: number | null;
  stood_down_at: string | null;
  summary: string | null;
}): EmergencyRow {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    kind: r.kind as EmergencyKind,
    level: r.level as EmergencyLevel,
    drill: Number(r.drill) === 1,
    instructions: r.instructions,
    status: r.status as EmergencyStatus,
    itemCount: Number(r.item_count),
    declaredBy: r.declared_by,
    declaredAt: r.declared_at,
    stoodDownBy: r.stood_down_by,
    stoodDownAt: r.stood_down_at,
    summary: r.summary,
  };
}

const itemColumns = [
  'id',
  'emergency_id',
  'subject',
  'house_id',
  'person_id',
  'key_groups',
  'label',
  'grid_id',
  'grid_path',
  'township_id',
  'result',
  'note',
  'visited_by',
  'visited_at',
  'version',
] as const;

function toItem(r: {
  id: number;
  emergency_id: number;
  subject: string;
  house_id: number | null;
  person_id: number | null;
  key_groups: string | null;
  label: string;
  grid_id: number;
  grid_path: string;
  township_id: number | null;
  result: string | null;
  note: string | null;
  visited_by: number | null;
  visited_at: string | null;
  version: number;
}): EmergencyItemRow {
  return {
    id: r.id,
    emergencyId: r.emergency_id,
    subject: r.subject as EmergencyItemRow['subject'],
    houseId: r.house_id,
    personId: r.person_id,
    keyGroups: r.key_groups ? r.key_groups.split(',') : [],
    label: r.label,
    gridId: r.grid_id,
    gridPath: r.grid_path,
    townshipId: r.township_id,
    result: r.result as VisitResult | null,
    note: r.note,
    visitedBy: r.visited_by,
    visitedAt: r.visited_at,
    version: Number(r.version),
  };
}

export async function insertEmergency(
  db: Executor,
  row: {
    unitId: number;
    unitPath: string;
    kind: EmergencyKind;
    level: EmergencyLevel;
    drill: boolean;
    instructions: string;
    declaredBy: number;
    declaredAt: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('emergency')
    .values({
      unit_id: row.unitId,
      unit_path: row.unitPath,
      kind: row.kind,
      level: row.level,
      drill: row.drill ? 1 : 0,
      instructions: row.instructions,
      status: 'active',
      item_count: 0,
      declared_by: row.declaredBy,
      declared_at: row.declaredAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertItems(db: Executor, rows: Insertable<EmergencyItemTable>[]): Promise<void> {
  // Chunks keep each statement well under either engine's limit on bound parameters.
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto('emergency_item')
      .values(rows.slice(i, i + 400))
      .execute();
}

export async function setItemCount(db: Executor, id: number, count: number): Promise<void> {
  await db.updateTable('emergency').set({ item_count: count }).where('id', '=', id).execute();
}

export async function findEmergency(db: Executor, id: number): Promise<EmergencyRow | undefined> {
  const row = await db.selectFrom('emergency').select(emergencyColumns).where('id', '=', id).executeTakeFirst();
  return row ? toEmergency(row) : undefined;
}

export async function listEmergencies(
  db: Executor,
  filter: { active?: boolean; drill?: boolean; limit: number },
): Promise<EmergencyRow[]> {
  let q = db.selectFrom('emergency').select(emergencyColumns);
  if (filter.active !== undefined) q = q.where('status', '=', filter.active ? 'active' : 'closed');
  if (filter.drill !== undefined) q = q.where('drill', '=', filter.drill ? 1 : 0);
  const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toEmergency);
}

export async function standDown(
  db: Executor,
  id: number,
  by: number,
  at: string,
  summary: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('emergency')
    .set({ status: 'closed', stood_down_by: by, stood_down_at: at, summary })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Items of an emergency under any of `scopePaths` (all of them when null). */
function scoped(db: Executor, emergencyId: number, scopePaths: string[] | null) {
  let q = db.selectFrom('emergency_item').where('emergency_id', '=', emergencyId);
  if (scopePaths !== null)
    q = q.where((eb) =>
      eb.or(scopePaths.map((p) => eb.and([eb('grid_path', '>=', p), eb('grid_path', '<', subtreeUpperBound(p))]))),
    );
  return q;
}

export async function listItems(
  db: Executor,
  emergencyId: number,
  filter: { scopePaths: string[] | null; gridId?: number; results?: (VisitResult | null)[]; limit: number },
): Promise<EmergencyItemRow[]> {
  let q = scoped(db, emergencyId, filter.scopePaths).select(itemColumns);
  if (filter.gridId !== undefined) q = q.where('grid_id', '=', filter.gridId);
  const results = filter.results;
  if (results) {
    const named = results.filter((r): r is VisitResult => r !== null);
    q = q.where((eb) =>
      eb.or([
        ...(named.length ? [eb('result', 'in', named)] : []),
        ...(results.includes(null) ? [eb('result', 'is', null)] : []),
      ]),
    );
  }
  const rows = await q.orderBy('grid_path').orderBy('subject').orderBy('id').limit(filter.limit).execute();
  return rows.map(toItem);
}

export async function findItem(
  db: Executor,
  emergencyId: number,
  itemId: number,
): Promise<EmergencyItemRow | undefined> {
  const row = await db
    .selectFrom('emergency_item')
    .select(itemColumns)
    .where('emergency_id', '=', emergencyId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  return row ? toItem(row) : undefined;
}

/** Marks an item; with `version`, only if it is still that version. True when a row changed. */
export async function markItem(
  db: Executor,
  itemId: number,
  mark: { result: VisitResult; note: string | null; by: number; at: string; version?: number },
): Promise<boolean> {
  let q = db
    .updateTable('emergency_item')
    .set((eb) => ({
      result: mark.result,
      note: mark.note,
      visited_by: mark.by,
      visited_at: mark.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', itemId);
  if (mark.version !== undefined) q = q.where('version', '=', mark.version);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ProgressCount {
  townshipId: number | null;
  gridId: number;
  result: VisitResult | null;
  count: number;
}

/** Item counts per township, grid and result, within scope. */
export async function progressCounts(
  db: Executor,
  emergencyId: number,
  scopePaths: string[] | null,
): Promise<ProgressCount[]> {
  const rows = await scoped(db, emergencyId, scopePaths)
    .select((eb) => ['township_id', 'grid_id', 'result', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['township_id', 'grid_id', 'result'])
    .execute();
  return rows.map((r) => ({
    townshipId: r.township_id,
    gridId: r.grid_id,
    result: r.result as VisitResult | null,
    count: Number(r.n),
  }));
}
