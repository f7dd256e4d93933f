// Pure: who may add attachments to a case. Everyone who sees it, except through the read-only
// roles: a leader or evaluator oversees the case but adds no evidence to it.
import type { Role } from '../../../common/roles.ts';
import type { Actor } from '../auth/index.ts';
import { canReadCase, type CaseAccessFacts } from './cases.policy.ts';

export const READ_ONLY_ROLES: readonly Role[] = ['leader', 'evaluator'];

type Membership = Actor['memberships'][number];

/** The membership through which the actor may attach files to the case (named in the audit). */
export function attachingMembership(actor: Actor, facts: CaseAccessFacts): Membership | undefined {
  return actor.memberships.find(
    (m) => !READ_ONLY_ROLES.includes(m.role) && canReadCase({ ...actor, memberships: [m] }, facts),
  );
}
