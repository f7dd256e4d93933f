// The consultations module owns 议事协商 (issue 19 §1, ADR 0037): topics at four levels with
// supporters, discussion and moderation, secret votes, decisions with their public follow-up,
// escalation level by level up to a CPPCC proposal lead; and the verification of a resident's home.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { consultationRoutes } from './consultations.routes.ts';

export type { ConsultationTables } from './consultations.table.ts';

export function consultationsModule(app: Api, ctx: AppContext): void {
  consultationRoutes(app, ctx);
}
