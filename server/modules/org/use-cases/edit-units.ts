// Administrators edit the tree (issue 18 §3): create a unit under a parent, rename, move, close,
// draw a boundary, split a grid or merge grids. One transaction per command with its history
// row(s) and its audit record; nothing is half-written. The routes have already checked the
// jurisdiction of every unit named (404 outside it).
import type { AppContext, Db, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import {
  PARENT_LEVELS,
  creatableKindOf,
  domainsOf,
  type CreatableUnitKind,
  type UnitChange,
} from '../../../../common/org-units.ts';
import { UNIT_KIND_LABELS } from '../../../../common/labels.ts';
import type { MultiPolygon } from '../geo.ts';
import { overlapShare } from '../../../../common/polygon-checks.ts';
import { findUnitById, type OrgUnitRow } from '../org.repository.ts';
import {
  appendHistory,
  closeUnit,
  countOpenDescendants,
  freeCode,
  insertUnit,
  lockUnit,
  moveSubtree,
  renameUnit,
  saveGeometry,
} from '../org-edit.repository.ts';
import { checkBoundary, checkHoldsGrids, overlapError, parseBoundary } from './boundary-rules.ts';

/** How org learns of cases without importing cases (which sits above it): app.ts hands this in. */
export interface CaseCounter {
  /** Cases located in a region's subtree, or led by a handling unit; only open ones if asked. */
  countCases(db: Db | Trx, unit: { id: number; path: string; type: string }, openOnly: boolean): Promise<number>;
}

export interface Editor {
  audit: AuditActor | null;
  clientIp: string;
}

export type GeoJsonPolygon = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };

const TYPE_OF: Record<CreatableUnitKind, 'region' | 'department' | 'centre' | 'committee'> = {
  village: 'region',
  grid: 'region',
  department: 'department',
  centre: 'centre',
  committee: 'committee',
};

const CODE_MARK: Record<CreatableUnitKind, string> = {
  village: 'V',
  grid: 'G',
  department: '-D',
  centre: '-centre',
  committee: '-C',
};

function cleanName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  // Control, formatting, lone-surrogate and unassigned characters have no place in a unit's name.
  if (trimmed.length === 0 || /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(trimmed)) {
    throw new AppError(
      'VALIDATION_FAILED',
      '名称不能为空，也不能含控制字符 / The name is empty or has control characters',
      [{ field: 'name', message: '请填写有效名称 / Give a valid name' }],
    );
  }
  return trimmed;
}

function checkParent(kind: CreatableUnitKind, parent: OrgUnitRow): void {
  const allowed = PARENT_LEVELS[kind];
  if (parent.type !== 'region' || !allowed.includes(parent.level)) {
    throw new AppError(
      'UNIT_PARENT_INVALID',
      `「${parent.name}」下不能设立该类单位 / This kind of unit cannot stand under ${parent.name}`,
      { allowed },
    );
  }
  if (parent.closed_at !== null) {
    throw new AppError('UNIT_CLOSED', `「${parent.name}」已撤销 / ${parent.name} is closed`);
  }
}

function checkDomain(kind: CreatableUnitKind, domain: string | undefined): string | null {
  const domains = domainsOf(kind);
  if (domains === null) return null;
  const chosen = domain ?? (kind === 'grid' ? 'basic' : undefined);
  if (chosen === undefined || !domains.includes(chosen)) {
    throw new AppError('VALIDATION_FAILED', '请选择有效的类别或领域 / Choose a valid kind or domain', [
      { field: 'domain', message: `应为 ${domains.join(', ')} 之一 / One of ${domains.join(', ')}` },
    ]);
  }
  return chosen;
}

async function record(
  ctx: AppContext,
  trx: Trx,
  editor: Editor,
  unitId: number,
  change: UnitChange,
  detail: Record<string, unknown>,
): Promise<void> {
  const at = ctx.clock.now();
  await appendHistory(trx, {
    unitId,
    change,
    detail,
    actorUserId: editor.audit?.userId ?? null,
    actorName: editor.audit?.username ?? null,
    at: at.toISOString(),
  });
  await ctx.audit.append(
    trx,
    {
      actor: editor.audit,
      action: `org.${change}`,
      subjectType: 'org_unit',
      subjectId: unitId,
      outcome: 'success',
      clientIp: editor.clientIp,
      details: detail,
    },
    at,
  );
}

async function newUnit(
  ctx: AppContext,
  trx: Trx,
  parent: OrgUnitRow,
  kind: CreatableUnitKind,
  name: string,
  domain: string | null,
): Promise<OrgUnitRow> {
  if (kind === 'centre') {
    const existing = await trx
      .selectFrom('org_unit')
      .select('name')
      .where('parent_id', '=', parent.id)
      .where('type', '=', 'centre')
      .executeTakeFirst();
    if (existing) {
      throw new AppError(
        'CENTRE_EXISTS',
        `「${parent.name}」已有综治中心「${existing.name}」 / ${parent.name} already has a centre`,
      );
    }
  }
  const mark = kind === 'grid' && domain !== 'basic' ? 'Z' : CODE_MARK[kind];
  const code = await freeCode(trx, `${parent.code}${mark}`);
  return insertUnit(
    trx,
    parent,
    {
      code,
      name,
      type: TYPE_OF[kind],
      kind: domain,
      level: kind === 'village' || kind === 'grid' ? kind : parent.level,
    },
    ctx.clock.now().toISOString(),
  );
}

export interface CreateUnitInput {
  parent: OrgUnitRow;
  kind: CreatableUnitKind;
  name: string;
  domain?: string | undefined;
  geometry?: GeoJsonPolygon | undefined;
}

export async function createUnit(ctx: AppContext, editor: Editor, input: CreateUnitInput): Promise<OrgUnitRow> {
  const name = cleanName(input.name);
  checkParent(input.kind, input.parent);
  const domain = checkDomain(input.kind, input.domain);
  const polygon = input.geometry ? parseBoundary(input.geometry) : undefined;
  if (polygon && input.kind !== 'grid' && input.kind !== 'village') {
    throw new AppError(
      'GEOMETRY_INVALID',
      '只有村（社区）和网格可以设定边界 / Only villages and grids have boundaries',
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, ctx.dialect, input.parent.id);
    if (polygon) {
      const target = { kind: domain, level: input.kind, type: 'region', id: null };
      await checkBoundary(trx, target, input.parent, polygon, new Set());
    }
    const unit = await newUnit(ctx, trx, input.parent, input.kind, name, domain);
    if (polygon) await saveGeometry(trx, unit, polygon);
    await record(ctx, trx, editor, unit.id, 'create', {
      name,
      kind: input.kind,
      domain,
      parentId: input.parent.id,
      boundary: polygon !== undefined,
    });
    return unit;
  });
}

function editableKind(unit: OrgUnitRow): CreatableUnitKind {
  const kind = creatableKindOf(unit);
  if (!kind) {
    throw new AppError(
      'UNIT_NOT_EDITABLE',
      `「${unit.name}」来自区划基础数据，不能在此修改 / ${unit.name} is reference data`,
    );
  }
  return kind;
}

export interface UpdateUnitInput {
  name?: string | undefined;
  /** The new parent, already loaded and checked to lie in the jurisdiction. */
  parent?: OrgUnitRow | undefined;
  closed?: boolean | undefined;
}

export async function updateUnit(
  ctx: AppContext,
  editor: Editor,
  cases: CaseCounter,
  unit: OrgUnitRow,
  input: UpdateUnitInput,
): Promise<OrgUnitRow> {
  const kind = editableKind(unit);
  const name = input.name !== undefined ? cleanName(input.name) : undefined;
  if (unit.closed_at !== null && (name !== undefined || input.parent !== undefined || input.closed === true)) {
    throw new AppError('UNIT_CLOSED', `「${unit.name}」已撤销 / ${unit.name} is closed`);
  }
  if (input.closed === false && unit.closed_at !== null) {
    throw new AppError(
      'UNIT_CLOSED',
      `已撤销的单位不能恢复；请新建单位 / A closed unit is not reopened; create a new one`,
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, ctx.dialect, unit.id);
    if (name !== undefined && name !== unit.name) {
      await renameUnit(trx, unit.id, name);
      await record(ctx, trx, editor, unit.id, 'rename', { from: unit.name, to: name });
    }
    const newParent = input.parent;
    if (newParent !== undefined && newParent.id !== unit.parent_id) {
      checkParent(kind, newParent);
      if (isWithin(newParent.path, unit.path)) {
        throw new AppError('UNIT_PARENT_INVALID', '不能移到自身或其下级单位之下 / A unit cannot move under itself', {
          allowed: PARENT_LEVELS[kind],
        });
      }
      if (unit.type === 'region' && (await cases.countCases(trx, unit, false)) > 0) {
        throw new AppError(
          'UNIT_HAS_CASES',
          `「${unit.name}」已有事件记录，不能移动 / ${unit.name} has cases on record`,
        );
      }
      if (kind === 'centre') {
        const existing = await trx
          .selectFrom('org_unit')
          .select('name')
          .where('parent_id', '=', newParent.id)
          .where('type', '=', 'centre')
          .executeTakeFirst();
        if (existing) {
          throw new AppError(
            'CENTRE_EXISTS',
            `「${newParent.name}」已有综治中心「${existing.name}」 / ${newParent.name} already has a centre`,
          );
        }
      }
      const geometry = await trx
        .selectFrom('org_geometry')
        .select('geojson')
        .where('unit_id', '=', unit.id)
        .executeTakeFirst();
      if (geometry) {
        await checkBoundary(trx, unit, newParent, JSON.parse(geometry.geojson) as MultiPolygon, new Set());
      }
      await moveSubtree(trx, unit, newParent);
      await record(ctx, trx, editor, unit.id, 'move', { from: unit.parent_id, to: newParent.id });
    }
    if (input.closed === true && unit.closed_at === null) {
      const openChildren = await countOpenDescendants(trx, unit);
      if (openChildren > 0) {
        throw new AppError(
          'UNIT_HAS_OPEN_CHILDREN',
          `「${unit.name}」下还有 ${openChildren} 个未撤销的单位，请先撤销或移走 / ${unit.name} has ${openChildren} open units under it`,
          { openChildren },
        );
      }
      const openCases = await cases.countCases(trx, unit, true);
      if (openCases > 0) {
        throw new AppError(
          'UNIT_HAS_OPEN_CASES',
          `「${unit.name}」还有 ${openCases} 件未办结的事件，办结后才能撤销 / ${unit.name} has ${openCases} open cases`,
          { openCases },
        );
      }
      await closeUnit(trx, unit.id, ctx.clock.now().toISOString());
      await record(ctx, trx, editor, unit.id, 'close', {});
    }
    return (await findUnitById(trx, unit.id))!;
  });
}

/** PUT a boundary: grids, villages and townships (a county's outline is reference data). */
export async function setBoundary(
  ctx: AppContext,
  editor: Editor,
  unit: OrgUnitRow,
  geometry: GeoJsonPolygon,
): Promise<MultiPolygon> {
  if (unit.type !== 'region' || !['township', 'village', 'grid'].includes(unit.level)) {
    throw new AppError(
      'GEOMETRY_INVALID',
      '只有乡镇（街道）、村（社区）和网格可以设定边界 / Only townships, villages and grids have boundaries here',
    );
  }
  if (unit.closed_at !== null) throw new AppError('UNIT_CLOSED', `「${unit.name}」已撤销 / ${unit.name} is closed`);
  const polygon = parseBoundary(geometry);
  const parent = unit.parent_id !== null ? await findUnitById(ctx.db, unit.parent_id) : undefined;
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, ctx.dialect, unit.parent_id ?? unit.id);
    if (parent) await checkBoundary(trx, unit, parent, polygon, new Set([unit.id]));
    if (unit.level !== 'grid') await checkHoldsGrids(trx, unit, polygon);
    await saveGeometry(trx, unit, polygon);
    await record(ctx, trx, editor, unit.id, 'geometry', {});
    return polygon;
  });
}

function openGrid(unit: OrgUnitRow): void {
  if (unit.type !== 'region' || unit.level !== 'grid') {
    throw new AppError('GRID_MERGE_INVALID', `「${unit.name}」不是网格 / ${unit.name} is not a grid`);
  }
  if (unit.closed_at !== null) throw new AppError('UNIT_CLOSED', `「${unit.name}」已撤销 / ${unit.name} is closed`);
}

export interface GridPart {
  name: string;
  geometry: GeoJsonPolygon;
}

/** Parts checked against the grids around and against each other (none may overlap another). */
async function checkParts(
  trx: Trx,
  parent: OrgUnitRow,
  kind: string | null,
  parts: { name: string; polygon: MultiPolygon }[],
  replaced: ReadonlySet<number>,
): Promise<void> {
  for (const [i, part] of parts.entries()) {
    await checkBoundary(trx, { kind, level: 'grid', type: 'region', id: null }, parent, part.polygon, replaced);
    for (const other of parts.slice(0, i)) {
      const share = overlapShare(part.polygon, other.polygon);
      if (share > 0.01) throw overlapError({ id: 0, name: other.name }, share);
    }
  }
}

/**
 * Splits a grid: the old grid is closed (its cases keep it, with its name) and two or more new
 * grids of its kind take its place under the same village, each with its boundary.
 */
export async function splitGrid(
  ctx: AppContext,
  editor: Editor,
  grid: OrgUnitRow,
  input: GridPart[],
): Promise<OrgUnitRow[]> {
  openGrid(grid);
  const parent = await findUnitById(ctx.db, grid.parent_id!);
  if (!parent) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  checkParent('grid', parent);
  const parts = input.map((p) => ({ name: cleanName(p.name), polygon: parseBoundary(p.geometry) }));
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, ctx.dialect, parent.id);
    await checkParts(trx, parent, grid.kind, parts, new Set([grid.id]));
    const created: OrgUnitRow[] = [];
    for (const part of parts) {
      const unit = await newUnit(ctx, trx, parent, 'grid', part.name, grid.kind ?? 'basic');
      await saveGeometry(trx, unit, part.polygon);
      await record(ctx, trx, editor, unit.id, 'create', {
        name: part.name,
        kind: 'grid',
        domain: unit.kind,
        parentId: parent.id,
        splitFrom: grid.id,
      });
      created.push(unit);
    }
    await closeUnit(trx, grid.id, ctx.clock.now().toISOString());
    await record(ctx, trx, editor, grid.id, 'split', { into: created.map((u) => u.id) });
    return created;
  });
}

/**
 * Merges open grids of one village into one new grid (their kind must agree): they are closed
 * (their cases keep them) and the new grid takes the boundary given, or else all of theirs.
 */
export async function mergeGrids(
  ctx: AppContext,
  editor: Editor,
  grids: OrgUnitRow[],
  input: { name: string; geometry?: GeoJsonPolygon | undefined },
): Promise<OrgUnitRow> {
  grids.forEach(openGrid);
  const first = grids[0]!;
  if (new Set(grids.map((g) => g.id)).size < 2 || grids.some((g) => g.parent_id !== first.parent_id)) {
    throw new AppError(
      'GRID_MERGE_INVALID',
      '须选择同一村（社区）下的两个或更多网格 / Choose two or more grids of one village',
    );
  }
  if (grids.some((g) => (g.kind ?? 'basic') !== (first.kind ?? 'basic'))) {
    const kinds = [...new Set(grids.map((g) => UNIT_KIND_LABELS[g.kind ?? 'basic']?.zh ?? g.kind))].join('、');
    throw new AppError(
      'GRID_MERGE_INVALID',
      `类别不同的网格不能合并（${kinds}） / Grids of different kinds are not merged`,
    );
  }
  const name = cleanName(input.name);
  const parent = await findUnitById(ctx.db, first.parent_id!);
  if (!parent) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  checkParent('grid', parent);
  const given = input.geometry ? parseBoundary(input.geometry) : undefined;
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, ctx.dialect, parent.id);
    const replaced = new Set(grids.map((g) => g.id));
    let polygon = given;
    if (polygon) {
      await checkBoundary(
        trx,
        { kind: first.kind, level: 'grid', type: 'region', id: null },
        parent,
        polygon,
        replaced,
      );
    } else {
      // Their boundaries together: already checked one by one when they were drawn.
      const rows = await trx
        .selectFrom('org_geometry')
        .select('geojson')
        .where('unit_id', 'in', [...replaced])
        .execute();
      const joined = rows.flatMap((r) => JSON.parse(r.geojson) as MultiPolygon);
      polygon = joined.length > 0 ? joined : undefined;
    }
    const unit = await newUnit(ctx, trx, parent, 'grid', name, first.kind ?? 'basic');
    if (polygon) await saveGeometry(trx, unit, polygon);
    await record(ctx, trx, editor, unit.id, 'create', {
      name,
      kind: 'grid',
      domain: unit.kind,
      parentId: parent.id,
      mergedFrom: [...replaced],
    });
    const at = ctx.clock.now().toISOString();
    for (const grid of grids) {
      await closeUnit(trx, grid.id, at);
      await record(ctx, trx, editor, grid.id, 'merge', { into: unit.id });
    }
    return unit;
  });
}
