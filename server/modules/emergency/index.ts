// The emergency module owns emergency mode (issue 18 §6, ADR 0029): emergencies and drills declared
// over an area, their door-to-door lists drawn from the base data, the board and the report.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { emergencyRoutes } from './emergency.routes.ts';

export type { EmergencyTables } from './emergency.table.ts';

export function emergencyModule(app: Api, ctx: AppContext): void {
  emergencyRoutes(app, ctx);
}
