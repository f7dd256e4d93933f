// Pure: who may read and who may work a mediation file, a hand-off or a hearing. Mediation is
// confidential (人民调解法 Art. 15): region roles over the area read files, the committee's own
// members work them, and a court or police station sees the files of hand-offs it is part of.
import type { Role } from '../../../common/roles.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import type { Actor } from '../auth/index.ts';

/** Roles that read every mediation file located in their jurisdiction. */
const OVERSIGHT_ROLES: readonly Role[] = ['admin', 'leader', 'dispatcher', 'evaluator'];

export interface FileFacts {
  regionPath: string;
  committeeId: number;
  /** Units on either end of a hand-off of this case. */
  linkedUnitIds: number[];
}

export function oversees(actor: Actor, regionPath: string): boolean {
  return actor.memberships.some((m) => OVERSIGHT_ROLES.includes(m.role) && isWithin(regionPath, m.anchorPath));
}

export function memberOf(actor: Actor, unitIds: number[], roles?: readonly Role[]): boolean {
  return actor.memberships.some((m) => unitIds.includes(m.unitId) && (!roles || roles.includes(m.role)));
}

export function mayReadFile(actor: Actor, facts: FileFacts): boolean {
  return (
    oversees(actor, facts.regionPath) ||
    memberOf(actor, [facts.committeeId]) ||
    memberOf(actor, facts.linkedUnitIds, ['department', 'mediator'])
  );
}

/** Only the committee's mediators record parties, sessions, agreements and outcomes. */
export function mayWorkFile(actor: Actor, facts: FileFacts): boolean {
  return memberOf(actor, [facts.committeeId], ['mediator']);
}

/** The list scope: committees the actor mediates in, and the areas it oversees. */
export function fileScope(actor: Actor): { committeeIds: number[]; regionPaths: string[] } {
  return {
    committeeIds: actor.memberships.filter((m) => m.role === 'mediator').map((m) => m.unitId),
    regionPaths: actor.memberships.filter((m) => OVERSIGHT_ROLES.includes(m.role)).map((m) => m.anchorPath),
  };
}
