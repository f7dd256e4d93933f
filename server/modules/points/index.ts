// The points module owns points and the civilisation bank (积分制, 文明银行, issue 19 §3) — earning rules,
// balances, the append-only ledger, the villages' rewards and redemptions — and the recognition board (§5).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { registerEarningHooks } from './earning-hooks.ts';
import { pointsRoutes } from './points.routes.ts';
import { recognitionRoutes } from './recognition.routes.ts';

export type { PointsTables } from './points.table.ts';
/** What other modules call inside their own transaction when a source event earns points. */
export { awardPoints, type AwardInput } from './use-cases/award-points.ts';
export type { PointRuleCode } from '../../../common/points.ts';
export { publishedRecognitions, type PublishedRecognition } from './published-recognitions.ts';
export { PublicRecognitionsOut, PublicRecognitionsQuery } from './points.schemas.ts';
export { seedDemoPoints } from './demo-points.ts';

export function pointsModule(app: Api, ctx: AppContext): void {
  registerEarningHooks(ctx);
  pointsRoutes(app, ctx);
  recognitionRoutes(app, ctx);
}
