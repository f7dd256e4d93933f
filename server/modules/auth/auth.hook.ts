// Resolves the actor of each request from `Authorization: Bearer …` or the session cookie, and
// enforces each route's `config.auth`: public, session (default), or restricted (reachable while
// the session must still change its password or enrol a second factor).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditEntry } from '../../platform/audit/audit.ts';
import { actingMembership, can, type Action, type Actor } from './access.policy.ts';
import { SESSION_COOKIE, authenticateToken } from './sessions.ts';
import { countRefusal } from './refusal-alerts.ts';
import { API_KEY_HEADER, authenticateApiKey } from './service-accounts.ts';
import { retryAfterSecondsOf } from './login-throttle.ts';

export type RouteAuth = 'public' | 'session' | 'restricted';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie === undefined || cookie === '' ? undefined : cookie;
}

export function registerAuthHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    // Unknown routes answer 404 and the offline API docs are public; everything else defaults
    // to needing a session, so a route that forgets to say is closed, not open.
    if (request.is404 || request.url.startsWith('/api/docs')) return;
    const mode = request.routeOptions.config.auth ?? 'session';
    if (mode === 'public') return;
    const apiKey = request.headers[API_KEY_HEADER];
    if (apiKey !== undefined) {
      // Another system's key (issue 15): its service account acts by its scopes on session routes;
      // the people's own routes (sign-out, /me, password, second factor) are not for it.
      if (mode === 'restricted') throw new AppError('SERVICE_ACCOUNT_NOT_ALLOWED');
      try {
        request.actor = await authenticateApiKey(ctx, Array.isArray(apiKey) ? '' : apiKey, request.ip, {
          method: request.method,
          route: request.routeOptions.url ?? null,
        });
      } catch (error) {
        const seconds = retryAfterSecondsOf(error);
        if (seconds !== undefined) void reply.header('retry-after', String(seconds));
        throw error;
      }
      return;
    }
    const token = tokenOf(request);
    if (token === undefined) throw new AppError('UNAUTHENTICATED', '请先登录 / Please sign in');
    const actor = await authenticateToken(ctx, token);
    request.actor = actor;
    if (actor.restriction !== null && mode !== 'restricted') {
      throw actor.restriction === 'password_change'
        ? new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改密码 / You must change your password first')
        : new AppError('TOTP_ENROLLMENT_REQUIRED', '请先绑定动态口令 / Set up your second factor first');
    }
  });
}

/**
 * Records refusals that use cases raise themselves (AppError.denying) as denied requests, and
 * counts every 404 and 403 of a signed-in actor towards the security alert (refusal-alerts.ts).
 */
export function registerDenialAudit(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AppError) || !request.actor) return;
    if (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN') {
      try {
        await countRefusal(ctx, request.actor, {
          method: request.method,
          route: request.routeOptions.url ?? null,
          code: error.code,
          clientIp: request.ip,
        });
      } catch (failure) {
        // The refusal itself stands; a counter that cannot be written is logged, not answered.
        request.log.error({ err: failure }, 'counting a refusal failed');
      }
    }
    if (!error.deniedSubject) return;
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: auditActorOf(request.actor),
          action: `${request.method} ${request.routeOptions.url ?? ''}`,
          subjectType: error.deniedSubject!.type,
          subjectId: error.deniedSubject!.id,
          outcome: 'denied',
          clientIp: request.ip,
          details: { code: error.code },
        },
        ctx.clock.now(),
      ),
    );
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录 / Please sign in');
  return request.actor;
}

export function auditActorOf(actor: Actor | null, action?: Action): AuditEntry['actor'] {
  if (!actor) return null;
  const membership = actingMembership(actor, action);
  return {
    userId: actor.userId,
    username: actor.username,
    role: membership?.role ?? null,
    unitId: membership?.unitId ?? null,
  };
}

/**
 * Checks the policy; on refusal records the denied request in the audit log and throws 403 when
 * the role may never do this, 404 when the record is outside the actor's jurisdiction.
 */
export async function authorize(
  ctx: AppContext,
  request: FastifyRequest,
  action: Action,
  resource?: { paths?: string[] | undefined; type: string; id: string | number },
): Promise<Actor> {
  const actor = requireActor(request);
  if (can(actor, action, resource?.paths)) return actor;
  const roleAllows = can(actor, action);
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action,
        subjectType: resource?.type ?? null,
        subjectId: resource?.id ?? null,
        outcome: 'denied',
        clientIp: request.ip,
        details: { route: request.routeOptions.url ?? null, method: request.method },
      },
      ctx.clock.now(),
    ),
  );
  if (roleAllows && resource?.paths) throw new AppError('NOT_FOUND', '记录不存在 / Not found');
  throw new AppError('FORBIDDEN', '无权执行此操作 / You may not do this');
}
