// The whole database schema as one Kysely type, assembled from the tables each module owns.
import type { AuditSchema } from './platform/audit/audit.ts';
import type { OutboxSchema } from './platform/outbox/outbox.ts';
import type { OrgTables } from './modules/org/org.table.ts';
import type { AuthTables } from './modules/auth/auth.table.ts';
import type { RateWindowTables } from './modules/auth/rate-window.table.ts';
import type { SmsChallengeTables } from './modules/auth/sms-challenge.table.ts';
import type { PeopleTables } from './modules/people/people.table.ts';
import type { CalendarTables } from './modules/calendar/calendar.table.ts';
import type { CasesTables } from './modules/cases/cases.table.ts';
import type { MediationTables } from './modules/mediation/mediation.table.ts';
import type { SmsTables } from './modules/sms/sms.table.ts';

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface DB
  extends
    OrgTables,
    AuthTables,
    RateWindowTables,
    SmsChallengeTables,
    PeopleTables,
    CalendarTables,
    CasesTables,
    MediationTables,
    SmsTables,
    AuditSchema,
    OutboxSchema {
  app_meta: AppMetaTable;
}
