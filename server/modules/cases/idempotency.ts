// Idempotency-Key for POST /cases: the same key and body give the same case; the same key with
// another body is 422. Keys belong to the actor, so two users cannot collide.
// The key is taken inside the case's own transaction and bound to the case there, so a process
// that dies mid-request leaves the case with its key or neither: the client's retry finds the
// case or creates it, never a second one and never a key stuck "in flight". A duplicate sent
// while the first still runs waits for the first's transaction (the key's row lock), then replays.
import { createHash } from 'node:crypto';
import type { Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { IdempotencyKeyTable } from './cases.table.ts';

export interface IdempotencyKey {
  actorUserId: number;
  key: string;
  hash: string;
}

/**
 * `new`: nobody used the key. `replay`: the first response, verbatim. `committed`: the case
 * exists but its first response was never stored (the process died after the commit, or a
 * duplicate is asking before the first stored it): present the case again.
 */
export type Claim =
  { kind: 'new' } | { kind: 'replay'; status: number; body: unknown } | { kind: 'committed'; caseId: number };

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function findKey(db: Db | Trx, { actorUserId, key }: IdempotencyKey) {
  return db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('actor_user_id', '=', actorUserId)
    .where('key', '=', key)
    .executeTakeFirst();
}

function earlierUse(existing: IdempotencyKeyTable, hash: string): Claim {
  if (existing.request_hash !== hash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED');
  }
  switch (existing.status) {
    case 'in_flight':
      // Never committed by this version (the key is bound in the case's transaction); a row left
      // by an older version while its request ran.
      throw new AppError('IDEMPOTENCY_IN_FLIGHT');
    case 'committed':
      return { kind: 'committed', caseId: (JSON.parse(existing.response_body ?? '{}') as { caseId: number }).caseId };
    case 'done':
      return {
        kind: 'replay',
        status: existing.response_status ?? 200,
        body: JSON.parse(existing.response_body ?? 'null') as unknown,
      };
  }
}

/** Before any work: a key used before answers at once; an unknown one goes on to registration. */
export async function lookUpKey(db: Db, idempotency: IdempotencyKey): Promise<Claim> {
  const existing = await findKey(db, idempotency);
  return existing ? earlierUse(existing, idempotency.hash) : { kind: 'new' };
}

/** The first statement of the case's transaction: takes the key, or waits for whoever holds it. */
export async function claimKey(trx: Trx, idempotency: IdempotencyKey, now: Date): Promise<Claim> {
  for (let attempt = 0; ; attempt++) {
    const inserted = await trx
      .insertInto('idempotency_key')
      .values({
        actor_user_id: idempotency.actorUserId,
        key: idempotency.key,
        request_hash: idempotency.hash,
        status: 'in_flight',
        response_status: null,
        response_body: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['actor_user_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: 'new' };
    const existing = await findKey(trx, idempotency);
    if (existing) return earlierUse(existing, idempotency.hash);
    // Gone between the two statements (an older version released it): take it again.
    if (attempt >= 3) throw new Error(`idempotency key ${idempotency.key} keeps vanishing`);
  }
}

/** Still in the case's transaction: the key now names the case, committed with it. */
export async function bindKey(trx: Trx, idempotency: IdempotencyKey, caseId: number): Promise<void> {
  await trx
    .updateTable('idempotency_key')
    .set({ status: 'committed', response_status: 201, response_body: JSON.stringify({ caseId }) })
    .where('actor_user_id', '=', idempotency.actorUserId)
    .where('key', '=', idempotency.key)
    .execute();
}

/** After the commit: the first response, replayed verbatim from now on. */
export async function completeKey(db: Db, idempotency: IdempotencyKey, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ status: 'done', response_status: status, response_body: JSON.stringify(body) })
    .where('actor_user_id', '=', idempotency.actorUserId)
    .where('key', '=', idempotency.key)
    .execute();
}
