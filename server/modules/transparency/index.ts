// The transparency module owns what the public sees of the evaluation: the results page's figures,
// rankings, trends and anonymised resolved cases, kept as snapshots so anonymous traffic never
// reaches the case tables, and the scrubber that takes personal data out of free text.
export { scrubPersonalText } from './scrub.ts';
export { transparencyRoutes } from './transparency.routes.ts';
export { publicRecognitionRoutes } from './recognitions.routes.ts';
export { refreshDefaultSnapshots } from './snapshot.ts';
export type { TransparencyTables } from './transparency.table.ts';
