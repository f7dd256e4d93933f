// Account administration stays inside the administrator's area (issue 13 item 5): an account is
// managed only by an admin whose jurisdiction holds all of its memberships, an account without
// memberships only by a province-level admin; a reset password must be changed at next login and
// the owner is told (an outbox message, never the password).
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { createUser, resetPassword } from './use-cases/manage-users.ts';

function errorCode(res: LightMyRequestResponse): string | undefined {
  return res.json<{ error?: { code?: string } }>().error?.code;
}

async function accountWithoutMemberships(h: Harness): Promise<number> {
  const { id } = await createUser(
    h.ctx,
    { actor: null, clientIp: null },
    { username: `nomember${Date.now().toString(36)}`, displayName: '未分配', password: 'Concord-test-2026' },
  );
  return id;
}

async function outboxFor(h: Harness, userId: number) {
  return h.ctx.db
    .selectFrom('outbox')
    .select(['topic', 'recipient_type', 'recipient', 'payload'])
    .where('recipient_type', '=', 'user')
    .where('recipient', '=', String(userId))
    .execute();
}

describeEachDialect('account administration within the administrator’s area', (get) => {
  it('leaves an account without memberships to a province-level admin', async () => {
    const h = get();
    const target = await accountWithoutMemberships(h);
    const countyAdmin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const inside = await h.unit('370702001-centre');
    for (const [method, url, payload] of [
      ['POST', `/api/v1/users/${target}/password-reset`, undefined],
      ['POST', `/api/v1/users/${target}/disable`, undefined],
      // Giving it a role in the county admin's own area would hand the admin the account.
      ['POST', `/api/v1/users/${target}/memberships`, { unitId: inside.id, role: 'dispatcher' }],
    ] as const) {
      const res = await h.inject({ method, url, token: countyAdmin.token, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const memberships = await h.ctx.db.selectFrom('membership').select('id').where('user_id', '=', target).execute();
    expect(memberships).toEqual([]);

    const provinceAdmin = await h.login('admin');
    const reset = await h.inject({
      method: 'POST',
      url: `/api/v1/users/${target}/password-reset`,
      token: provinceAdmin,
    });
    expect(reset.statusCode, reset.body).toBe(200);
  });

  it('hides an account of another county from a county admin', async () => {
    const h = get();
    const elsewhere = await buildUser(h, { role: 'operator', unit: '370703-centre', signIn: false });
    const countyAdmin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/users/${elsewhere.id}/password-reset`,
      token: countyAdmin.token,
    });
    expect(res.statusCode).toBe(404);
  });

  it('makes a reset password be changed at next login and tells the owner, without the password', async () => {
    const h = get();
    const user = await buildUser(h, { role: 'operator', unit: '370702-centre', signIn: false });
    const countyAdmin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const reset = await h.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/password-reset`,
      token: countyAdmin.token,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();

    const login = await h.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: temporaryPassword },
    });
    expect(login.json<{ restriction: string | null }>().restriction).toBe('password_change');

    const told = await outboxFor(h, user.id);
    expect(told.map((m) => m.topic)).toEqual(['account.password_reset']);
    expect(told[0]!.payload).not.toContain(temporaryPassword);
    expect(JSON.parse(told[0]!.payload)).toMatchObject({ username: user.username, resetBy: countyAdmin.username });

    // The CLI's reset (no actor) tells the owner too.
    const again = await resetPassword(h.ctx, { actor: null, clientIp: null }, user.id);
    const toldAgain = await outboxFor(h, user.id);
    expect(toldAgain).toHaveLength(2);
    expect(toldAgain.every((m) => !m.payload.includes(again.temporaryPassword))).toBe(true);
  });
});
