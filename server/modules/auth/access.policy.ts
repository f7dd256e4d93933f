// Pure access policy: what each role may do, and where (its jurisdiction). No I/O here.
// Jurisdiction of a membership is the subtree of its "anchor": the unit itself for a region,
// the owning region for a centre, department, court, police station or committee.
import { ROLES, type Role } from '../../../common/roles.ts';
import { isWithin } from '../../platform/db/subtree.ts';

export interface ActorMembership {
  id: number;
  unitId: number;
  unitName: string;
  unitCode: string;
  unitType: string;
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

export type Action =
  | 'unit:read'
  | 'unit:locate'
  | 'user:read'
  | 'user:manage'
  | 'person:read'
  | 'person:create'
  | 'person:reveal_phone'
  | 'person:reveal_id_number'
  | 'audit:read'
  | 'calendar:read'
  | 'calendar:manage'
  | 'category:read'
  | 'category:manage'
  | 'case:create'
  | 'case:read'
  | 'stats:read'
  | 'notification:manage'
  | 'referral:create'
  | 'referral:read'
  | 'mediation:read'
  | 'mediation:manage'
  | 'hearing:read'
  | 'hearing:manage';

const STAFF: readonly Role[] = ROLES.filter((role) => role !== 'resident');

/** Which roles may perform each action (inside their jurisdiction). */
export const PERMISSIONS: Record<Action, readonly Role[]> = {
  'unit:read': STAFF,
  // Locating a point is how anyone, residents included, finds the grid for a report.
  'unit:locate': [...STAFF, 'resident'],
  'user:read': ['admin'],
  'user:manage': ['admin'],
  'person:read': ['admin', 'leader', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator'],
  'person:create': ['admin', 'dispatcher', 'operator', 'grid_worker', 'mediator'],
  // Clear values only for roles that must call or identify the person.
  'person:reveal_phone': ['dispatcher', 'operator', 'department', 'grid_worker', 'mediator'],
  'person:reveal_id_number': ['operator', 'mediator'],
  'audit:read': ['admin'],
  'calendar:read': ROLES,
  'calendar:manage': ['admin'],
  'category:read': ROLES,
  'category:manage': ['admin'],
  'case:create': ['admin', 'dispatcher', 'operator', 'grid_worker', 'resident'],
  // Region roles see cases located in their jurisdiction; handlers (department, mediator) see
  // the cases assigned to their unit; a resident sees the cases they reported (cases.policy.ts).
  'case:read': ROLES,
  // Dashboard figures over the cases in the jurisdiction; handlers and residents have their lists.
  'stats:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'notification:manage': ['admin'],
  // Courts, police stations and petition offices are units whose members hold the department
  // role; the use case checks the sending unit's type (mediation module).
  'referral:create': ['department'],
  'referral:read': ['admin', 'leader', 'dispatcher', 'department', 'mediator', 'evaluator'],
  // Mediation files: the committee's mediators work them; region roles over their area read them.
  // A court or police station (department role) reads the files of disputes it referred or received.
  'mediation:read': ['admin', 'leader', 'dispatcher', 'mediator', 'evaluator', 'department'],
  'mediation:manage': ['mediator'],
  // 公开听证: a centre's dispatcher or a leader convenes; the lead mediator may too.
  'hearing:read': ['admin', 'leader', 'dispatcher', 'operator', 'department', 'mediator', 'evaluator'],
  'hearing:manage': ['dispatcher', 'leader', 'mediator'],
};

/** Actions that do not depend on where the resource is. */
const UNSCOPED: ReadonlySet<Action> = new Set(['unit:locate']);

export function rolesAllow(actor: Actor, action: Action): boolean {
  return actor.memberships.some((m) => PERMISSIONS[action].includes(m.role));
}

/** The subtree roots under which `action` is allowed, with nested roots removed. */
export function jurisdictionPaths(actor: Actor, action: Action): string[] {
  const paths = actor.memberships
    .filter((m) => PERMISSIONS[action].includes(m.role))
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
  if (action) return actor.memberships.find((m) => PERMISSIONS[action].includes(m.role));
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
