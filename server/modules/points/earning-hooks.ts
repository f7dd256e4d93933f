// The source events this module follows itself, inside the event's own transaction (so the points
// exist when the answer is sent, and an error rolls the event back):
// - verified_report: a resident's own report (reporter_user_id; not an inquiry or a question
//   answered at intake) reaches resolved or closed. A case
//   judged unfounded is cancelled and never gets there; Concord has no separate "false report"
//   verdict yet — when the credit module records one, it should be checked here too.
// - agreement_kept: a follow-up finds a mediation agreement kept; the parties are linked to
//   resident accounts by the blind index of their phone (a party without one earns nothing). Once
//   per agreement and party, however many follow-ups find it kept.
// 'vote' and 'volunteer_hour' are credited by the consultations and community modules; 'good_deed'
// by the recognition board's approval.
import type { AppContext } from '../../context.ts';
import { residentAccountsByPhoneHash } from '../auth/index.ts';
import { onCaseAction } from '../cases/index.ts';
import { onAgreementKept } from '../mediation/index.ts';
import { awardPoints } from './use-cases/award-points.ts';

export function registerEarningHooks(ctx: AppContext): void {
  onCaseAction(ctx, async (trx, event) => {
    if (event.to !== 'resolved' && event.to !== 'closed') return;
    const reporter = event.before.reporter_user_id;
    // A question answered (an inquiry, a direct answer at intake) reports no problem.
    if (reporter === null || event.before.kind === 'inquiry' || 'directAnswer' in event.data) return;
    await awardPoints(ctx, trx, { userId: reporter, rule: 'verified_report', sourceKey: `case:${event.before.id}` });
  });
  onAgreementKept(ctx, async (trx, kept) => {
    for (const userId of await residentAccountsByPhoneHash(trx, kept.partyPhoneHashes)) {
      await awardPoints(ctx, trx, { userId, rule: 'agreement_kept', sourceKey: `agreement:${kept.fileId}` });
    }
  });
}
