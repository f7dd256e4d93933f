// Loading a referral for an actor: it exists only for its referrer and its team (else 404, the
// denial audited without a word of its content); the team's records need a team member (403 for
// the referrer, who sees the referral but does not work it).
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../auth/index.ts';
import { findReferral, type PsychReferralRow } from './psych.repository.ts';
import { canReadReferral, isTeamMember } from './psych.policy.ts';

export async function loadReadableReferral(ctx: AppContext, actor: Actor, id: number): Promise<PsychReferralRow> {
  const row = await findReferral(ctx.db, id);
  if (!row || !canReadReferral(actor, row)) {
    const error = new AppError('NOT_FOUND', '转介记录不存在 / No such referral');
    throw row ? error.denying('psych_referral', id) : error;
  }
  return row;
}

export async function loadTeamReferral(ctx: AppContext, actor: Actor, id: number): Promise<PsychReferralRow> {
  const row = await loadReadableReferral(ctx, actor, id);
  if (!isTeamMember(actor, row)) {
    throw new AppError(
      'FORBIDDEN',
      '只有心理服务队成员可以记录联系、随访和结案 / Only the psychological service team records contact, follow-ups and closing',
    ).denying('psych_referral', id);
  }
  return row;
}
