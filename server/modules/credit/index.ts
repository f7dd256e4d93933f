// The credit module owns credit records (信用记录, issue 19 §4, ADR 0034): the reward and penalty
// rules as data, records of persons and enterprises linked to their source, objections and
// corrections (every version kept), and the export for the city's credit platform. A TOP module: it
// follows mediation through its hooks and reads people, org, cases and mediation through their index.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { onAgreementBroken, onAgreementKept } from '../mediation/index.ts';
import { creditForBrokenAgreement, creditForKeptAgreement } from './agreement-follow-up.ts';
import { creditRoutes } from './credit.routes.ts';

export type { CreditTables } from './credit.table.ts';
/** For the demo data and other modules' hooks: one record of a source, in the caller's transaction. */
export { recordCredit, type NewCreditRecord } from './use-cases/record-credit.ts';
export { ruleForSource } from './credit.repository.ts';

export function creditModule(app: Api, ctx: AppContext): void {
  // Inside the follow-up's transaction: the party in breach has its 失信 record when the answer is sent.
  onAgreementBroken(ctx, (trx, broken) => creditForBrokenAgreement(ctx, trx, broken));
  // …and an agreement kept at follow-up gives its parties a 守信 record (the 'agreement_kept' rule).
  onAgreementKept(ctx, (trx, kept) => creditForKeptAgreement(ctx, trx, kept));
  creditRoutes(app, ctx);
}
