// The reports module owns the documents made for leaders from other modules' figures: the monthly
// Word report (cases' dashboard figures, assessment's rankings, charts drawn on the server).
export { reportRoutes } from './reports.routes.ts';
