// The workforce module owns 队伍建设 (issue 18 §2): staff records, trainings with certificates,
// evaluations and each person's monthly figures (from the cases module's KPI rules), and 网格力量
// (§10): the cadres, party members and deputies attached to grids.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { cadreRoutes } from './cadres.routes.ts';
import { workforceRoutes } from './workforce.routes.ts';
import { gridAtWorkRoutes } from './grid-at-work.routes.ts';

export type { WorkforceTables } from './workforce.table.ts';
export { cadreBriefs, cadreContact, cadreOfGrid } from './grid-at-work.ts';

export function workforceModule(app: Api, ctx: AppContext): void {
  workforceRoutes(app, ctx);
  cadreRoutes(app, ctx);
  gridAtWorkRoutes(app, ctx);
}
