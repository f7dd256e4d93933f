// A one-time code signs in once (RFC 6238 §5.2): the last time step used is remembered per
// account, only a later one is accepted, one step of clock drift either way and no more; two
// sign-ins racing with the same code get one session between them.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { totpCode } from './totp.ts';

const STEP = 30_000;

function errorCode(res: LightMyRequestResponse): string | undefined {
  return res.json<{ error?: { code?: string } }>().error?.code;
}

/** A dispatcher (second factor required in production) with TOTP enrolled at the clock's now. */
async function enrolled(get: () => Harness) {
  const user = await buildUser(get(), { role: 'dispatcher', unit: '370702-centre' });
  const setup = await get().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', token: user.token });
  const { secret } = setup.json<{ secret: string }>();
  const confirmedAt = get().clock.now();
  const confirm = await get().inject({
    method: 'POST',
    url: '/api/v1/auth/totp/confirm',
    token: user.token,
    payload: { otp: totpCode(secret, confirmedAt) },
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const codeAt = (offsetSteps: number, from = get().clock.now()) =>
    totpCode(secret, new Date(from.getTime() + offsetSteps * STEP));
  const signIn = (otp: string) =>
    get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password, otp },
    });
  return { user, confirmedAt, codeAt, signIn };
}

describeEachDialect(
  'one-time codes are good once',
  (get) => {
    it('refuses a code already used, also the one that confirmed the enrolment', async () => {
      const { confirmedAt, codeAt, signIn } = await enrolled(get);
      const confirmCode = codeAt(0, confirmedAt);
      const replayedConfirm = await signIn(confirmCode);
      expect(replayedConfirm.statusCode).toBe(401);
      expect(errorCode(replayedConfirm)).toBe('OTP_INVALID');

      const next = codeAt(1);
      expect((await signIn(next)).statusCode).toBe(200);
      const replayed = await signIn(next);
      expect(replayed.statusCode).toBe(401);
      expect(errorCode(replayed)).toBe('OTP_INVALID');

      // Two steps on, the used code is still within drift of now, and still refused.
      get().clock.advance(2 * STEP);
      expect(errorCode(await signIn(next))).toBe('OTP_INVALID');
      expect((await signIn(codeAt(0))).statusCode).toBe(200);
    });

    it('allows one step of drift either way and no more, each step once', async () => {
      const { codeAt, signIn } = await enrolled(get);
      get().clock.advance(10 * STEP);
      expect(errorCode(await signIn(codeAt(-2)))).toBe('OTP_INVALID');
      expect(errorCode(await signIn(codeAt(2)))).toBe('OTP_INVALID');
      expect((await signIn(codeAt(-1))).statusCode).toBe(200);
      expect((await signIn(codeAt(1))).statusCode).toBe(200);
      // The current step is older than the one just used: refused.
      expect(errorCode(await signIn(codeAt(0)))).toBe('OTP_INVALID');
    });

    it('gives one session to two sign-ins racing with the same code', async () => {
      const { user, codeAt, signIn } = await enrolled(get);
      get().clock.advance(5 * STEP);
      const code = codeAt(0);
      const sessionsBefore = await get()
        .ctx.db.selectFrom('user_session')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      const answers = await Promise.all([signIn(code), signIn(code), signIn(code)]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
      const sessionsAfter = await get()
        .ctx.db.selectFrom('user_session')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      expect(sessionsAfter.length - sessionsBefore.length).toBe(1);
    });
  },
  { config: { mode: 'production' } },
);
