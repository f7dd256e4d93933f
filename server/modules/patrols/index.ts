// The patrols module owns the grid worker's day: patrols with their GPS track and visits (a visit's
// finding becomes a case through intake), and the standard grid tasks a township assigns.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { patrolRoutes } from './patrols.routes.ts';
import { gridTaskRoutes } from './grid-tasks.routes.ts';
import { patrolPhotoRoutes } from './patrol-photos.routes.ts';

export type { PatrolTables } from './patrols.table.ts';

export function patrolsModule(app: Api, ctx: AppContext): void {
  patrolRoutes(app, ctx);
  gridTaskRoutes(app, ctx);
  patrolPhotoRoutes(app, ctx);
}
