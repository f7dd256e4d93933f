// Pure: who may add attachments to a case, which stage an upload gets, and which attachments an
// actor may see. Adding takes a membership whose role holds `case:attach` (common/powers.ts) and
// sees the case: a leader or evaluator oversees the case but adds no evidence to it.
import type { AttachmentStage } from '../../../common/attachments.ts';
import { membershipHolds, type Actor } from '../auth/index.ts';
import { canReadCase, membershipWith, type CaseAccessFacts } from './cases.policy.ts';

type Membership = Actor['memberships'][number];

/** The membership through which the actor may attach files to the case (named in the audit). */
export function attachingMembership(actor: Actor, facts: CaseAccessFacts): Membership | undefined {
  return membershipWith(actor, 'case:attach', facts);
}

/**
 * What a reporter who sees the case only as its reporter (a resident) may see: what was reported
 * (their own uploads, the intake's photos) and the result they are asked to rate. Photos staff take
 * before or while handling it, and documents filed as `other`, are the staff's working papers.
 */
const SHOWN_TO_REPORTER: readonly AttachmentStage[] = ['report', 'after', 'result'];

/** Does the actor see the case as staff (its area, its unit's assignment), not only as its reporter? */
export function seesCaseAsStaff(actor: Actor, facts: CaseAccessFacts): boolean {
  return canReadCase(
    { ...actor, memberships: actor.memberships.filter((m) => !membershipHolds(m, 'case:own_reports')) },
    facts,
  );
}

/** The stages of a case's attachments this actor may list and download (the actor sees the case). */
export function visibleStages(actor: Actor, facts: CaseAccessFacts): readonly AttachmentStage[] | 'all' {
  return seesCaseAsStaff(actor, facts) ? 'all' : SHOWN_TO_REPORTER;
}

export function mayViewAttachment(
  actor: Actor,
  facts: CaseAccessFacts,
  attachment: { stage: AttachmentStage },
): boolean {
  const stages = visibleStages(actor, facts);
  return stages === 'all' || stages.includes(attachment.stage);
}

export type StageChoice = { stage: AttachmentStage } | { refused: string };

/**
 * The stage of a new upload. A reporter's upload is always what was reported (`report`); staff
 * choose, and without a choice the case's creator adding photos while it awaits triage (intake:
 * the operator on the phone, the grid worker reporting a problem) files `report`, anyone else `other`.
 */
export function stageOfUpload(
  membership: Membership,
  requested: AttachmentStage | undefined,
  context: { createdByActor: boolean; status: string },
): StageChoice {
  if (membershipHolds(membership, 'case:own_reports')) {
    return requested === undefined || requested === 'report'
      ? { stage: 'report' }
      : { refused: '群众只能上传反映材料 / A reporter uploads what they report (stage report)' };
  }
  if (requested !== undefined) return { stage: requested };
  return { stage: context.createdByActor && context.status === 'registered' ? 'report' : 'other' };
}
