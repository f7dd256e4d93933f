// Wherever a password is set — an administrator creating an account, a user changing theirs —
// the rules of passwords.ts apply, with a bilingual message on the field (the CLI: test/cli-passwords.test.ts).
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';

interface ErrorJson {
  error: { code: string; message: string; details: { field: string; message: string }[] };
}

function expectRefused(res: LightMyRequestResponse, field: string, reason: RegExp) {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = res.json<ErrorJson>();
  expect(error.code).toBe('VALIDATION_FAILED');
  const detail = error.details.find((d) => d.field === field);
  expect(detail, JSON.stringify(error.details)).toBeDefined();
  expect(detail!.message).toMatch(reason);
  // Chinese first, then English.
  expect(detail!.message).toMatch(/^[^A-Za-z]+ \/ [A-Z]/);
}

describeEachDialect('password rules wherever a password is set', (get) => {
  it('refuses a short, a common and a username password when an administrator creates an account', async () => {
    const admin = await get().login('admin');
    const create = (username: string, password: string) =>
      get().inject({
        method: 'POST',
        url: '/api/v1/users',
        token: admin,
        payload: { username, displayName: '测试', password },
      });
    expectRefused(await create('pw.short', 'Zq7-kw2-x'), 'password', /至少 10 位/);
    expectRefused(await create('pw.common', 'Password1234'), 'password', /太常见/);
    expectRefused(await create('pw.same2026', 'PW.SAME2026'), 'password', /用户名/);
    expectRefused(await create('pw.demo', 'demo1234'), 'password', /至少 10 位/);
    const rows = await get()
      .ctx.db.selectFrom('app_user')
      .select('username')
      .where('username', 'like', 'pw.%')
      .execute();
    expect(rows).toEqual([]);
    const fine = await create('pw.fine', 'Concord-test-2026');
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('refuses a common new password or the username on a password change', async () => {
    // The username holds a digit so that, as a password, it passes the letters-and-digits rule and
    // meets the username rule (a base-36 timestamp alone is sometimes all letters).
    const user = await buildUser(get(), { username: `pwchange1${Date.now().toString(36)}` });
    const change = (newPassword: string) =>
      get().inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: user.token,
        payload: { currentPassword: user.password, newPassword },
      });
    expectRefused(await change('Qwerty123456'), 'newPassword', /太常见/);
    expectRefused(await change(user.username.toUpperCase()), 'newPassword', /用户名/);
    expectRefused(await change('short1abc'), 'newPassword', /至少 10 位/);
    expect((await change('Brand-new-2026')).statusCode).toBe(200);
  });
});
