// The safety module owns the safety index (平安指数: per region unit and month, from the disputes'
// KPIs, warnings and screenings, weights as data) and the screening ledgers (排查台账) of grids and
// villages: schedules, screenings, findings, a finding turned into a case, overdue warnings.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { safetyRoutes } from './safety.routes.ts';
import { screeningRoutes } from './screening.routes.ts';

export type { SafetyTables } from './safety.table.ts';
export { raiseOverdueScreenings, type OverdueSweep } from './use-cases/raise-overdue-screenings.ts';
export { computeSafetyIndex, loadSettings, type SafetyIndex } from './safety-index.ts';

export function safetyModule(app: Api, ctx: AppContext): void {
  safetyRoutes(app, ctx);
  screeningRoutes(app, ctx);
}
