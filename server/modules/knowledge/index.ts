// The knowledge module owns the operators' knowledge base: articles (policies, office hours,
// procedures) owned by a unit, their review dates and their Chinese word search.
export { knowledgeRoutes } from './knowledge.routes.ts';
export { findArticle, type KnowledgeArticle } from './knowledge.repository.ts';
export { articleAppliesAt, canReadArticle } from './knowledge.policy.ts';
export type { KnowledgeTables } from './knowledge.table.ts';
export { seedArticles, type SeedArticle } from './use-cases/seed-articles.ts';
