// Pure access policy: what each role may do (the table in common/powers.ts), and where (its
// jurisdiction). No I/O here.
// Jurisdiction of a membership is the subtree of its "anchor": the unit itself for a region,
// the owning region for a centre, department, court, police station or committee.
import type { Role } from '../../../common/roles.ts';
import { holds, type Power, type Scope } from '../../../common/powers.ts';
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
  /** A person's role, or 'service_account' for the one synthetic membership of an API key. */
  role: Role | typeof SERVICE_ACCOUNT_ROLE;
  anchorPath: string;
  /** A service account's powers (its scopes', common/powers.ts SCOPE_POWERS); a person's come from the role. */
  powers?: readonly Power[];
}

/** The role named in the audit for a service account's synthetic membership. */
export const SERVICE_ACCOUNT_ROLE = 'service_account';

/** The other system behind an API key (issue 15). */
export interface ServiceAccountIdentity {
  id: number;
  name: string;
  scopes: Scope[];
  /** The external system's short code (e.g. `12345-sd`), the `system` of its cases' externalRef. */
  system: string | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  memberships: ActorMembership[];
  /** 0 for a service account: it never has a session. */
  sessionId: number;
  restriction: 'password_change' | 'totp_enrollment' | null;
  /** Set when the request came with an API key (the actor is that key's service account); null for people. */
  serviceAccount: ServiceAccountIdentity | null;
}

/** Does this membership hold `power`? By its role for a person, by its scopes for a service account. */
export function membershipHolds(membership: Pick<ActorMembership, 'role' | 'powers'>, power: Power): boolean {
  if (membership.role === SERVICE_ACCOUNT_ROLE) return membership.powers?.includes(power) ?? false;
  return holds(membership.role, power);
}

/** What the policy is asked about: a power of the roles × powers table (common/powers.ts). */
export type Action = Power;

/** Actions that do not depend on where the resource is. */
const UNSCOPED: ReadonlySet<Action> = new Set(['unit:locate', 'unit:base_map']);

export function rolesAllow(actor: Actor, action: Action): boolean {
  return actor.memberships.some((m) => membershipHolds(m, action));
}

/** The subtree roots under which `action` is allowed, with nested roots removed. */
export function jurisdictionPaths(actor: Actor, action: Action): string[] {
  const paths = actor.memberships
    .filter((m) => membershipHolds(m, action))
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
  if (action) return actor.memberships.find((m) => membershipHolds(m, action));
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
