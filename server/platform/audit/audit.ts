// The tamper-evident audit log: every write and sensitive read appends one row, in the same
// transaction as the change, chained by HMAC-SHA-256 (a key kept outside the database) over the
// previous row's hash, and anchored outside the database by signed checkpoints (checkpoints.ts).
// Whoever can write the database but lacks the key can neither edit a row and recompute the
// chain nor cut its tail unseen.
import { createHash, createHmac } from 'node:crypto';
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

export interface AuditCheckpointTable {
  head_seq: number;
  head_hash: string;
  at: string;
  signature: string;
}

export interface AuditChainTable {
  id: number;
  /** `sha256` for a log written before the chain was keyed, until it is re-signed at start. */
  alg: string;
}

export interface AuditSchema {
  audit_log: AuditLogTable;
  audit_checkpoint: AuditCheckpointTable;
  audit_chain: AuditChainTable;
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

function canonical(row: Row): string {
  return JSON.stringify([
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
}

/** A row's link: HMAC-SHA-256 of its canonical form (which holds the previous link) under the audit key. */
export function hashAuditRow(row: Row, key: Buffer): string {
  return createHmac('sha256', key).update(canonical(row)).digest('hex');
}

/** The unkeyed link of logs written before the chain was keyed; read only to re-sign them. */
function legacyHash(row: Row): string {
  return createHash('sha256').update(canonical(row)).digest('hex');
}

// Arbitrary constant that names the audit chain's advisory lock on PostgreSQL.
const AUDIT_LOCK_KEY = 7_411_001;

export class AuditLog {
  constructor(
    private readonly dialect: DialectName,
    private readonly key: Buffer,
  ) {}

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
      .values({ ...row, hash: hashAuditRow(row, this.key) })
      .execute();
    return row.seq;
  }

  /**
   * A log written before the chain was keyed is re-signed once, at start, and only if its plain
   * SHA-256 chain is intact: a log already tampered with must not be laundered by the new key.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
  async upgradeLegacyChain(database: Kysely<any>): Promise<'keyed' | 'upgraded' | 'refused'> {
    const db = database as unknown as Kysely<AuditSchema>;
    const chain = await db.selectFrom('audit_chain').select('alg').where('id', '=', 1).executeTakeFirst();
    if (chain?.alg !== 'sha256') return 'keyed';
    return db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
      const again = await trx.selectFrom('audit_chain').select('alg').where('id', '=', 1).executeTakeFirst();
      if (again?.alg !== 'sha256') return 'keyed';
      const rows = await trx.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      let prev = GENESIS_HASH;
      for (const [i, row] of rows.entries()) {
        if (row.seq !== i + 1 || row.prev_hash !== prev || legacyHash(row) !== row.hash) return 'refused';
        prev = row.hash;
      }
      prev = GENESIS_HASH;
      for (const row of rows) {
        const { hash: _old, ...rest } = row;
        const resigned = { ...rest, prev_hash: prev };
        const hash = hashAuditRow(resigned, this.key);
        await trx.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
        prev = hash;
      }
      await trx.updateTable('audit_chain').set({ alg: 'hmac-sha256' }).where('id', '=', 1).execute();
      return 'upgraded';
    });
  }

  /** Verifies the chain under this log's key (see verifyAuditChain). */
  verify(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
    database: Kysely<any>,
    options: { batchSize?: number; checkpoints?: readonly Checkpoint[] } = {},
  ): Promise<AuditVerification> {
    return verifyAuditChain(database, this.key, options);
  }

  /**
   * Writes a signed checkpoint of the chain's head when `every` rows or `maxAgeMs` have passed
   * since the last one. The row in `audit_checkpoint` is claimed with a conditional insert, so with
   * any number of processes each checkpoint is written once; the caller then anchors it outside
   * the database. Returns the checkpoint when this call wrote it.
   */
  async checkpointIfDue(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
    database: Kysely<any>,
    now: Date,
    policy: { every: number; maxAgeMs: number },
    within?: (trx: Kysely<AuditSchema>, checkpoint: Checkpoint) => Promise<void>,
  ): Promise<Checkpoint | null> {
    const db = database as unknown as Kysely<AuditSchema>;
    const head = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!head) return null;
    const last = await db
      .selectFrom('audit_checkpoint')
      .select(['head_seq', 'at'])
      .orderBy('head_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && last.head_seq >= head.seq) return null;
    const due =
      !last || head.seq - last.head_seq >= policy.every || now.getTime() - Date.parse(last.at) >= policy.maxAgeMs;
    if (!due) return null;
    const unsigned = { headSeq: head.seq, headHash: head.hash, at: now.toISOString() };
    const checkpoint: Checkpoint = { ...unsigned, signature: signCheckpoint(this.key, unsigned) };
    return db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('audit_checkpoint')
        .values({
          head_seq: checkpoint.headSeq,
          head_hash: checkpoint.headHash,
          at: checkpoint.at,
          signature: checkpoint.signature,
        })
        .onConflict((oc) => oc.column('head_seq').doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
      if (within) await within(trx, checkpoint);
      return checkpoint;
    });
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

/** A signed statement, kept outside the database, that the chain had `headSeq` rows ending in `headHash`. */
export interface Checkpoint {
  headSeq: number;
  headHash: string;
  at: string;
  signature: string;
}

export function checkpointText(cp: Omit<Checkpoint, 'signature'>): string {
  return JSON.stringify(['audit-checkpoint', cp.headSeq, cp.headHash, cp.at]);
}

export function signCheckpoint(key: Buffer, cp: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key).update(checkpointText(cp)).digest('hex');
}

/**
 * Walks the whole chain in order and reports the first broken link: a row edited (its HMAC does
 * not match), missing or reordered (the sequence or the link breaks), or a tail cut off (a
 * checkpoint saw more rows, or another head, than the log now has). Checkpoints whose signature
 * does not verify are reported as forged.
 */
export async function verifyAuditChain(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
  database: Kysely<any>,
  key: Buffer,
  options: { batchSize?: number; checkpoints?: readonly Checkpoint[] } = {},
): Promise<AuditVerification> {
  const db = database as unknown as Kysely<AuditSchema>;
  const batchSize = options.batchSize ?? 5000;
  const anchors = new Map<number, Checkpoint>();
  for (const cp of options.checkpoints ?? []) {
    if (signCheckpoint(key, cp) !== cp.signature) {
      return {
        ok: false,
        checked: 0,
        broken: { seq: cp.headSeq, reason: `checkpoint at row ${cp.headSeq} is forged` },
      };
    }
    anchors.set(cp.headSeq, cp);
  }
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
      if (hashAuditRow(row, key) !== row.hash) {
        return {
          ok: false,
          checked,
          broken: { seq: row.seq, reason: `row ${row.seq} was edited after it was written` },
        };
      }
      const anchor = anchors.get(row.seq);
      if (anchor && anchor.headHash !== row.hash) {
        return {
          ok: false,
          checked,
          broken: { seq: row.seq, reason: `row ${row.seq} differs from the checkpoint of ${anchor.at} (rewritten)` },
        };
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  const furthest = [...anchors.values()].reduce<Checkpoint | undefined>(
    (best, cp) => (best && best.headSeq >= cp.headSeq ? best : cp),
    undefined,
  );
  if (furthest && furthest.headSeq >= expectedSeq) {
    return {
      ok: false,
      checked,
      broken: {
        seq: expectedSeq,
        reason: `rows ${expectedSeq} to ${furthest.headSeq} are missing: the checkpoint of ${furthest.at} saw ${furthest.headSeq} rows (the tail was cut)`,
      },
    };
  }
  return { ok: true, checked };
}
