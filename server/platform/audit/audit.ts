// The tamper-evident audit log: every write and sensitive read appends one row, in the same
// transaction as the change, chained by SHA-256 over the previous row's hash.
import { createHash } from 'node:crypto';
import { type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { DialectName } from '../db/database.ts';

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  client_ip: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditSchema {
  audit_log: AuditLogTable;
}

export interface AuditActor {
  userId: number | null;
  username: string | null;
  role: string | null;
  unitId: number | null;
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  outcome: AuditOutcome;
  clientIp?: string | null;
  /** Never personal data in clear: names of fields, ids and counts only. */
  details?: Record<string, unknown> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

type Row = Omit<AuditLogTable, 'hash'>;

export function hashAuditRow(row: Row): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_user_id,
    row.actor_username,
    row.actor_role,
    row.actor_unit_id,
    row.action,
    row.subject_type,
    row.subject_id,
    row.outcome,
    row.client_ip,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

// Arbitrary constant that names the audit chain's advisory lock on PostgreSQL.
const AUDIT_LOCK_KEY = 7_411_001;

export class AuditLog {
  constructor(private readonly dialect: DialectName) {}

  /** Appends one entry. `trx` must be the transaction of the change being audited. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely is invariant in its schema; any schema with audit_log will do
  async append(transaction: Kysely<any>, entry: AuditEntry, at: Date): Promise<number> {
    // Kysely types are invariant in the schema; the audit table is all this function touches.
    const trx = transaction as unknown as Kysely<AuditSchema>;
    if (this.dialect === 'postgres') {
      // Serialises appenders across every app process until this transaction ends.
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    }
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const row: Row = {
      seq: (last?.seq ?? 0) + 1,
      at: at.toISOString(),
      actor_user_id: entry.actor?.userId ?? null,
      actor_username: entry.actor?.username ?? null,
      actor_role: entry.actor?.role ?? null,
      actor_unit_id: entry.actor?.unitId ?? null,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
      outcome: entry.outcome,
      client_ip: entry.clientIp ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx
      .insertInto('audit_log')
      .values({ ...row, hash: hashAuditRow(row) })
      .execute();
    return row.seq;
  }
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first row whose link is broken, and why. */
  broken?: { seq: number; reason: string };
}

export interface AuditLogFilter<Schema extends AuditSchema> {
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorUserId?: number | undefined;
  /** Keyset cursor: rows older than this one. */
  beforeSeq?: number | undefined;
  limit: number;
  /**
   * Only rows whose acting unit passes this condition (a jurisdiction: the caller knows the org
   * tree, this log does not); every row when absent.
   */
  actorUnitWhere?:
    | ((eb: ExpressionBuilder<Schema, 'audit_log'>, actorUnitColumn: 'audit_log.actor_unit_id') => Expression<SqlBool>)
    | undefined;
}

/** The log newest first, for the administrators' audit page. */
export async function listAuditLog<Schema extends AuditSchema>(
  database: Kysely<Schema>,
  filter: AuditLogFilter<Schema>,
): Promise<Selectable<AuditLogTable>[]> {
  const db = database as unknown as Kysely<AuditSchema>;
  let query = db.selectFrom('audit_log').selectAll();
  const { actorUnitWhere } = filter;
  if (actorUnitWhere) {
    query = query.where((eb) =>
      actorUnitWhere(eb as unknown as ExpressionBuilder<Schema, 'audit_log'>, 'audit_log.actor_unit_id'),
    );
  }
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  return query.orderBy('seq', 'desc').limit(filter.limit).execute();
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
  database: Kysely<any>,
  batchSize = 5000,
): Promise<AuditVerification> {
  const db = database as unknown as Kysely<AuditSchema>;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, broken: { seq: expectedSeq, reason: `row ${expectedSeq} is missing` } };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          checked,
          broken: { seq: row.seq, reason: `row ${row.seq} does not link to row ${row.seq - 1} (removed or reordered)` },
        };
      }
      if (hashAuditRow(row) !== row.hash) {
        return {
          ok: false,
          checked,
          broken: { seq: row.seq, reason: `row ${row.seq} was edited after it was written` },
        };
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
  }
}
