// Pure: who sees a referral and who works it. A referral exists for two kinds of people only: the
// one who made it (while they still hold psych:refer) and the members of the team it was sent to
// (psych:handle in that very unit). Jurisdiction plays no part: a leader or administrator over the
// county, another dispatcher of the same centre or an evaluator does not see it (ADR 0027).
import { membershipHolds, rolesAllow, type Actor } from '../auth/index.ts';
import type { PsychStatus } from '../../../common/psych.ts';

export interface ReferralFacts {
  team_unit_id: number;
  referrer_user_id: number;
  status: PsychStatus;
}

export function isReferrer(actor: Actor, referral: ReferralFacts): boolean {
  return actor.userId === referral.referrer_user_id && rolesAllow(actor, 'psych:refer');
}

export function isTeamMember(actor: Actor, referral: Pick<ReferralFacts, 'team_unit_id'>): boolean {
  return actor.memberships.some((m) => m.unitId === referral.team_unit_id && membershipHolds(m, 'psych:handle'));
}

export function canReadReferral(actor: Actor, referral: ReferralFacts): boolean {
  return isTeamMember(actor, referral) || isReferrer(actor, referral);
}

/** The team units whose referrals the actor works (its psych:handle memberships). */
export function teamUnitIdsOf(actor: Actor): number[] {
  return actor.memberships.filter((m) => membershipHolds(m, 'psych:handle')).map((m) => m.unitId);
}

export interface ReferralAbilities {
  /** Record contact, follow-ups, close: a team member while the referral is open. */
  work: boolean;
  /** See the phone in clear (audited): a team member. */
  revealPhone: boolean;
  /** The team's assessment and notes: the team only; the referrer sees where the referral stands. */
  readCaseNotes: boolean;
}

export function referralAbilities(actor: Actor, referral: ReferralFacts): ReferralAbilities {
  const team = isTeamMember(actor, referral);
  return { work: team && referral.status !== 'closed', revealPhone: team, readCaseNotes: team };
}
