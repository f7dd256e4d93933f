// Pure: who may add attachments to a case. Everyone who sees it through a membership whose role
// holds `case:attach` (common/powers.ts): a leader or evaluator oversees the case but adds no
// evidence to it.
import { holds } from '../../../common/powers.ts';
import type { Actor } from '../auth/index.ts';
import { canReadCase, type CaseAccessFacts } from './cases.policy.ts';

type Membership = Actor['memberships'][number];

/** The membership through which the actor may attach files to the case (named in the audit). */
export function attachingMembership(actor: Actor, facts: CaseAccessFacts): Membership | undefined {
  return actor.memberships.find(
    (m) => holds(m.role, 'case:attach') && canReadCase({ ...actor, memberships: [m] }, facts),
  );
}
