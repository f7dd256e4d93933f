// The whole database schema as one Kysely type, assembled from the tables each module owns.
import type { AuditSchema } from './platform/audit/audit.ts';
import type { OrgTables } from './modules/org/org.table.ts';
import type { AuthTables } from './modules/auth/auth.table.ts';
import type { PeopleTables } from './modules/people/people.table.ts';

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface DB extends OrgTables, AuthTables, PeopleTables, AuditSchema {
  app_meta: AppMetaTable;
}
