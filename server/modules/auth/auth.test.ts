// Sign-in, sessions, account protection, second factor, audit and account administration, as a
// user or an administrator meets them through the HTTP API.
//
// The login route is rate-limited per client (and username), per app instance, so the tests
// spread their sign-ins over several accounts and several blocks (each has its own app).
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { totpCode } from './totp.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const TEST_PASSWORD = 'Concord-test-2026';

interface LoginJson {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; displayName: string };
  restriction: 'password_change' | 'totp_enrollment' | null;
}

function errorCode(res: LightMyRequestResponse): string | undefined {
  return res.json<{ error?: { code?: string } }>().error?.code;
}

function loginRequest(
  get: () => Harness,
  body: { username: string; password: string; otp?: string },
  headers?: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return get().inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, ...(headers ? { headers } : {}) });
}

function me(get: () => Harness, token: string): Promise<LightMyRequestResponse> {
  return get().inject({ method: 'GET', url: '/api/v1/me', token });
}

function units(get: () => Harness, token: string): Promise<LightMyRequestResponse> {
  return get().inject({ method: 'GET', url: '/api/v1/units?limit=1', token });
}

async function maxAuditSeq(get: () => Harness): Promise<number> {
  const row = await get()
    .ctx.db.selectFrom('audit_log')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

describeEachDialect('signing in and sessions', (get) => {
  it('signs in a demo account with a token, an HttpOnly cookie and no restriction', async () => {
    const res = await loginRequest(get, { username: 'dispatcher', password: 'demo1234' });
    expect(res.statusCode).toBe(200);
    const body = res.json<LoginJson>();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'restriction', 'token', 'user']);
    expect(body.restriction).toBeNull();
    expect(body.user).toMatchObject({ username: 'dispatcher', displayName: '潍城区综治中心调度员' });
    expect(typeof body.user.id).toBe('number');
    // Absolute lifetime of 12 hours from now.
    expect(Date.parse(body.expiresAt)).toBe(get().clock.now().getTime() + 12 * HOUR);

    const cookie = res.cookies.find((c) => c.name === 'concord_session');
    expect(cookie).toBeDefined();
    expect(cookie!.value).toBe(body.token);
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.path).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
  });

  it('authenticates /me by the cookie alone and by a Bearer header, with memberships', async () => {
    const token = await get().login('dispatcher');
    const centre = await get().unit('370702-centre');

    const byCookie = await get().inject({ method: 'GET', url: '/api/v1/me', cookies: { concord_session: token } });
    expect(byCookie.statusCode).toBe(200);
    const byBearer = await get().inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byBearer.statusCode).toBe(200);
    expect(byBearer.json()).toEqual(byCookie.json());

    const body = byCookie.json<{
      user: { username: string };
      memberships: { unitId: number; unitName: string; unitCode: string; role: string }[];
      restriction: string | null;
    }>();
    expect(body.user.username).toBe('dispatcher');
    expect(body.restriction).toBeNull();
    expect(body.memberships).toHaveLength(1);
    expect(body.memberships[0]).toMatchObject({
      unitId: centre.id,
      unitName: '潍城区综治中心',
      unitCode: '370702-centre',
      role: 'dispatcher',
    });
  });

  it('refuses /me without a token, and with a token that was never issued', async () => {
    const none = await get().inject({ method: 'GET', url: '/api/v1/me' });
    expect(none.statusCode).toBe(401);
    expect(errorCode(none)).toBe('UNAUTHENTICATED');
    const made = await me(get, 'x'.repeat(43));
    expect(made.statusCode).toBe(401);
    expect(errorCode(made)).toBe('UNAUTHENTICATED');
  });

  it('stores neither the token nor the password in clear; tokens carry at least 128 bits', async () => {
    const first = (await loginRequest(get, { username: 'operator', password: 'demo1234' })).json<LoginJson>();
    const second = (await loginRequest(get, { username: 'operator', password: 'demo1234' })).json<LoginJson>();
    for (const token of [first.token, second.token]) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    }
    expect(first.token).not.toBe(second.token);

    const sessions = await get()
      .ctx.db.selectFrom('user_session')
      .selectAll()
      .where('user_id', '=', first.user.id)
      .execute();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const session of sessions) {
      for (const token of [first.token, second.token]) {
        expect(session.token_hash).not.toBe(token);
        expect(JSON.stringify(session)).not.toContain(token);
      }
    }

    const user = await get()
      .ctx.db.selectFrom('app_user')
      .selectAll()
      .where('username', '=', 'operator')
      .executeTakeFirstOrThrow();
    expect(user.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(user.password_hash).not.toContain('demo1234');
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await loginRequest(get, { username: 'operator', password: 'wrong-password-1' });
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    expect(wrong.cookies.find((c) => c.name === 'concord_session')).toBeUndefined();
    const unknown = await loginRequest(get, { username: 'nobody-here', password: 'demo1234' });
    expect(unknown.statusCode).toBe(401);
    expect(errorCode(unknown)).toBe('INVALID_CREDENTIALS');
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe(
      wrong.json<{ error: { message: string } }>().error.message,
    );
  });

  it('expires a session left idle for more than 30 minutes', async () => {
    const kept = await get().login('mediator');
    get().clock.advance(29 * MINUTE);
    expect((await me(get, kept)).statusCode).toBe(200);

    const idle = await get().login('mediator');
    get().clock.advance(31 * MINUTE);
    const res = await me(get, idle);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('SESSION_EXPIRED');
    // Once expired it stays dead, even used again right away.
    const again = await me(get, idle);
    expect(again.statusCode).toBe(401);
  });

  it('keeps a session used every 20 minutes alive for hours, but ends it 12 hours after sign-in', async () => {
    const token = await get().login('mediator');
    // 35 × 20 min = 11 h 40 min: still valid at every step.
    for (let step = 1; step <= 35; step++) {
      get().clock.advance(20 * MINUTE);
      const res = await me(get, token);
      expect(res.statusCode, `after ${step * 20} minutes`).toBe(200);
    }
    get().clock.advance(20 * MINUTE);
    const res = await me(get, token);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('SESSION_EXPIRED');
  });

  it('revokes the token on logout and clears the cookie', async () => {
    const token = await get().login('department');
    const out = await get().inject({ method: 'POST', url: '/api/v1/auth/logout', token });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ok: true });
    const cleared = out.cookies.find((c) => c.name === 'concord_session');
    expect(cleared?.value).toBe('');
    const after = await me(get, token);
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
  });

  it('rotates: signing in while presenting the old token revokes the old token', async () => {
    const old = await get().login('department');
    const res = await loginRequest(
      get,
      { username: 'department', password: 'demo1234' },
      { authorization: `Bearer ${old}` },
    );
    expect(res.statusCode).toBe(200);
    const fresh = res.json<LoginJson>().token;
    expect(fresh).not.toBe(old);
    expect((await me(get, old)).statusCode).toBe(401);
    expect((await me(get, fresh)).statusCode).toBe(200);
  });

  it('does not ask a dispatcher to enrol a second factor in demo mode', async () => {
    const dispatcher = await get().userWith('dispatcher', '370702-centre');
    const res = await loginRequest(get, { username: dispatcher.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json<LoginJson>();
    expect(body.restriction).toBeNull();
    expect((await units(get, body.token)).statusCode).toBe(200);
  });
});

describeEachDialect('account protection', (get) => {
  it('pauses sign-in from the failing address after 5 wrong passwords, for a minute at first', async () => {
    // The schedule, the per-address keying and the proxy rules: login-throttle.test.ts.
    const user = await get().userWith('operator', '370702-centre');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await loginRequest(get, { username: user.username, password: `wrong-${attempt}-pass` });
      expect(res.statusCode, `attempt ${attempt}`).toBe(401);
      expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
    }

    const paused = await loginRequest(get, { username: user.username, password: TEST_PASSWORD });
    expect(errorCode(paused)).toBe('ACCOUNT_LOCKED');
    expect(paused.statusCode).toBe(429);
    expect(paused.headers['retry-after']).toBe('60');
    expect(paused.cookies.find((c) => c.name === 'concord_session')).toBeUndefined();

    get().clock.advance(1 * MINUTE);
    const resumed = await loginRequest(get, { username: user.username, password: TEST_PASSWORD });
    expect(resumed.statusCode).toBe(200);
    expect((await me(get, resumed.json<LoginJson>().token)).statusCode).toBe(200);
    // A successful login resets the count: one more mistake does not pause again.
    const oneMistake = await loginRequest(get, { username: user.username, password: 'wrong-again-1' });
    expect(errorCode(oneMistake)).toBe('INVALID_CREDENTIALS');
  });

  it('disabling an account ends its sessions at once and refuses its login; enabling restores it', async () => {
    const admin = await get().login('admin');
    const user = await get().userWith('operator', '370702-centre');
    expect((await me(get, user.token)).statusCode).toBe(200);

    const disable = await get().inject({ method: 'POST', url: `/api/v1/users/${user.id}/disable`, token: admin });
    expect(disable.statusCode).toBe(200);
    const after = await me(get, user.token);
    expect(after.statusCode).toBe(401);
    const sessions = await get()
      .ctx.db.selectFrom('user_session')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);

    const login = await loginRequest(get, { username: user.username, password: TEST_PASSWORD });
    expect(login.statusCode).toBe(401);
    expect(errorCode(login)).toBe('INVALID_CREDENTIALS');

    const listed = await get().inject({ method: 'GET', url: `/api/v1/users/${user.id}`, token: admin });
    expect(listed.json<{ disabled: boolean }>().disabled).toBe(true);

    const enable = await get().inject({ method: 'POST', url: `/api/v1/users/${user.id}/enable`, token: admin });
    expect(enable.statusCode).toBe(200);
    expect((await loginRequest(get, { username: user.username, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('a password reset by the admin forces a change before anything else works', async () => {
    const admin = await get().login('admin');
    const user = await get().userWith('operator', '370702-centre');
    const reset = await get().inject({ method: 'POST', url: `/api/v1/users/${user.id}/password-reset`, token: admin });
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect(temporaryPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{8,}$/);

    // The reset ends existing sessions and the old password.
    expect((await me(get, user.token)).statusCode).toBe(401);
    expect(errorCode(await loginRequest(get, { username: user.username, password: TEST_PASSWORD }))).toBe(
      'INVALID_CREDENTIALS',
    );

    const login = await loginRequest(get, { username: user.username, password: temporaryPassword });
    expect(login.statusCode).toBe(200);
    const { token, restriction } = login.json<LoginJson>();
    expect(restriction).toBe('password_change');
    const blocked = await units(get, token);
    expect(blocked.statusCode).toBe(403);
    expect(errorCode(blocked)).toBe('PASSWORD_CHANGE_REQUIRED');
    // /me stays reachable so the client can show the change form.
    expect((await me(get, token)).json()).toMatchObject({ restriction: 'password_change' });

    const wrongCurrent = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      token,
      payload: { currentPassword: 'not-the-temp-1', newPassword: 'Brand-new-2026' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    const weak = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      token,
      payload: { currentPassword: temporaryPassword, newPassword: 'short1' },
    });
    expect(weak.statusCode).toBe(400);

    const change = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      token,
      payload: { currentPassword: temporaryPassword, newPassword: 'Brand-new-2026' },
    });
    expect(change.statusCode).toBe(200);
    expect((await units(get, token)).statusCode).toBe(200);
    const next = await loginRequest(get, { username: user.username, password: 'Brand-new-2026' });
    expect(next.statusCode).toBe(200);
    expect(next.json<LoginJson>().restriction).toBeNull();
  });
});

describeEachDialect('account administration and audit', (get) => {
  it('records a successful login, a failed login and a denied request, never with the password', async () => {
    const before = await maxAuditSeq(get);
    const resident = await get().login('resident');
    const failed = await loginRequest(get, { username: 'resident', password: 'Wrong-Secret-77' });
    expect(failed.statusCode).toBe(401);
    const denied = await get().inject({ method: 'GET', url: '/api/v1/users', token: resident });
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('FORBIDDEN');

    const rows = await get()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    const residentRow = await get()
      .ctx.db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'resident')
      .executeTakeFirstOrThrow();
    expect(rows.map((r) => [r.action, r.outcome, r.actor_username])).toEqual([
      ['auth.login', 'success', 'resident'],
      ['auth.login', 'failure', 'resident'],
      ['user:read', 'denied', 'resident'],
    ]);
    expect(rows[0]!.actor_role).toBe('resident');
    expect(rows[0]!.subject_id).toBe(String(residentRow.id));
    expect(rows[1]!.subject_id).toBe(String(residentRow.id));
    expect(rows.every((r) => r.actor_user_id === residentRow.id)).toBe(true);

    const everything = JSON.stringify(await get().ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain('Wrong-Secret-77');
    expect(everything).not.toContain('demo1234');
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain(resident);
  });

  it('lets the admin create an account with a membership and a temporary password', async () => {
    const admin = await get().login('admin');
    const township = await get().unit('370702001');
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: {
        username: 'wang.fang',
        displayName: '王芳',
        memberships: [{ unitId: township.id, role: 'grid_worker' }],
      },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<{
      user: {
        id: number;
        username: string;
        mustChangePassword: boolean;
        disabled: boolean;
        memberships: { unitId: number; unitName: string; role: string }[];
      };
      temporaryPassword: string;
    }>();
    expect(created.temporaryPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
    expect(created.user).toMatchObject({ username: 'wang.fang', mustChangePassword: true, disabled: false });
    expect(created.user.memberships).toEqual([
      expect.objectContaining({ unitId: township.id, unitName: '城关街道', role: 'grid_worker' }),
    ]);

    const stored = await get()
      .ctx.db.selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', created.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(stored.password_hash).not.toContain(created.temporaryPassword);

    const list = await get().inject({ method: 'GET', url: '/api/v1/users?limit=500', token: admin });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: number; username: string }[] }>().items;
    expect(items.find((u) => u.id === created.user.id)?.username).toBe('wang.fang');
    const search = await get().inject({ method: 'GET', url: '/api/v1/users?q=wang.fang', token: admin });
    expect(search.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toEqual(['wang.fang']);

    const login = await loginRequest(get, { username: 'wang.fang', password: created.temporaryPassword });
    expect(login.statusCode).toBe(200);
    expect(login.json<LoginJson>().restriction).toBe('password_change');
  });

  it('refuses a duplicate username with 409 and an unknown role with 400 naming the field', async () => {
    const admin = await get().login('admin');
    const centre = await get().unit('370702-centre');
    const first = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { username: 'li.lei', displayName: '李雷', memberships: [{ unitId: centre.id, role: 'operator' }] },
    });
    expect(first.statusCode).toBe(201);
    const duplicate = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { username: 'li.lei', displayName: '另一个李雷' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(errorCode(duplicate)).toBe('USERNAME_TAKEN');

    const badRole = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { username: 'han.meimei', displayName: '韩梅梅', memberships: [{ unitId: centre.id, role: 'emperor' }] },
    });
    expect(badRole.statusCode).toBe(400);
    const error = badRole.json<{ error: { code: string; details: { field: string }[] } }>().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.some((d) => /role/.test(d.field))).toBe(true);
    // Nothing was created by the refused request.
    const row = await get()
      .ctx.db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'han.meimei')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('does not let a non-admin create accounts', async () => {
    const operator = await get().login('operator');
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: operator,
      payload: { username: 'sneaky.one', displayName: '越权' },
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    const row = await get()
      .ctx.db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'sneaky.one')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});

describeEachDialect(
  'second factor in production mode',
  (get) => {
    it('makes a new dispatcher enrol TOTP, then requires the code at every login', async () => {
      // userWith signs in too; in production mode that token is restricted, as expected.
      const dispatcher = await get().userWith('dispatcher', '370702-centre');
      const login = await loginRequest(get, { username: dispatcher.username, password: TEST_PASSWORD });
      expect(login.statusCode).toBe(200);
      const { token, restriction } = login.json<LoginJson>();
      expect(restriction).toBe('totp_enrollment');
      // Production cookies are Secure.
      expect(login.cookies.find((c) => c.name === 'concord_session')?.secure).toBe(true);

      const blocked = await units(get, token);
      expect(blocked.statusCode).toBe(403);
      expect(errorCode(blocked)).toBe('TOTP_ENROLLMENT_REQUIRED');
      expect((await me(get, token)).json()).toMatchObject({ restriction: 'totp_enrollment' });

      const setup = await get().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', token });
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUri } = setup.json<{ secret: string; otpauthUri: string }>();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(otpauthUri).toContain(`secret=${secret}`);
      // The secret is kept encrypted, not in clear.
      const stored = await get()
        .ctx.db.selectFrom('app_user')
        .select('totp_secret')
        .where('id', '=', dispatcher.id)
        .executeTakeFirstOrThrow();
      expect(stored.totp_secret).toBeTruthy();
      expect(stored.totp_secret).not.toContain(secret);

      const wrongConfirm = await get().inject({
        method: 'POST',
        url: '/api/v1/auth/totp/confirm',
        token,
        payload: { otp: 'abcdef' },
      });
      expect(wrongConfirm.statusCode).toBe(400);
      expect((await units(get, token)).statusCode).toBe(403);

      const confirm = await get().inject({
        method: 'POST',
        url: '/api/v1/auth/totp/confirm',
        token,
        payload: { otp: totpCode(secret, get().clock.now()) },
      });
      expect(confirm.statusCode).toBe(200);
      expect((await units(get, token)).statusCode).toBe(200);
      const again = await get().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', token });
      expect(again.statusCode).toBe(409);

      get().clock.advance(2 * MINUTE);
      const noOtp = await loginRequest(get, { username: dispatcher.username, password: TEST_PASSWORD });
      expect(noOtp.statusCode).toBe(401);
      expect(errorCode(noOtp)).toBe('OTP_REQUIRED');

      const now = get().clock.now();
      const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, new Date(now.getTime() + d * 30_000))));
      let wrongCode = totpCode(secret, new Date(now.getTime() + 10 * 30_000));
      for (let k = 11; valid.has(wrongCode); k++) wrongCode = totpCode(secret, new Date(now.getTime() + k * 30_000));
      const badOtp = await loginRequest(get, {
        username: dispatcher.username,
        password: TEST_PASSWORD,
        otp: wrongCode,
      });
      expect(badOtp.statusCode).toBe(401);
      expect(errorCode(badOtp)).toBe('OTP_INVALID');

      const good = await loginRequest(get, {
        username: dispatcher.username,
        password: TEST_PASSWORD,
        otp: totpCode(secret, now),
      });
      expect(good.statusCode).toBe(200);
      const signedIn = good.json<LoginJson>();
      expect(signedIn.restriction).toBeNull();
      expect((await units(get, signedIn.token)).statusCode).toBe(200);
    });

    it('makes a new admin and a new leader enrol TOTP before anything else at their first sign-in', async () => {
      for (const [role, unit] of [
        ['admin', '370702-centre'],
        ['leader', '370702'],
      ] as const) {
        const user = await get().userWith(role, unit);
        expect((await me(get, user.token)).json(), role).toMatchObject({ restriction: 'totp_enrollment' });
        const blocked = await units(get, user.token);
        expect(blocked.statusCode, role).toBe(403);
        expect(errorCode(blocked)).toBe('TOTP_ENROLLMENT_REQUIRED');
      }
    });

    it('does not ask an operator, whose role needs no second factor, to enrol', async () => {
      const operator = await get().userWith('operator', '370702-centre');
      expect((await units(get, operator.token)).statusCode).toBe(200);
      expect((await me(get, operator.token)).json()).toMatchObject({ restriction: null });
    });
  },
  { config: { mode: 'production' } },
);
