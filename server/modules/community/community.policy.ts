// Who reaches a community record. Staff reach what overlaps their area (a township's project or
// notice concerns the grid worker of a grid inside it; a body of a grid inside a township concerns
// the township). A resident reaches what covers where they live (their home unit's ancestors); a
// resident acting for a body reaches, besides, what overlaps the body's area. Outside, a record does
// not exist for the actor (404). Writes by staff need the record inside their area.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { can, jurisdictionPaths, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';
import type { MemberRole } from '../../../common/community.ts';
import type { AreaFilter, BodyRow } from './community.repository.ts';
import { bodiesByIds, membershipsOf } from './community.repository.ts';

/** The homes of a resident actor: the units of its resident memberships. */
export function residentHomes(actor: Actor): string[] {
  return actor.memberships.filter((m) => m.role === 'resident').map((m) => m.anchorPath);
}

/** The staff area of the actor for `power`: its non-resident memberships holding it. */
function staffRoots(actor: Actor, power: Power): string[] {
  const staff: Actor = { ...actor, memberships: actor.memberships.filter((m) => m.role !== 'resident') };
  return jurisdictionPaths(staff, power);
}

/** Where `power` lets the actor read: its staff area (overlapping), and what covers its homes. */
export function readArea(actor: Actor, power: Power): AreaFilter {
  const roots = staffRoots(actor, power);
  const homes = actor.memberships.some((m) => m.role === 'resident' && can({ ...actor, memberships: [m] }, power))
    ? residentHomes(actor)
    : [];
  return { within: roots, covering: [...roots, ...homes] };
}

/** Whether a record at `unitPath` is in the actor's read area for `power`. */
export function reaches(actor: Actor, power: Power, unitPath: string): boolean {
  if (!can(actor, power)) return false;
  const area = readArea(actor, power);
  return (
    (area.within ?? []).some((root) => isWithin(unitPath, root)) ||
    (area.covering ?? []).some((path) => isWithin(path, unitPath))
  );
}

/** Does the actor live (as a resident) inside the area at `unitPath`? */
export function livesIn(actor: Actor, unitPath: string): boolean {
  return residentHomes(actor).some((home) => isWithin(home, unitPath));
}

export function notFound(what: string, type: string, id: number, exists: boolean): AppError {
  const error = new AppError('NOT_FOUND', `${what}不存在 / Not found`);
  return exists ? error.denying(type, id) : error;
}

/** The bodies the actor acts for (resident accounts linked to them), with its role in each. */
export type ActingBody = BodyRow & { memberRole: MemberRole };

export async function actingBodies(ctx: AppContext, actor: Actor): Promise<ActingBody[]> {
  if (!actor.memberships.some((m) => m.role === 'resident')) return [];
  const links = await membershipsOf(ctx.db, actor.userId);
  const bodies = await bodiesByIds(
    ctx.db,
    links.map((l) => l.bodyId),
  );
  return bodies.filter((b) => b.active).map((b) => ({ ...b, memberRole: links.find((l) => l.bodyId === b.id)!.role }));
}

/** Whether two areas overlap (either inside the other). */
export function overlap(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}
