// What every module receives: the database, the clock, the personal-data cipher and the audit log.
import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './schema.ts';
import type { DialectName } from './platform/db/database.ts';
import type { Clock } from './platform/clock.ts';
import type { PersonalDataCipher } from './platform/crypto/personal-data.ts';
import type { AuditLog } from './platform/audit/audit.ts';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;

export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: DialectName;
  readonly clock: Clock;
  readonly cipher: PersonalDataCipher;
  readonly audit: AuditLog;
}
