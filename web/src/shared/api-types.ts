// Names for the API's shapes that pages pass around, every one derived from the types generated
// from the OpenAPI document (api-schema.d.ts): a change to a route's schema reaches the pages
// through `npm run api:generate`, never through a copy kept by hand here.
import type { components } from './api-schema.d.ts';
import type { Answer } from './api.ts';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Membership = Schemas['Membership'];
export type Me = Schemas['Me'];
export type LoginAnswer = Schemas['LoginAnswer'];
export type Account = Schemas['Account'];

export type CaseSummary = Schemas['CaseSummary'];
export type CaseDetail = Schemas['CaseDetail'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type Category = Schemas['Category'];
export type CaseStats = Answer<'/api/v1/stats/cases'>;
export type TrackedCase = Schemas['TrackedCase'];
export type CalendarDay = Schemas['CalendarDay'];
export type AuditEntry = Answer<'/api/v1/audit'>['items'][number];
export type KnowledgeArticle = Schemas['KnowledgeArticle'];
export type KnowledgeArticleListItem = Schemas['KnowledgeArticleListItem'];

export type Unit = Schemas['Unit'];
export type UnitWithAncestors = Schemas['UnitWithAncestors'];

export type MediationSummary = Schemas['MediationSummary'];
export type MediationFile = Schemas['MediationFile'];
export type Party = Schemas['Party'];
export type Agreement = Schemas['Agreement'];
export type Referral = Schemas['Referral'];

export type InboxItem = Schemas['InboxItem'];
export type InboxPage = Schemas['InboxPage'];
export type LegalBasis = Schemas['LegalBasis'];
export type LegalBasisListItem = Schemas['LegalBasisListItem'];
export type LegalLaw = Schemas['LegalLaw'];
export type RiskAssessment = Schemas['RiskAssessment'];
export type RiskAssessmentListItem = Schemas['RiskAssessmentListItem'];

export type RankingTable = Answer<'/api/v1/rankings'>;
export type RankingRow = Schemas['RankingRow'];
export type AssessmentScheme = Schemas['AssessmentScheme'];
