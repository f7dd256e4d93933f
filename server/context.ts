// What every module receives: the database, the clock, the personal-data cipher and the audit log.
import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './schema.ts';
import type { DialectName } from './platform/db/database.ts';
import type { Clock } from './platform/clock.ts';
import type { PersonalDataCipher } from './platform/crypto/personal-data.ts';
import type { AuditLog } from './platform/audit/audit.ts';
import type { ReadReplica } from './platform/db/read-replica.ts';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;

export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: DialectName;
  readonly clock: Clock;
  readonly cipher: PersonalDataCipher;
  readonly audit: AuditLog;
  /** The streaming replica of DATABASE_REPLICA_URL (ADR 0041), or null: every read uses `db`. */
  readonly replica: ReadReplica<DB> | null;
}

const replicaContexts = new WeakMap<AppContext, AppContext>();

/**
 * The context a read-only request's reads run in (ADR 0041): `ctx` itself, or — while the replica
 * is fresh within the bound and holds the reader's own latest write — the same context whose `db`
 * is the replica. Only for reads outside any transaction: writes (an export's audit record, a kept
 * ranking) go through the primary's `ctx.db` explicitly. `reader` is the signed-in user, if any.
 */
export function readContext(ctx: AppContext, reader?: { userId: number } | null): AppContext {
  const replica = ctx.replica;
  // Already decided for this request (a context on the replica), or no replica at all.
  if (!replica || ctx.db === replica.db) return ctx;
  if (replica.pick(reader ? `user:${reader.userId}` : undefined) !== replica.db) return ctx;
  let onReplica = replicaContexts.get(ctx);
  if (!onReplica) {
    // One derived context per app: caches keyed by the context keep working.
    onReplica = { ...ctx, db: replica.db };
    replicaContexts.set(ctx, onReplica);
  }
  return onReplica;
}
