// How an emergency is shown to an actor: the banner fields (nothing personal), the board (figures
// per township and grid over the part of the area inside the actor's own), and the items — a key
// person's name and groups only to a reader who may see one of its groups (the base data's
// key-group powers), otherwise "重点人员走访" with the name masked.
import type { AppContext } from '../../context.ts';
import { can, userNames, type Actor } from '../auth/index.ts';
import { findUnitsByIds, unitNames } from '../org/index.ts';
import { visibleKeyGroups } from '../people/index.ts';
import type { VisitResult } from '../../../common/emergency.ts';
import {
  listItems,
  progressCounts,
  type EmergencyItemRow,
  type EmergencyRow,
  type ProgressCount,
} from './emergency.repository.ts';
import { itemScope, overlaps } from './emergency.policy.ts';

export interface Counts {
  total: number;
  visited: number;
  reached: number;
  notReached: number;
  needs: number;
  pending: number;
}

const zero = (): Counts => ({ total: 0, visited: 0, reached: 0, notReached: 0, needs: 0, pending: 0 });

function add(c: Counts, result: VisitResult | null, n: number): void {
  c.total += n;
  if (result === null) c.pending += n;
  else {
    c.visited += n;
    if (result === 'reached') c.reached += n;
    else if (result === 'not_reached') c.notReached += n;
    else c.needs += n;
  }
}

/** "王建国" → "王**": a key person's name for a reader who may not see the group. */
export const maskName = (name: string) => [...name][0] + '*'.repeat(Math.max(1, [...name].length - 1));

export function presentEmergency(actor: Actor, e: EmergencyRow, unitName: string) {
  return {
    id: e.id,
    unitId: e.unitId,
    unitName,
    kind: e.kind,
    level: e.level,
    drill: e.drill,
    instructions: e.instructions,
    status: e.status,
    declaredAt: e.declaredAt,
    stoodDownAt: e.stoodDownAt,
    abilities: {
      board: overlaps(actor, 'emergency:read', e.unitPath),
      standDown: e.status === 'active' && can(actor, 'emergency:declare', [e.unitPath]),
      mark: e.status === 'active' && overlaps(actor, 'emergency:mark', e.unitPath),
    },
  };
}

export async function presentItems(ctx: AppContext, actor: Actor, e: EmergencyRow, items: EmergencyItemRow[]) {
  const [grids, users] = await Promise.all([
    unitNames(
      ctx.db,
      items.map((i) => i.gridId),
    ),
    userNames(
      ctx.db,
      items.map((i) => i.visitedBy),
    ),
  ]);
  return items.map((i) => {
    const visible = i.subject === 'key_person' ? visibleKeyGroups(actor, i.gridPath) : [];
    const shown = i.keyGroups.filter((g) => (visible as string[]).includes(g));
    const entitled = i.subject === 'household' || shown.length > 0;
    return {
      id: i.id,
      subject: i.subject,
      label: entitled ? i.label : `重点人员走访（${maskName(i.label)}）`,
      ...(i.subject === 'key_person' && shown.length > 0 ? { keyGroups: shown } : {}),
      gridId: i.gridId,
      gridName: grids.get(i.gridId) ?? '',
      result: i.result,
      note: i.note,
      visitedAt: i.visitedAt,
      visitedByName: i.visitedBy !== null ? (users.get(i.visitedBy) ?? null) : null,
      version: i.version,
      abilities: { mark: e.status === 'active' && can(actor, 'emergency:mark', [i.gridPath]) },
    };
  });
}

export interface Board {
  progress: Counts;
  townships: ({ unitId: number | null; unitName: string } & Counts)[];
  grids: ({ unitId: number; unitName: string; townshipId: number | null; townshipName: string } & Counts)[];
}

export async function boardOf(ctx: AppContext, counts: ProgressCount[]): Promise<Board> {
  const progress = zero();
  const townships = new Map<number | null, Counts>();
  const grids = new Map<number, Counts & { townshipId: number | null }>();
  for (const c of counts) {
    add(progress, c.result, c.count);
    if (!townships.has(c.townshipId)) townships.set(c.townshipId, zero());
    add(townships.get(c.townshipId)!, c.result, c.count);
    if (!grids.has(c.gridId)) grids.set(c.gridId, { ...zero(), townshipId: c.townshipId });
    add(grids.get(c.gridId)!, c.result, c.count);
  }
  const units = new Map(
    (
      await findUnitsByIds(ctx.db, [
        ...grids.keys(),
        ...[...townships.keys()].filter((id): id is number => id !== null),
      ])
    ).map((u) => [u.id, u]),
  );
  const name = (id: number | null) => (id === null ? '—' : (units.get(id)?.name ?? ''));
  const path = (id: number | null) => (id === null ? '' : (units.get(id)?.path ?? ''));
  return {
    progress,
    townships: [...townships.entries()]
      .sort((a, b) => path(a[0]).localeCompare(path(b[0])))
      .map(([unitId, c]) => ({ unitId, unitName: name(unitId), ...c })),
    grids: [...grids.entries()]
      .sort((a, b) => path(a[0]).localeCompare(path(b[0])))
      .map(([unitId, c]) => ({
        unitId,
        unitName: name(unitId),
        townshipName: name(c.townshipId),
        ...c,
      })),
  };
}

/** The board of an emergency as the actor sees it: figures, and the lists of not reached and needs. */
export async function presentDetail(ctx: AppContext, actor: Actor, e: EmergencyRow) {
  const scope = itemScope(actor, 'emergency:read', e);
  const [board, notReached, needs, units, declarer] = await Promise.all([
    progressCounts(ctx.db, e.id, scope).then((c) => boardOf(ctx, c)),
    listItems(ctx.db, e.id, { scopePaths: scope, results: ['not_reached'], limit: 200 }),
    listItems(ctx.db, e.id, { scopePaths: scope, results: ['need'], limit: 200 }),
    unitNames(ctx.db, [e.unitId]),
    userNames(ctx.db, [e.declaredBy]),
  ]);
  return {
    ...presentEmergency(actor, e, units.get(e.unitId) ?? ''),
    summary: e.summary,
    declaredByName: declarer.get(e.declaredBy) ?? '',
    ...board,
    notReached: await presentItems(ctx, actor, e, notReached),
    needs: await presentItems(ctx, actor, e, needs),
  };
}
