// Idempotency-Key for POST /cases: the same key and body replay the first response; the same key
// with another body is 422; a key whose first request is still running is 409. Keys belong to
// the actor, so two users cannot collide.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export async function claimKey(ctx: AppContext, actorUserId: number, key: string, hash: string): Promise<Claim> {
  const now = ctx.clock.now().toISOString();
  const inserted = await ctx.db
    .insertInto('idempotency_key')
    .values({
      actor_user_id: actorUserId,
      key,
      request_hash: hash,
      status: 'in_flight',
      response_status: null,
      response_body: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['actor_user_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: 'new' };
  const existing = await ctx.db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('actor_user_id', '=', actorUserId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!existing) return claimKey(ctx, actorUserId, key, hash);
  if (existing.request_hash !== hash) {
    throw new AppError(
      'BUSINESS_RULE',
      '同一幂等键对应了不同的请求 / This Idempotency-Key was used for another request',
      {
        code: 'IDEMPOTENCY_KEY_REUSED',
      },
    );
  }
  if (existing.status === 'in_flight') {
    throw new AppError('CONFLICT', '相同请求正在处理中 / The same request is still being processed', {
      code: 'IDEMPOTENCY_IN_FLIGHT',
    });
  }
  return {
    kind: 'replay',
    status: existing.response_status ?? 200,
    body: JSON.parse(existing.response_body ?? 'null') as unknown,
  };
}

export async function completeKey(
  ctx: AppContext,
  actorUserId: number,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await ctx.db
    .updateTable('idempotency_key')
    .set({ status: 'done', response_status: status, response_body: JSON.stringify(body) })
    .where('actor_user_id', '=', actorUserId)
    .where('key', '=', key)
    .execute();
}

/** A failed first request frees its key so the client can retry with it. */
export async function releaseKey(ctx: AppContext, actorUserId: number, key: string): Promise<void> {
  await ctx.db
    .deleteFrom('idempotency_key')
    .where('actor_user_id', '=', actorUserId)
    .where('key', '=', key)
    .where('status', '=', 'in_flight')
    .execute();
}
