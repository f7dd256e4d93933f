// The hourly scan (main.ts, beside the warnings scan): an urgent referral not contacted within 24 h
// is told to its team — once. The warnings module scopes a warning by jurisdiction (every leader,
// dispatcher and grid worker over the county would read it), so this one goes to the team's inbox
// instead (ADR 0027): the notice names no person and no reason, and the referral itself carries
// `overdue_warned_at`, which the team's list shows as 超时未联系. Marking and enqueueing share one
// transaction with a conditional update, so repeated or concurrent scans warn exactly once.
import type { AppContext } from '../../context.ts';
import { enqueue } from '../../platform/outbox/outbox.ts';
import { PSYCH_URGENT_CONTACT_HOURS } from '../../../common/psych.ts';
import { markOverdueWarned, overdueUrgentReferrals } from './psych.repository.ts';

export const PSYCH_OVERDUE_TOPIC = 'psych.overdue';

/** Warns the teams of urgent referrals uncontacted for 24 h; returns how many were warned now. */
export async function scanOverdueReferrals(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - PSYCH_URGENT_CONTACT_HOURS * 3600_000).toISOString();
  let warned = 0;
  for (const referral of await overdueUrgentReferrals(ctx.db, cutoff)) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      if (!(await markOverdueWarned(trx, referral.id, now.toISOString()))) return false;
      await enqueue(
        trx,
        [
          {
            topic: PSYCH_OVERDUE_TOPIC,
            recipientType: 'unit',
            recipient: referral.team_unit_id,
            subjectType: 'psych_referral',
            subjectId: referral.id,
            payload: { referralId: referral.id },
          },
        ],
        now,
      );
      await ctx.audit.append(
        trx,
        {
          actor: null,
          action: 'psych_referral.overdue_warning',
          subjectType: 'psych_referral',
          subjectId: referral.id,
          outcome: 'success',
          clientIp: null,
          details: { teamUnitId: referral.team_unit_id, hours: PSYCH_URGENT_CONTACT_HOURS },
        },
        now,
      );
      return true;
    });
    if (done) warned++;
  }
  return warned;
}
