// The whole database schema as one Kysely type, assembled from the tables each module owns.
import type { AuditSchema } from './platform/audit/audit.ts';
import type { OutboxSchema } from './platform/outbox/outbox.ts';
import type { JobLeaseSchema } from './platform/jobs/lease.ts';
import type { OrgTables } from './modules/org/org.table.ts';
import type { AuthTables } from './modules/auth/auth.table.ts';
import type { RateWindowTables } from './modules/auth/rate-window.table.ts';
import type { ServiceAccountTables } from './modules/auth/service-account.table.ts';
import type { SmsChallengeTables } from './modules/auth/sms-challenge.table.ts';
import type { PeopleTables } from './modules/people/people.table.ts';
import type { BaseDataTables } from './modules/people/base-data.table.ts';
import type { CalendarTables } from './modules/calendar/calendar.table.ts';
import type { CasesTables } from './modules/cases/cases.table.ts';
import type { MediationTables } from './modules/mediation/mediation.table.ts';
import type { Open311Tables } from './modules/open311/open311.table.ts';
import type { InboxTables } from './modules/inbox/inbox.table.ts';
import type { KnowledgeTables } from './modules/knowledge/knowledge.table.ts';
import type { SmsTables } from './modules/sms/sms.table.ts';
import type { AssessmentTables } from './modules/assessment/assessment.table.ts';
import type { TransparencyTables } from './modules/transparency/transparency.table.ts';
import type { SafetyTables } from './modules/safety/safety.table.ts';
import type { WarningsTables } from './modules/warnings/warnings.table.ts';
import type { LegalTables } from './modules/legal/legal.table.ts';
import type { StabilityTables } from './modules/stability/stability.table.ts';
import type { SuggestionTables } from './modules/suggestions/suggestions.table.ts';
import type { EvaluationTables } from './modules/evaluation/evaluation.table.ts';
import type { PatrolTables } from './modules/patrols/patrols.table.ts';
import type { PsychTables } from './modules/psych/psych.table.ts';
import type { WorkforceTables } from './modules/workforce/workforce.table.ts';
import type { EmergencyTables } from './modules/emergency/emergency.table.ts';
import type { PointsTables } from './modules/points/points.table.ts';
import type { CreditTables } from './modules/credit/credit.table.ts';
import type { MeetingTables } from './modules/meetings/meetings.table.ts';
import type { ConsultationTables } from './modules/consultations/consultations.table.ts';
import type { CommunityTables } from './modules/community/community.table.ts';

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface DB
  extends
    OrgTables,
    AuthTables,
    RateWindowTables,
    ServiceAccountTables,
    SmsChallengeTables,
    PeopleTables,
    BaseDataTables,
    CalendarTables,
    CasesTables,
    MediationTables,
    Open311Tables,
    InboxTables,
    KnowledgeTables,
    SmsTables,
    AssessmentTables,
    TransparencyTables,
    SafetyTables,
    WarningsTables,
    LegalTables,
    StabilityTables,
    SuggestionTables,
    EvaluationTables,
    PatrolTables,
    PsychTables,
    WorkforceTables,
    EmergencyTables,
    PointsTables,
    CreditTables,
    MeetingTables,
    ConsultationTables,
    CommunityTables,
    AuditSchema,
    OutboxSchema,
    JobLeaseSchema {
  app_meta: AppMetaTable;
}
