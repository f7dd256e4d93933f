// Pure: who may read and who may work a mediation file, a hand-off or a hearing. Mediation is
// confidential (人民调解法 Art. 15): region roles over the area read files, the committee's own
// members work them, and a court or police station sees the files of hand-offs it is part of.
// Which roles do each is the table's (common/powers.ts): `mediation:oversee`, `mediation:manage`,
// `referral:handle`.
import type { Role } from '../../../common/roles.ts';
import { rolesWith } from '../../../common/powers.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { membershipHolds, type Actor } from '../auth/index.ts';

export interface FileFacts {
  regionPath: string;
  committeeId: number;
  /** Units on either end of a hand-off of this case. */
  linkedUnitIds: number[];
}

export function oversees(actor: Actor, regionPath: string): boolean {
  return actor.memberships.some((m) => membershipHolds(m, 'mediation:oversee') && isWithin(regionPath, m.anchorPath));
}

export function memberOf(actor: Actor, unitIds: number[], roles?: readonly Role[]): boolean {
  return actor.memberships.some(
    (m) => unitIds.includes(m.unitId) && (!roles || (m.role !== 'service_account' && roles.includes(m.role))),
  );
}

export function mayReadFile(actor: Actor, facts: FileFacts): boolean {
  return (
    oversees(actor, facts.regionPath) ||
    memberOf(actor, [facts.committeeId]) ||
    memberOf(actor, facts.linkedUnitIds, rolesWith('referral:handle'))
  );
}

/** Only the committee's mediators record parties, sessions, agreements and outcomes. */
export function mayWorkFile(actor: Actor, facts: FileFacts): boolean {
  return memberOf(actor, [facts.committeeId], rolesWith('mediation:manage'));
}

/** The list scope: committees the actor mediates in, and the areas it oversees. */
export function fileScope(actor: Actor): { committeeIds: number[]; regionPaths: string[] } {
  return {
    committeeIds: actor.memberships.filter((m) => membershipHolds(m, 'mediation:manage')).map((m) => m.unitId),
    regionPaths: actor.memberships.filter((m) => membershipHolds(m, 'mediation:oversee')).map((m) => m.anchorPath),
  };
}
