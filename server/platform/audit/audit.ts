// The tamper-evident audit log: every write and sensitive read appends one row, in the same
// transaction as the change, sealed by an HMAC-SHA-256 of its content (a key kept outside the
// database); committed rows are then chained, in one order, by HMAC-SHA-256 over the previous
// link, and the chain is anchored outside the database by signed checkpoints (checkpoints.ts).
// Whoever can write the database but lacks the key can neither edit a row and recompute the
// chain nor cut its tail unseen. On PostgreSQL the writer takes no lock and reads no other row:
// the chaining job links rows after they commit (ADR 0038); on SQLite, one writer at a time
// anyway, the writer links its own row.
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
  /** The previous link's hash; null until the row is chained. */
  prev_hash: string | null;
  /** HMAC of the canonical row with prev_hash; null until the row is chained. */
  hash: string | null;
  /** The row's place in the chain, dense from 1; null until the row is chained. */
  chain_seq: number | null;
  /**
   * HMAC of the row's own content, written by its writer: an edit made while the row waits for
   * the chainer is seen. Null on rows written before the chain was linked after commit.
   */
  row_mac: string | null;
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

/** What a row says, and its link to the previous row: what the chain's hash covers. */
type Row = Omit<AuditLogTable, 'hash' | 'chain_seq' | 'row_mac'>;
/** What a row says: what its writer seals. */
type Content = Omit<Row, 'prev_hash'>;

function contentFields(row: Content): unknown[] {
  return [
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
  ];
}

function canonical(row: Row): string {
  return JSON.stringify([...contentFields(row), row.prev_hash]);
}

/** A row's link: HMAC-SHA-256 of its canonical form (which holds the previous link) under the audit key. */
export function hashAuditRow(row: Row, key: Buffer): string {
  return createHmac('sha256', key).update(canonical(row)).digest('hex');
}

/** A row's seal: HMAC-SHA-256 of its content alone, tagged so it never equals a link. */
export function sealAuditRow(row: Content, key: Buffer): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(['audit-row', ...contentFields(row)]))
    .digest('hex');
}

/** The unkeyed link of logs written before the chain was keyed; read only to re-sign them. */
function legacyHash(row: Row): string {
  return createHash('sha256').update(canonical(row)).digest('hex');
}

// Arbitrary constant that names the chainer's advisory lock on PostgreSQL: held by at most one
// chaining transaction (of any process) at a time; writers never take it.
export const AUDIT_CHAIN_LOCK_KEY = 7_411_002;

/** How long after a write its process's chainer is woken (coalesces a burst into one run). */
const WAKE_DELAY_MS = 20;

/**
 * Numbers taken from the sequence ahead of need (PostgreSQL) are used within this long or dropped,
 * leaving a gap as a rolled-back write does; so a number is never older than this when it is used,
 * and the log's order by number stays the order of writing to within this bound across processes.
 */
export const AUDIT_SEQ_KEEP_MS = 1_000;
/** At most this many numbers are taken in one statement. */
const AUDIT_SEQ_BLOCK_MAX = 64;
/**
 * How many held numbers one append skips: after a crash or failover the sequence can stand behind
 * at most the blocks the app processes were using (AUDIT_SEQ_BLOCK_MAX each).
 */
const AUDIT_SEQ_RETAKES = 1_000;

/** Default bound on how long a committed row may wait for the chainer before verification fails. */
export const MAX_PENDING_MS = 60_000;

export interface ChainRun {
  /** Rows linked by this run. */
  chained: number;
  /** Another chaining transaction held the lock: this run did nothing. */
  busy: boolean;
}

/** The last linked row: its place in the chain and its link (none before the first is linked). */
function chainHead(db: Kysely<AuditSchema>) {
  return db
    .selectFrom('audit_log')
    .select(['chain_seq', 'hash'])
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Whether any row waits to be chained: the first unchained number. Ordered as the partial index of
 * unchained rows (audit_log_pending_idx) is, so that the planner probes that index whatever the
 * table's statistics say. Unordered, PostgreSQL with statistics from before the rows were chained
 * (no autovacuum yet, or a burst of writes since) scanned the whole log: 3–5 ms at 14,000 rows on
 * every run, a quarter of intake's database time (issue 20).
 */
export function unchainedProbe(db: Kysely<AuditSchema>) {
  return db.selectFrom('audit_log').select('seq').where('chain_seq', 'is', null).orderBy('seq').limit(1);
}

export class AuditLog {
  private readonly appendListeners = new Set<() => void>();
  private wakeTimer: NodeJS.Timeout | null = null;
  /** Numbers taken ahead (PostgreSQL), lowest first, and when they were taken. */
  private ahead: { seqs: number[]; takenAt: number } = { seqs: [], takenAt: -Infinity };
  /** The statement taking the next block, while it runs. */
  private refilling: Promise<void> | null = null;
  /** Appends of this process in the current second and in the one before it. */
  private appends = { current: 0, previous: 0, since: -Infinity };

  constructor(
    private readonly dialect: DialectName,
    private readonly key: Buffer,
  ) {}

  /**
   * Called shortly after each append of this process (the chaining job's wake-up). Only a hint:
   * the appending transaction may not have committed yet, or may roll back.
   */
  onAppended(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /**
   * Appends one entry. `trx` must be the transaction of the change being audited. On PostgreSQL
   * the row takes the next number of a sequence and waits, unlinked, for the chaining job
   * (chainPending); no lock, no read of another row. On SQLite it is linked here.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely is invariant in its schema; any schema with audit_log will do
  async append(transaction: Kysely<any>, entry: AuditEntry, at: Date): Promise<number> {
    // Kysely types are invariant in the schema; the audit table is all this function touches.
    const trx = transaction as unknown as Kysely<AuditSchema>;
    const content = (seq: number): Content => ({
      seq,
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
    });
    if (this.dialect === 'postgres') {
      // Numbers are taken before commit and never given back: a rolled-back write leaves a gap in
      // `seq`, never in the chain (chain_seq is given by the chainer to committed rows only).
      for (let retakes = 0; ; retakes++) {
        const row = content(await this.nextSeq(trx));
        const inserted = await trx
          .insertInto('audit_log')
          .values({
            ...row,
            prev_hash: null,
            hash: null,
            chain_seq: null,
            row_mac: sealAuditRow(row, this.key),
          })
          .onConflict((oc) => oc.column('seq').doNothing())
          .returning('seq')
          .executeTakeFirst();
        if (inserted) {
          this.scheduleWake();
          return row.seq;
        }
        // The number is held already: the sequence stands behind numbers that were used. A block
        // taken in a transaction that never committed keeps its numbers in this process while the
        // sequence's advance, never flushed, is lost in a crash or a failover (the drill met it).
        // What this process kept goes, and the next number comes from the sequence again.
        this.ahead = { seqs: [], takenAt: -Infinity };
        if (retakes >= AUDIT_SEQ_RETAKES) {
          throw new Error(`audit: ${AUDIT_SEQ_RETAKES} numbers in a row were held already`);
        }
      }
    }
    // SQLite: the write lock is already this transaction's, so the head cannot move under it.
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'chain_seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const row: Row = { ...content((last?.seq ?? 0) + 1), prev_hash: last?.hash ?? GENESIS_HASH };
    await trx
      .insertInto('audit_log')
      .values({
        ...row,
        hash: hashAuditRow(row, this.key),
        chain_seq: (last?.chain_seq ?? 0) + 1,
        row_mac: sealAuditRow(row, this.key),
      })
      .execute();
    return row.seq;
  }

  /**
   * The next number of the sequence. A process busy writing (more than four appends in the last
   * second) takes a quarter second's worth in one statement and uses them in turn, instead of one
   * `nextval` per append (two per intake report); a quiet one takes one at a time, as before.
   * Numbers not used within AUDIT_SEQ_KEEP_MS are dropped.
   */
  private async nextSeq(trx: Kysely<AuditSchema>): Promise<number> {
    const now = performance.now();
    if (now - this.appends.since >= 1_000) {
      this.appends = { current: 0, previous: now - this.appends.since < 2_000 ? this.appends.current : 0, since: now };
    }
    this.appends.current++;
    for (;;) {
      if (performance.now() - this.ahead.takenAt >= AUDIT_SEQ_KEEP_MS) this.ahead = { seqs: [], takenAt: -Infinity };
      const kept = this.ahead.seqs.shift();
      if (kept !== undefined) return kept;
      // Appends arriving while a block is being taken wait for it rather than each take their own.
      if (this.refilling) {
        await this.refilling.catch(() => undefined);
        continue;
      }
      const block = Math.min(AUDIT_SEQ_BLOCK_MAX, Math.max(1, Math.ceil(this.appends.previous / 4)));
      const refill = sql<{
        seq: number;
      }>`select nextval('audit_log_seq_seq')::int as seq from generate_series(1, ${block}::int)`
        .execute(trx)
        .then(({ rows }) => {
          this.ahead = { seqs: rows.map((r) => r.seq).sort((a, b) => a - b), takenAt: performance.now() };
        });
      this.refilling = refill;
      try {
        await refill;
      } finally {
        if (this.refilling === refill) this.refilling = null;
      }
    }
  }

  private scheduleWake(): void {
    if (this.appendListeners.size === 0 || this.wakeTimer !== null) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      for (const listener of this.appendListeners) listener();
    }, WAKE_DELAY_MS);
    this.wakeTimer.unref();
  }

  /**
   * One run of the chaining job: links every committed row still unchained, oldest number first,
   * after the chain's head. Exactly once across processes: a run holds a transaction-level
   * advisory lock (PostgreSQL) and a run that finds it taken does nothing (the holder links what
   * this one would have). Rows committed after a run's read wait for the next run; a row whose
   * number is below an already chained one simply comes later in the chain, so neither late
   * commits nor the gaps of rolled-back writes ever stall or break it. A row whose seal does not
   * match its content (edited while it waited) is not linked: the run fails and verification names
   * the row. Cheap when nothing waits: one probe of the partial index of unchained rows.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
  async chainPending(database: Kysely<any>, options: { batchSize?: number } = {}): Promise<ChainRun> {
    const db = database as unknown as Kysely<AuditSchema>;
    const batchSize = options.batchSize ?? 2000;
    const run: ChainRun = { chained: 0, busy: false };
    for (;;) {
      const waiting = await unchainedProbe(db).execute();
      if (waiting.length === 0) return run;
      const linked = await db.transaction().execute(async (trx) => {
        if (this.dialect === 'postgres') {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}) as locked`.execute(trx);
          if (!rows[0]!.locked) return null;
        }
        // Read committed: both reads below see every chaining transaction that released the lock.
        const head = await chainHead(trx);
        const pending = await trx
          .selectFrom('audit_log')
          .selectAll()
          .where('chain_seq', 'is', null)
          .orderBy('seq')
          .limit(batchSize)
          .execute();
        let chainSeq = head?.chain_seq ?? 0;
        let prev = head?.hash ?? GENESIS_HASH;
        const links: { seq: number; chain_seq: number; prev_hash: string; hash: string }[] = [];
        for (const row of pending) {
          if (row.row_mac === null || sealAuditRow(row, this.key) !== row.row_mac) {
            throw new Error(
              `audit row ${row.seq} does not match its seal (edited before it was chained): not linked; run \`concord audit verify\``,
            );
          }
          const hash = hashAuditRow({ ...row, prev_hash: prev }, this.key);
          links.push({ seq: row.seq, chain_seq: ++chainSeq, prev_hash: prev, hash });
          prev = hash;
        }
        await this.writeLinks(trx, links);
        return links.length;
      });
      if (linked === null) return { ...run, busy: true };
      run.chained += linked;
      if (linked < batchSize) return run;
    }
  }

  private async writeLinks(
    trx: Kysely<AuditSchema>,
    links: { seq: number; chain_seq: number; prev_hash: string; hash: string }[],
  ): Promise<void> {
    if (links.length === 0) return;
    let updated = 0;
    if (this.dialect === 'postgres') {
      // One statement for the batch; `chain_seq is null` again so a row is never linked twice.
      const values = sql.join(links.map((l) => sql`(${l.seq}::int, ${l.chain_seq}::int, ${l.prev_hash}, ${l.hash})`));
      const result = await sql`
        update audit_log as a
           set chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash
          from (values ${values}) as v(seq, chain_seq, prev_hash, hash)
         where a.seq = v.seq and a.chain_seq is null`.execute(trx);
      updated = Number(result.numAffectedRows ?? 0);
    } else {
      for (const l of links) {
        const result = await trx
          .updateTable('audit_log')
          .set({ chain_seq: l.chain_seq, prev_hash: l.prev_hash, hash: l.hash })
          .where('seq', '=', l.seq)
          .where('chain_seq', 'is', null)
          .executeTakeFirst();
        updated += Number(result.numUpdatedRows);
      }
    }
    if (updated !== links.length) throw new Error(`audit chaining linked ${updated} of ${links.length} rows`);
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
      // No chaining run may move the head while the chain is re-signed.
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`.execute(trx);
      const again = await trx.selectFrom('audit_chain').select('alg').where('id', '=', 1).executeTakeFirst();
      if (again?.alg !== 'sha256') return 'keyed';
      const rows = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('chain_seq', 'is not', null)
        .orderBy('chain_seq')
        .execute();
      let prev = GENESIS_HASH;
      for (const [i, row] of rows.entries()) {
        if (row.chain_seq !== i + 1 || row.prev_hash !== prev || legacyHash({ ...row, prev_hash: prev }) !== row.hash)
          return 'refused';
        prev = row.hash;
      }
      prev = GENESIS_HASH;
      for (const row of rows) {
        const hash = hashAuditRow({ ...row, prev_hash: prev }, this.key);
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
    options: VerifyOptions = {},
  ): Promise<AuditVerification> {
    return verifyAuditChain(database, this.key, options);
  }

  /**
   * Writes a signed checkpoint of the chain's head (the last linked row: rows still waiting for
   * the chainer are not in it) when `every` links or `maxAgeMs` have passed since the last one.
   * The row in `audit_checkpoint` is claimed with a conditional insert, so with any number of
   * processes each checkpoint is written once; the caller then anchors it outside the database.
   * Returns the checkpoint when this call wrote it.
   */
  async checkpointIfDue(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
    database: Kysely<any>,
    now: Date,
    policy: { every: number; maxAgeMs: number },
    within?: (trx: Kysely<AuditSchema>, checkpoint: Checkpoint) => Promise<void>,
  ): Promise<Checkpoint | null> {
    const db = database as unknown as Kysely<AuditSchema>;
    const head = await chainHead(db);
    if (!head || head.chain_seq === null || head.hash === null) return null;
    const last = await db
      .selectFrom('audit_checkpoint')
      .select(['head_seq', 'at'])
      .orderBy('head_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && last.head_seq >= head.chain_seq) return null;
    const due =
      !last || head.chain_seq - last.head_seq >= policy.every || now.getTime() - Date.parse(last.at) >= policy.maxAgeMs;
    if (!due) return null;
    const unsigned = { headSeq: head.chain_seq, headHash: head.hash, at: now.toISOString() };
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
  /** Links of the chain verified. */
  checked: number;
  /** Committed rows still waiting for the chainer (each checked against its seal). */
  pending: { count: number; oldestSeq: number | null; oldestAt: string | null; oldestAgeMs: number | null };
  /** The first fault: `link` is the place in the chain (null for a row not yet chained), `row` its number. */
  broken?: { link: number | null; row: number | null; reason: string };
}

export interface VerifyOptions {
  batchSize?: number;
  checkpoints?: readonly Checkpoint[];
  /** The verifier's clock, for the age of unchained rows (default: now). */
  now?: Date;
  /**
   * A committed row still unchained this long before the log's newest entry fails verification
   * (default MAX_PENDING_MS).
   */
  maxPendingMs?: number;
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
 * Walks the chain in order and reports the first broken link: a row edited (its HMAC does not
 * match), missing or reordered (the place or the link breaks), or a tail cut off (a checkpoint
 * saw more links, or another head, than the log now has). Checkpoints whose signature does not
 * verify are reported as forged. Then the rows still waiting for the chainer: each must match its
 * seal, and none may wait longer than `maxPendingMs` (the chainer runs every second in every app
 * process: a row left behind was taken out of the chain, or the chainer is not running).
 */
export async function verifyAuditChain(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in append()
  database: Kysely<any>,
  key: Buffer,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const db = database as unknown as Kysely<AuditSchema>;
  const batchSize = options.batchSize ?? 5000;
  const now = options.now ?? new Date();
  const maxPendingMs = options.maxPendingMs ?? MAX_PENDING_MS;
  const pending: AuditVerification['pending'] = { count: 0, oldestSeq: null, oldestAt: null, oldestAgeMs: null };
  const fail = (checked: number, link: number | null, row: number | null, reason: string): AuditVerification => ({
    ok: false,
    checked,
    pending,
    broken: { link, row, reason },
  });
  const anchors = new Map<number, Checkpoint>();
  for (const cp of options.checkpoints ?? []) {
    if (signCheckpoint(key, cp) !== cp.signature) {
      return fail(0, cp.headSeq, null, `checkpoint at link ${cp.headSeq} is forged`);
    }
    anchors.set(cp.headSeq, cp);
  }
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('chain_seq', '>=', expected)
      .orderBy('chain_seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      if (row.chain_seq !== expected) {
        return fail(checked, expected, null, `link ${expected} is missing (the row there was removed)`);
      }
      if (row.prev_hash !== prevHash) {
        return fail(
          checked,
          expected,
          row.seq,
          `link ${expected} (row ${row.seq}) does not follow link ${expected - 1} (removed or reordered)`,
        );
      }
      if (row.hash === null || hashAuditRow({ ...row, prev_hash: prevHash }, key) !== row.hash) {
        return fail(checked, expected, row.seq, `row ${row.seq} (link ${expected}) was edited after it was written`);
      }
      const anchor = anchors.get(expected);
      if (anchor && anchor.headHash !== row.hash) {
        return fail(
          checked,
          expected,
          row.seq,
          `link ${expected} (row ${row.seq}) differs from the checkpoint of ${anchor.at} (rewritten)`,
        );
      }
      prevHash = row.hash;
      expected++;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  const furthest = [...anchors.values()].reduce<Checkpoint | undefined>(
    (best, cp) => (best && best.headSeq >= cp.headSeq ? best : cp),
    undefined,
  );
  if (furthest && furthest.headSeq >= expected) {
    return fail(
      checked,
      expected,
      null,
      `links ${expected} to ${furthest.headSeq} are missing: the checkpoint of ${furthest.at} saw ${furthest.headSeq} links (the tail was cut)`,
    );
  }
  let afterSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('chain_seq', 'is', null)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      if (row.row_mac === null || sealAuditRow(row, key) !== row.row_mac) {
        return fail(checked, null, row.seq, `row ${row.seq} (not yet chained) was edited after it was written`);
      }
      pending.count++;
      if (pending.oldestAt === null || row.at < pending.oldestAt) {
        pending.oldestAt = row.at;
        pending.oldestSeq = row.seq;
      }
      afterSeq = row.seq;
    }
    if (rows.length < batchSize) break;
  }
  if (pending.oldestAt !== null) {
    // Age against the log's own newest entry (capped by the clock): a restored backup, or a log
    // read while no Concord runs, holds only its last moments unchained, and that is no fault.
    const newest = await db.selectFrom('audit_log').select('at').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const reference = Math.min(now.getTime(), Date.parse(newest?.at ?? pending.oldestAt));
    pending.oldestAgeMs = Math.max(0, reference - Date.parse(pending.oldestAt));
    if (pending.oldestAgeMs > maxPendingMs) {
      return fail(
        checked,
        null,
        pending.oldestSeq,
        `row ${pending.oldestSeq} was written at ${pending.oldestAt}, ${Math.round(pending.oldestAgeMs / 1000)} s ` +
          `before the newest row, and is still not chained (bound ${Math.round(maxPendingMs / 1000)} s): ` +
          `taken out of the chain, or no Concord process is running its chainer`,
      );
    }
  }
  return { ok: true, checked, pending };
}
