// The warnings module owns early warnings (issue 17 §2): the rules that raise them from cases as
// they arrive and from a periodic job, the dispatchers' and leaders' inbox of warnings, and the
// thresholds an administrator edits. A top module: it asks auth, org, cases and mediation through
// their index files; the safety module reads it through this file (raiseWarning, countWarningsByLevel).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { onCaseRegistered } from '../cases/index.ts';
import { onAgreementBroken } from '../mediation/index.ts';
import { onBrokenAgreement } from './breach-rule.ts';
import { applyIntakeRules } from './intake-rules.ts';
import { warningsRoutes } from './warnings.routes.ts';

export type { WarningsTables } from './warnings.table.ts';
export {
  raiseWarning,
  WARNING_RAISED_TOPIC,
  type RaiseWarningInput,
  type RaisedWarning,
  type WarningText,
} from './use-cases/raise-warning.ts';
export { WARNING_ASSIGNED_TOPIC } from './use-cases/act-on-warning.ts';
export { countWarningsByLevel } from './warnings.repository.ts';
/** The hourly job (main.ts) and POST /api/v1/warnings/scan: hot spots and broken agreements. */
export { scanWarnings, type ScanResult } from './scan-rules.ts';
export { hotSpotTest, poissonUpperTail } from './hot-spot-test.ts';

export function warningsModule(app: Api, ctx: AppContext): void {
  // Inside intake's transaction: a case's warnings exist when its 201 is sent.
  onCaseRegistered(ctx, (trx, event) => applyIntakeRules(ctx, trx, event));
  // Inside a follow-up's transaction: a broken agreement is warned of at once, not at the next scan.
  onAgreementBroken(ctx, (trx, broken) => onBrokenAgreement(ctx, trx, broken));
  warningsRoutes(app, ctx);
}
