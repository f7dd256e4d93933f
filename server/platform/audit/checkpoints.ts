// Anchoring the audit chain outside the database: each checkpoint is appended to a file (0600,
// append-only by convention) and sent through the outbox to a remote log; the database keeps its
// own copy only to claim each checkpoint once. `concord audit verify` reads them back.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { enqueue } from '../outbox/outbox.ts';
import type { AuditLog, AuditSchema, Checkpoint } from './audit.ts';

/** CONCORD_AUDIT_KEY, or a key generated once into the data folder (0600, folder 0700). */
export function loadAuditKey(options: { configured: string | undefined; dataDir: string }): Buffer {
  if (options.configured) {
    const key = Buffer.from(options.configured, 'base64');
    if (key.length !== 32) throw new Error('CONCORD_AUDIT_KEY must be base64 of exactly 32 bytes');
    return key;
  }
  const file = path.join(options.dataDir, 'keys', 'audit.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process starting at the same moment wrote it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

function isCheckpoint(value: unknown): value is Checkpoint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isInteger(v.headSeq) &&
    typeof v.headHash === 'string' &&
    typeof v.at === 'string' &&
    typeof v.signature === 'string'
  );
}

/** The checkpoints of a file, oldest first; a line that is not a checkpoint is an error. */
export function readCheckpointFile(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1} is not a checkpoint`);
      }
      if (!isCheckpoint(value)) throw new Error(`${file}:${i + 1} is not a checkpoint`);
      return value;
    });
}

/** The database's own copies (which whoever can write the database can also delete). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema with the audit tables will do
export async function storedCheckpoints(database: Kysely<any>): Promise<Checkpoint[]> {
  const db = database as unknown as Kysely<AuditSchema>;
  const rows = await db.selectFrom('audit_checkpoint').selectAll().orderBy('head_seq').execute();
  return rows.map((r) => ({ headSeq: r.head_seq, headHash: r.head_hash, at: r.at, signature: r.signature }));
}

/**
 * One run of the checkpoint job: rows waiting for the chainer are linked first (a run busy in
 * another process is left to it), then, when due, a checkpoint of the chained head is claimed,
 * queued for the remote log in the same transaction, and appended to the file.
 */
export async function anchorAuditChain(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  database: Kysely<any>,
  audit: AuditLog,
  now: Date,
  options: { file: string; every: number; maxAgeMs: number },
): Promise<Checkpoint | null> {
  // A failed run (a waiting row edited: see chainPending) is the chaining job's to report; the
  // head already linked is still anchored.
  await audit.chainPending(database).catch(() => undefined);
  const checkpoint = await audit.checkpointIfDue(database, now, options, async (trx, cp) => {
    await enqueue(
      trx,
      [{ topic: 'audit.checkpoint', recipientType: 'audit_log', recipient: 'remote', payload: { ...cp } }],
      now,
    );
  });
  if (checkpoint) {
    mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
    appendFileSync(options.file, JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
  }
  return checkpoint;
}
