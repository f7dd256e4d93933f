// HTTP for residents signing up and in by a code sent by SMS (issue 15). Both routes are public.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { LoginResponse } from './auth.schemas.ts';
import { SmsCodeBody, SmsCodeSent, SmsLoginBody } from './sms-auth.schemas.ts';
import { tokenOf } from './auth.hook.ts';
import { sendSmsCode } from './use-cases/send-sms-code.ts';
import { smsLogin } from './use-cases/sms-login.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './sessions.ts';
import { clientKey, retryAfterSecondsOf, tryAgainLater } from './login-throttle.ts';

const TAGS = ['auth'];

async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = retryAfterSecondsOf(error);
    if (seconds !== undefined) void reply.header('retry-after', String(seconds));
    throw error;
  }
}

export function smsAuthRoutes(app: Api, ctx: AppContext): void {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.mode === 'production',
  };

  app.post(
    '/api/v1/auth/sms-code',
    {
      config: { auth: 'public' },
      schema: {
        tags: TAGS,
        summary: '获取短信验证码 / Send a sign-in code by SMS',
        description:
          'Sends a six-digit code, valid 5 minutes for 5 tries, to a mainland mobile; a new code replaces older ones. The answer is the same whether the phone has an account or not. One code a minute and five an hour per phone, thirty an hour per client address (429 `SMS_CODE_RATE_LIMITED` with `Retry-After`). In demo mode the SMS is in the SMS outbox.',
        body: SmsCodeBody,
        response: { 202: SmsCodeSent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const sent = await withRetryAfter(reply, () =>
        sendSmsCode(ctx, { phone: request.body.phone, clientIp: request.ip }),
      );
      return reply.status(202).send(sent);
    },
  );

  app.post(
    '/api/v1/auth/sms-login',
    {
      config: {
        auth: 'public',
        // Each code allows five tries; this stops one address from cycling through many phones fast.
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) => clientKey(request.ip),
          errorResponseBuilder: (_request, context) => tryAgainLater('RATE_LIMITED', context.ttl),
        },
      },
      schema: {
        tags: TAGS,
        summary: '验证码登录 / Sign in (or sign up) with the SMS code',
        description:
          'Signs in with the phone’s newest code: `{token, user}` and a session cookie, like the password sign-in. A phone with no account becomes a resident account. A wrong code counts a try (`SMS_CODE_WRONG` with `details.attemptsLeft`); the fifth kills the code (`SMS_CODE_USED_UP`); after 5 minutes `SMS_CODE_EXPIRED`.',
        body: SmsLoginBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { created: _created, ...result } = await withRetryAfter(reply, () =>
        smsLogin(ctx, {
          phone: request.body.phone,
          code: request.body.code,
          clientIp: request.ip,
          previousToken: tokenOf(request),
        }),
      );
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: SESSION_ABSOLUTE_MS / 1000 });
      return result;
    },
  );
}
