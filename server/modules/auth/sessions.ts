// Session tokens: 256 random bits, stored as SHA-256, idle timeout 30 minutes, absolute 12 hours.
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from './access.policy.ts';
import { anchorPathOf } from './access.policy.ts';
import { findMemberships, findSessionByTokenHash } from './auth.repository.ts';
import { isRole } from '../../../common/roles.ts';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;
export const SESSION_COOKIE = 'concord_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  trx: Trx,
  userId: number,
  now: Date,
  restriction: Actor['restriction'],
  clientIp: string | null,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  await trx
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      restriction,
      client_ip: clientIp,
    })
    .execute();
  return { token, expiresAt };
}

export async function loadActorMemberships(ctx: AppContext, userId: number): Promise<Actor['memberships']> {
  const memberships = await findMemberships(ctx.db, [userId]);
  return memberships.flatMap((m) =>
    isRole(m.role)
      ? [
          {
            id: m.id,
            unitId: m.unitId,
            unitName: m.unitName,
            unitCode: m.unitCode,
            unitType: m.unitType,
            unitLevel: m.unitLevel,
            unitPath: m.unitPath,
            role: m.role,
            anchorPath: anchorPathOf({ path: m.unitPath, type: m.unitType }),
          },
        ]
      : [],
  );
}

/** Resolves a bearer token to its actor, or throws 401. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Actor> {
  const session = await findSessionByTokenHash(ctx.db, hashToken(token));
  const now = ctx.clock.now();
  if (!session || session.revoked_at !== null || session.disabled === 1) {
    throw new AppError('UNAUTHENTICATED', '请先登录 / Please sign in');
  }
  const idleFor = now.getTime() - Date.parse(session.last_seen_at);
  if (now.toISOString() >= session.expires_at || idleFor > SESSION_IDLE_MS) {
    await ctx.db
      .updateTable('user_session')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', session.id)
      .execute();
    throw new AppError('SESSION_EXPIRED', '登录已过期，请重新登录 / Your session has expired, please sign in again');
  }
  if (idleFor > TOUCH_INTERVAL_MS) {
    await ctx.db
      .updateTable('user_session')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', session.id)
      .execute();
  }
  return {
    userId: session.user_id,
    username: session.username,
    displayName: session.display_name,
    memberships: await loadActorMemberships(ctx, session.user_id),
    sessionId: session.id,
    serviceAccount: null,
    restriction:
      session.restriction === 'password_change' || session.restriction === 'totp_enrollment'
        ? session.restriction
        : null,
  };
}
