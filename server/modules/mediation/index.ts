// The mediation module owns what happens after a dispute reaches a mediation committee (人民调解法):
// the mediation file, sessions, the agreement and its document, follow-ups, hand-offs with courts,
// police and petition offices, public hearings and the mediators' figures. It sits above cases
// and follows case actions through their hooks.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { mediationRoutes } from './mediation.routes.ts';
import { fileCommandRoutes } from './file-commands.routes.ts';
import { agreementDocumentRoutes } from './agreement-document.routes.ts';
import { handOffRoutes } from './hand-offs.routes.ts';
import { followCaseActions } from './use-cases/follow-case-actions.ts';

export type { MediationTables } from './mediation.table.ts';
/** Registers a committee's file for a dispute it handles (the demo data seeds them this way). */
export { registerFile } from './use-cases/follow-case-actions.ts';
export { referralCaseIds } from './referrals.repository.ts';
/** Files by id: number, committee, case (a screening finding's file). */
export { findFileBriefs, type MediationFileBrief } from './file-briefs.ts';
/** A party's phone for the SMS channel (hearing and session notices). */
export { partyContact } from './party-contact.ts';
/** Follow-ups that found an agreement broken (the warnings module's agreement_breach rule). */
export { brokenAgreementsSince, type BrokenAgreement } from './broken-agreements.ts';
/** The same, inside the follow-up's own transaction (the warning raised at once). */
export {
  onAgreementBroken,
  onAgreementKept,
  type BrokenAgreementHook,
  type KeptAgreement,
  type KeptAgreementHook,
} from './follow-up-hooks.ts';
/** A file's parties as registry keys (blind index, credit code), for credit records (issue 19 §4). */
export { creditPartiesOfFile, fileForCredit, type CreditParty } from './credit-parties.ts';
/** A hearing another module cites (a stability assessment's public opinion), if the actor may read it. */
export { findReadableHearing, type HearingSummary } from './hearing-link.ts';

export function mediationModule(app: Api, ctx: AppContext): void {
  followCaseActions(ctx);
  mediationRoutes(app, ctx);
  fileCommandRoutes(app, ctx);
  agreementDocumentRoutes(app, ctx);
  handOffRoutes(app, ctx);
}
/** Parties' names and addresses per case, for scrubbing published text (issue 16). */
export { partyNamesOfCases } from './party-names.ts';
