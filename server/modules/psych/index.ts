// The psych module owns psychological referrals (心理服务转介, issue 18 §7): a person at risk referred
// to the county's psychological service team, seen only by the referrer and the team (ADR 0027).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { psychRoutes } from './psych.routes.ts';

export type { PsychTables } from './psych.table.ts';
/** The hourly job (main.ts): urgent referrals not contacted within 24 h are told to their team. */
export { scanOverdueReferrals, PSYCH_OVERDUE_TOPIC } from './overdue-scan.ts';
export { PSYCH_REFERRED_TOPIC } from './use-cases/refer-person.ts';

export function psychModule(app: Api, ctx: AppContext): void {
  psychRoutes(app, ctx);
}
