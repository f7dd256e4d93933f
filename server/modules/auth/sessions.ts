// Session tokens: 256 random bits, stored as SHA-256, idle timeout 30 minutes, absolute 12 hours.
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from './access.policy.ts';
import { anchorPathOf } from './access.policy.ts';
import { findMemberships, findSessionByTokenHash } from './auth.repository.ts';
import { isRole } from '../../../common/roles.ts';
import { watchWritesTo, writeWatchOf, type KeptStamp, type WriteWatch } from '../../platform/db/write-watch.ts';

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

const ACTOR_CACHE_MAX = 10_000;

interface KeptActor {
  actor: Actor;
  /** The session's absolute end and last recorded activity (ms since the epoch). */
  expiresAt: string;
  lastSeenAt: number;
  stamp: KeptStamp;
}

interface ActorCache {
  watch: WriteWatch;
  entries: Map<string, KeptActor>;
  /**
   * Reads in flight by token hash, with the generation they started under: the requests of one
   * console page (or of a benchmark's connections) that miss at the same moment share one read
   * instead of three statements each.
   */
  reading: Map<string, { generation: number; actor: Promise<Actor> }>;
}
const actorCaches = new WeakMap<object, ActorCache | null>();

// What an actor is made of — sessions (revoked, restricted, expiry), accounts (disabled, names),
// memberships and the units they point to — is watched, so that any change to it empties the cache:
// at once in this process, within milliseconds in the others (the bus), within KEEP_MAX_AGE_MS for
// a write no process announces; and again when the transaction that wrote it commits
// (platform/db/write-watch.ts).
watchWritesTo('user_session', ['revoked_at', 'restriction', 'expires_at', 'user_id', 'token_hash'], { inserts: false });
watchWritesTo('app_user', ['disabled', 'username', 'display_name'], { inserts: false });
watchWritesTo('membership', 'all', { inserts: true });
watchWritesTo('org_unit', 'all', { inserts: false });

/** The actors this process keeps, by token hash, or null when its database has no write watch. */
function actorCacheOf(ctx: AppContext): ActorCache | null {
  let cache = actorCaches.get(ctx.db);
  if (cache === undefined) {
    const watch = writeWatchOf(ctx.db);
    watch?.listen();
    cache = watch ? { watch, entries: new Map(), reading: new Map() } : null;
    actorCaches.set(ctx.db, cache);
  }
  return cache;
}

/** Each request gets its own actor object; what they share is frozen. */
function copyOf(actor: Actor): Actor {
  return { ...actor, memberships: [...actor.memberships] };
}

/** Resolves a bearer token to its actor, or throws 401. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Actor> {
  const tokenHash = hashToken(token);
  const cache = actorCacheOf(ctx);
  const kept = cache?.entries.get(tokenHash);
  if (cache && kept) {
    const now = ctx.clock.now();
    const fresh = cache.watch.isFresh(kept.stamp);
    const idleFor = now.getTime() - kept.lastSeenAt;
    // Expiry and idleness are judged again below, from the row, where the session is revoked.
    if (fresh && now.toISOString() < kept.expiresAt && idleFor <= SESSION_IDLE_MS) {
      if (idleFor > TOUCH_INTERVAL_MS) {
        await touchSession(ctx, kept.actor.sessionId, now);
        kept.lastSeenAt = now.getTime();
      }
      return copyOf(kept.actor);
    }
    cache.entries.delete(tokenHash);
  }
  if (!cache) return readActor(ctx, tokenHash, null);
  const generation = cache.watch.generation;
  // Shared only when nothing it is made of changed since the shared read began.
  const inFlight = cache.reading.get(tokenHash);
  if (inFlight && inFlight.generation === generation) return copyOf(await inFlight.actor);
  const actor = readActor(ctx, tokenHash, cache).finally(() => {
    if (cache.reading.get(tokenHash)?.actor === actor) cache.reading.delete(tokenHash);
  });
  cache.reading.set(tokenHash, { generation, actor });
  return copyOf(await actor);
}

/** The database path: the session, its account and memberships; kept when nothing changed meanwhile. */
async function readActor(ctx: AppContext, tokenHash: string, cache: ActorCache | null): Promise<Actor> {
  const generation = cache?.watch.generation;
  const session = await findSessionByTokenHash(ctx.db, tokenHash);
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
  let lastSeenAt = Date.parse(session.last_seen_at);
  if (idleFor > TOUCH_INTERVAL_MS) {
    await touchSession(ctx, session.id, now);
    lastSeenAt = now.getTime();
  }
  const actor: Actor = {
    userId: session.user_id,
    username: session.username,
    displayName: session.display_name,
    memberships: (await loadActorMemberships(ctx, session.user_id)).map((m) => Object.freeze(m)),
    sessionId: session.id,
    serviceAccount: null,
    restriction:
      session.restriction === 'password_change' || session.restriction === 'totp_enrollment'
        ? session.restriction
        : null,
  };
  // Kept only when nothing it is made of changed while it was read, nor just before.
  const stamp = cache && generation !== undefined ? cache.watch.stampFor(generation) : null;
  if (cache && stamp) {
    if (cache.entries.size >= ACTOR_CACHE_MAX) cache.entries.delete(cache.entries.keys().next().value!);
    cache.entries.set(tokenHash, {
      actor: Object.freeze(copyOf(actor)),
      expiresAt: session.expires_at,
      lastSeenAt,
      stamp,
    });
  }
  return actor;
}

/** Records activity on a session (last_seen_at is not watched: no kept actor changes by it). */
async function touchSession(ctx: AppContext, sessionId: number, now: Date): Promise<void> {
  await ctx.db
    .updateTable('user_session')
    .set({ last_seen_at: now.toISOString() })
    .where('id', '=', sessionId)
    .execute();
}

/**
 * Whether a session still stands (not revoked, expired or idle too long), without counting this as
 * activity: a long-lived request (the inbox's event stream) re-checks with it, so an open stream
 * neither outlives a sign-out nor keeps an unattended console signed in.
 */
export async function sessionStillValid(ctx: AppContext, sessionId: number): Promise<boolean> {
  const session = await ctx.db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select(['user_session.revoked_at', 'user_session.expires_at', 'user_session.last_seen_at', 'app_user.disabled'])
    .where('user_session.id', '=', sessionId)
    .executeTakeFirst();
  if (!session || session.revoked_at !== null || session.disabled === 1) return false;
  const now = ctx.clock.now();
  return now.toISOString() < session.expires_at && now.getTime() - Date.parse(session.last_seen_at) <= SESSION_IDLE_MS;
}
