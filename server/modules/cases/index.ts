// The cases module owns the closed loop: categories and the responsibility list, intake from
// every channel, the workflow with its time limits, the timeline and Chinese search.
export { caseRoutes } from './cases.routes.ts';
export { seedCategories } from './category.repository.ts';
export { registerCase } from './use-cases/register-case.ts';
export { performAction } from './use-cases/perform-action.ts';
export type { CasesTables } from './cases.table.ts';
