// Failed sign-ins are throttled per account AND client address (ADR 0010): whoever floods an
// account with wrong passwords pauses only their own address, never the owner signing in from
// elsewhere; the paused client is told in Chinese and English when to try again.
//
// The route also keeps @fastify/rate-limit's 10 attempts a minute per address and username (real
// time, per process), so each test stays within 10 requests per address and username.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { parseTrustProxy } from '../../config.ts';

const MINUTE = 60_000;

interface ErrorJson {
  error: { code: string; message: string; details?: { retryAfterSeconds?: number } };
}

function signIn(
  get: () => Harness,
  body: { username: string; password: string },
  from: { ip?: string; forwardedFor?: string } = {},
): Promise<LightMyRequestResponse> {
  return get().inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body,
    ...(from.ip ? { remoteAddress: from.ip } : {}),
    ...(from.forwardedFor ? { headers: { 'x-forwarded-for': from.forwardedFor } } : {}),
  });
}

/** A 429 that says when to try again: header, details and the sentence agree. */
function expectPaused(res: LightMyRequestResponse, code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED', seconds: number) {
  expect(res.statusCode, res.body).toBe(429);
  const { error } = res.json<ErrorJson>();
  expect(error.code).toBe(code);
  expect(res.headers['retry-after']).toBe(String(seconds));
  expect(error.details?.retryAfterSeconds).toBe(seconds);
  const minutes = Math.ceil(seconds / 60);
  expect(error.message).toContain(`请 ${minutes} 分钟后再试`);
  expect(error.message).toContain(`Try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
}

const account = (get: () => Harness) => buildUser(get(), { role: 'operator', unit: '370702-centre', signIn: false });

describeEachDialect('sign-in throttling per account and address', (get) => {
  it('a flood of wrong passwords from one address never stops the right password from another', async () => {
    const user = await account(get);
    const flood: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await signIn(get, { username: user.username, password: `wrong-guess-${i}` }, { ip: '198.51.100.7' });
      flood.push(res.statusCode);
    }
    // Four free mistakes, the fifth pauses the address: five guesses at most, then 429s.
    expect(flood.filter((s) => s === 401)).toHaveLength(5);
    expect(flood.slice(5).every((s) => s === 429)).toBe(true);

    const owner = await signIn(get, { username: user.username, password: user.password }, { ip: '203.0.113.5' });
    expect(owner.statusCode, owner.body).toBe(200);
    // Checked before the password: the flooding address stays paused even with the right one.
    const flooder = await signIn(get, { username: user.username, password: user.password }, { ip: '198.51.100.7' });
    expect(flooder.json<ErrorJson>().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('backs off 1, then 2 minutes after the fifth and sixth failure, and a success starts the count again', async () => {
    const user = await account(get);
    const ip = '192.0.2.10';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await signIn(get, { username: user.username, password: `wrong-${attempt}-pass` }, { ip });
      expect(res.statusCode, `attempt ${attempt}`).toBe(401);
      expect(res.json<ErrorJson>().error.code).toBe('INVALID_CREDENTIALS');
    }
    expectPaused(
      await signIn(get, { username: user.username, password: 'wrong-6-pass' }, { ip }),
      'ACCOUNT_LOCKED',
      60,
    );

    get().clock.advance(1 * MINUTE);
    expect((await signIn(get, { username: user.username, password: 'wrong-7-pass' }, { ip })).statusCode).toBe(401);
    expectPaused(
      await signIn(get, { username: user.username, password: 'wrong-8-pass' }, { ip }),
      'ACCOUNT_LOCKED',
      120,
    );

    get().clock.advance(2 * MINUTE);
    expect((await signIn(get, { username: user.username, password: user.password }, { ip })).statusCode).toBe(200);
    // Counted afresh: without the reset this would be the eighth failure, answered 429.
    const afresh = await signIn(get, { username: user.username, password: 'wrong-9-pass' }, { ip });
    expect(afresh.statusCode, afresh.body).toBe(401);
  });

  it('answers an unknown username exactly like a known one, so the pause reveals no account', async () => {
    const ip = '192.0.2.11';
    const username = `nobody${Date.now().toString(36)}`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await signIn(get, { username, password: `wrong-${attempt}-pass` }, { ip });
      expect(res.json<ErrorJson>().error.code, `attempt ${attempt}`).toBe('INVALID_CREDENTIALS');
    }
    expectPaused(await signIn(get, { username, password: 'wrong-6-pass' }, { ip }), 'ACCOUNT_LOCKED', 60);
  });

  it('lets a burst of parallel wrong passwords through only five times', async () => {
    const user = await account(get);
    const burst = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        signIn(get, { username: user.username, password: `parallel-guess-${i}` }, { ip: '192.0.2.12' }),
      ),
    );
    const codes = burst.map((r) => r.json<ErrorJson>().error.code).sort();
    expect(codes).toEqual([
      ...Array<string>(4).fill('ACCOUNT_LOCKED'),
      ...Array<string>(5).fill('INVALID_CREDENTIALS'),
    ]);
    expect(
      (await signIn(get, { username: user.username, password: user.password }, { ip: '192.0.2.13' })).statusCode,
    ).toBe(200);
  });

  it('counts an IPv6 client by its /64 network, which one subscriber holds whole', async () => {
    const user = await account(get);
    for (let host = 1; host <= 5; host++) {
      const res = await signIn(
        get,
        { username: user.username, password: `wrong-${host}-pass` },
        { ip: `2001:db8:1:2::${host}` },
      );
      expect(res.statusCode, `host ${host}`).toBe(401);
    }
    const sameNetwork = await signIn(
      get,
      { username: user.username, password: user.password },
      { ip: '2001:db8:1:2::99' },
    );
    expectPaused(sameNetwork, 'ACCOUNT_LOCKED', 60);
    const otherNetwork = await signIn(
      get,
      { username: user.username, password: user.password },
      { ip: '2001:db8:1:3::1' },
    );
    expect(otherNetwork.statusCode).toBe(200);
  });

  it('tells a client over the per-address cap when to try again', async () => {
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i <= 100; i++) {
      last = await signIn(get, { username: `spray${i}x`, password: 'wrong-password' }, { ip: '192.0.2.14' });
    }
    expectPaused(last!, 'RATE_LIMITED', 60);
  });

  it('limits current-password attempts on a password change the same way', async () => {
    const user = await buildUser(get(), { role: 'operator', unit: '370702-centre' });
    const change = (currentPassword: string, newPassword = 'Fresh-pass-2027') =>
      get().inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: user.token,
        payload: { currentPassword, newPassword },
      });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await change(`not-it-${attempt}-pass`);
      expect(res.statusCode, `attempt ${attempt}`).toBe(400);
    }
    expectPaused(await change('not-it-6-pass'), 'ACCOUNT_LOCKED', 60);
    expectPaused(await change(user.password), 'ACCOUNT_LOCKED', 60);
    get().clock.advance(1 * MINUTE);
    const changed = await change(user.password);
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it('shows the administrator an account paused somewhere, and a password reset lifts every pause', async () => {
    const user = await account(get);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(get, { username: user.username, password: `wrong-${attempt}-pass` }, { ip: '192.0.2.16' });
    }
    const admin = await get().login('admin');
    const shown = await get().inject({ method: 'GET', url: `/api/v1/users/${user.id}`, token: admin });
    expect(shown.json<{ locked: boolean }>().locked).toBe(true);

    const reset = await get().inject({ method: 'POST', url: `/api/v1/users/${user.id}/password-reset`, token: admin });
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    const after = await get().inject({ method: 'GET', url: `/api/v1/users/${user.id}`, token: admin });
    expect(after.json<{ locked: boolean }>().locked).toBe(false);
    const signedIn = await signIn(get, { username: user.username, password: temporaryPassword }, { ip: '192.0.2.16' });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
  });

  it('ignores X-Forwarded-For unless CONCORD_TRUST_PROXY says a proxy sets it', async () => {
    const user = await account(get);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(
        get,
        { username: user.username, password: `wrong-${attempt}-pass` },
        { ip: '192.0.2.15', forwardedFor: `198.51.100.${attempt}` },
      );
    }
    // A header the client wrote itself does not make it another client.
    const spoofed = await signIn(
      get,
      { username: user.username, password: user.password },
      { ip: '192.0.2.15', forwardedFor: '203.0.113.99' },
    );
    expectPaused(spoofed, 'ACCOUNT_LOCKED', 60);
    const failures = await get()
      .ctx.db.selectFrom('audit_log')
      .select('client_ip')
      .where('action', '=', 'auth.login')
      .where('subject_id', '=', String(user.id))
      .execute();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((r) => r.client_ip === '192.0.2.15')).toBe(true);
  });
});

describeEachDialect(
  'sign-in throttling behind a reverse proxy on the same server (CONCORD_TRUST_PROXY=1)',
  (get) => {
    const PROXY = '127.0.0.1';

    it('throttles the address the proxy reports, so the owner behind the same proxy still signs in', async () => {
      const user = await account(get);
      for (let attempt = 1; attempt <= 5; attempt++) {
        await signIn(
          get,
          { username: user.username, password: `wrong-${attempt}-pass` },
          { ip: PROXY, forwardedFor: '198.51.100.60' },
        );
      }
      const attacker = await signIn(
        get,
        { username: user.username, password: user.password },
        { ip: PROXY, forwardedFor: '198.51.100.60' },
      );
      expectPaused(attacker, 'ACCOUNT_LOCKED', 60);
      // Only the entry the trusted proxy appended counts, not what the client wrote before it.
      const spoofed = await signIn(
        get,
        { username: user.username, password: user.password },
        { ip: PROXY, forwardedFor: '203.0.113.61, 198.51.100.60' },
      );
      expectPaused(spoofed, 'ACCOUNT_LOCKED', 60);

      const owner = await signIn(
        get,
        { username: user.username, password: user.password },
        { ip: PROXY, forwardedFor: '203.0.113.60' },
      );
      expect(owner.statusCode, owner.body).toBe(200);
      const session = await get()
        .ctx.db.selectFrom('user_session')
        .select('client_ip')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(session.client_ip).toBe('203.0.113.60');
    });

    it('ignores X-Forwarded-For from a client that reaches the server directly', async () => {
      const user = await account(get);
      for (let attempt = 1; attempt <= 5; attempt++) {
        await signIn(
          get,
          { username: user.username, password: `wrong-${attempt}-pass` },
          { ip: '192.0.2.77', forwardedFor: `198.51.100.${attempt}` },
        );
      }
      const direct = await signIn(
        get,
        { username: user.username, password: user.password },
        { ip: '192.0.2.77', forwardedFor: '203.0.113.77' },
      );
      expectPaused(direct, 'ACCOUNT_LOCKED', 60);
    });
  },
  { config: { trustProxy: parseTrustProxy('1') } },
);
