// The community module owns community bodies and the accounts acting for them, service projects,
// the volunteer roster and notices (issue 19 §6–§7, ADR 0035).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { bodyRoutes } from './bodies.routes.ts';
import { noticeRoutes } from './notices.routes.ts';
import { projectRoutes } from './projects.routes.ts';
import { volunteerRoutes } from './volunteers.routes.ts';

export type { CommunityTables } from './community.table.ts';

export function communityModule(app: Api, ctx: AppContext): void {
  bodyRoutes(app, ctx);
  projectRoutes(app, ctx);
  volunteerRoutes(app, ctx);
  noticeRoutes(app, ctx);
}
