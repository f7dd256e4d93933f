// The legal module owns the legal library: the statutes mediators cite (loaded at start from
// data/legal/*.json), their articles and the Chinese word search over them. Mediation reads it.
export { legalRoutes, presentLegalBasis } from './legal.routes.ts';
export { findLegalArticle, findLegalArticles, type LegalArticle } from './legal.repository.ts';
export { citationOf } from './legal-text.ts';
export { loadLegalLibrary } from './use-cases/load-library.ts';
export type { LegalTables } from './legal.table.ts';
