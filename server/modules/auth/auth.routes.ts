// HTTP for signing in and the signed-in user's own account.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { WindowLimiter } from '../../platform/http/window-limiter.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  Ok,
  TotpConfirmBody,
  TotpSetupResponse,
} from './auth.schemas.ts';
import { requireActor, tokenOf } from './auth.hook.ts';
import { login } from './use-cases/login.ts';
import { changePassword, confirmTotpEnrollment, logout, startTotpEnrollment } from './use-cases/account.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './sessions.ts';
import { clientKey, retryAfterSecondsOf, tryAgainLater } from './login-throttle.ts';
import { smsAuthRoutes } from './sms-auth.routes.ts';

const TAGS = ['auth'];
const ADDRESS_WINDOW_MS = 60_000;

/** A throttled answer carries Retry-After beside `details.retryAfterSeconds` (RFC 9110 §10.2.3). */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = retryAfterSecondsOf(error);
    if (seconds !== undefined) void reply.header('retry-after', String(seconds));
    throw error;
  }
}

export function authRoutes(app: Api, ctx: AppContext): void {
  const loginsPerAddress = new WindowLimiter(100, ADDRESS_WINDOW_MS);
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.mode === 'production',
  };
  smsAuthRoutes(app, ctx);

  app.post(
    '/api/v1/auth/login',
    {
      // A second, per-address ceiling so one client cannot spray many usernames. Its window is
      // fixed, so the full window is an honest upper bound on the wait.
      onRequest: (request, reply, done) => {
        if (loginsPerAddress.hit(clientKey(request.ip))) return done();
        void reply.header('retry-after', String(ADDRESS_WINDOW_MS / 1000));
        done(tryAgainLater('RATE_LIMITED', ADDRESS_WINDOW_MS));
      },
      config: {
        auth: 'public',
        // Per client address and username: a centre's staff share one NAT address at 8:30, so a
        // per-address limit alone would lock out an office. Backoff after failures (stored, so
        // every process counts alike) does the rest: login-throttle.ts.
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) => {
            const username = (request.body as { username?: unknown } | undefined)?.username;
            return `${clientKey(request.ip)}|${typeof username === 'string' ? username : ''}`;
          },
          errorResponseBuilder: (_request, context) => tryAgainLater('RATE_LIMITED', context.ttl),
        },
      },
      schema: {
        tags: TAGS,
        summary: '登录 / Sign in',
        body: LoginBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await withRetryAfter(reply, () =>
        login(ctx, {
          username: request.body.username,
          password: request.body.password,
          otp: request.body.otp,
          clientIp: request.ip,
          previousToken: tokenOf(request),
        }),
      );
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: SESSION_ABSOLUTE_MS / 1000 });
      return result;
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: 'restricted' },
      schema: { tags: TAGS, summary: '退出登录 / Sign out', response: { 200: Ok, ...errorResponses(401) } },
    },
    async (request, reply) => {
      await logout(ctx, requireActor(request), request.ip);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true };
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: TAGS,
        summary: '当前用户 / The signed-in user',
        response: { 200: MeResponse, ...errorResponses(401) },
      },
    },
    (request) => {
      const actor = requireActor(request);
      return {
        user: { id: actor.userId, username: actor.username, displayName: actor.displayName },
        memberships: actor.memberships.map((m) => ({
          id: m.id,
          unitId: m.unitId,
          unitName: m.unitName,
          unitCode: m.unitCode,
          role: m.role,
        })),
        restriction: actor.restriction,
      };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: TAGS,
        summary: '修改密码 / Change my password',
        body: ChangePasswordBody,
        response: { 200: Ok, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () => changePassword(ctx, requireActor(request), request.body, request.ip));
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: TAGS,
        summary: '开始绑定动态口令 / Start second-factor set-up',
        response: { 200: TotpSetupResponse, ...errorResponses(401, 409) },
      },
    },
    (request) => startTotpEnrollment(ctx, requireActor(request), request.ip),
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    {
      config: { auth: 'restricted' },
      schema: {
        tags: TAGS,
        summary: '确认动态口令 / Confirm second factor',
        body: TotpConfirmBody,
        response: { 200: Ok, ...errorResponses(400, 401, 422) },
      },
    },
    async (request) => {
      await confirmTotpEnrollment(ctx, requireActor(request), request.body.otp, request.ip);
      return { ok: true };
    },
  );
}
