// Pure access policy: what each role may do (the table in common/powers.ts), and where (its
// jurisdiction). No I/O here.
// Jurisdiction of a membership is the subtree of its "anchor": the unit itself for a region,
// the owning region for a centre, department, court, police station or committee.
import type { Role } from '../../../common/roles.ts';
import { holds, type Power } from '../../../common/powers.ts';
import { isWithin } from '../../platform/db/subtree.ts';

export interface ActorMembership {
  id: number;
  unitId: number;
  unitName: string;
  unitCode: string;
  unitType: string;
  /** The region level of the unit (a centre, department or committee carries its region's). */
  unitLevel: string;
  unitPath: string;
  role: Role;
  anchorPath: string;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  memberships: ActorMembership[];
  sessionId: number;
  restriction: 'password_change' | 'totp_enrollment' | null;
}

/** What the policy is asked about: a power of the roles × powers table (common/powers.ts). */
export type Action = Power;

/** Actions that do not depend on where the resource is. */
const UNSCOPED: ReadonlySet<Action> = new Set(['unit:locate', 'unit:base_map']);

export function rolesAllow(actor: Actor, action: Action): boolean {
  return actor.memberships.some((m) => holds(m.role, action));
}

/** The subtree roots under which `action` is allowed, with nested roots removed. */
export function jurisdictionPaths(actor: Actor, action: Action): string[] {
  const paths = actor.memberships
    .filter((m) => holds(m.role, action))
    .map((m) => m.anchorPath)
    .sort();
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => isWithin(p, q)));
}

/**
 * May `actor` perform `action` on a resource located at `resourcePaths` (a unit's path, or the
 * paths of a user's memberships)? Without a location, only the role is checked.
 */
export function can(actor: Actor, action: Action, resourcePaths?: string[]): boolean {
  if (!rolesAllow(actor, action)) return false;
  if (UNSCOPED.has(action) || resourcePaths === undefined) return true;
  const roots = jurisdictionPaths(actor, action);
  return resourcePaths.some((p) => roots.some((root) => isWithin(p, root)));
}

/** The membership to name in audit records for this action. */
export function actingMembership(actor: Actor, action?: Action): ActorMembership | undefined {
  if (action) return actor.memberships.find((m) => holds(m.role, action));
  return actor.memberships[0];
}

export function anchorPathOf(unit: { path: string; type: string }): string {
  if (unit.type === 'region') return unit.path;
  const parent = unit.path.slice(0, unit.path.slice(0, -1).lastIndexOf('/') + 1);
  return parent === '' ? unit.path : parent;
}

/** Province-wide settings (calendar, categories, the notification queue) are for an actor whose
 * jurisdiction for `action` is the whole tree, not one county's. */
export function coversWholeTree(actor: Actor, action: Action): boolean {
  return jurisdictionPaths(actor, action).some((p) => p.split('/').filter(Boolean).length === 1);
}
