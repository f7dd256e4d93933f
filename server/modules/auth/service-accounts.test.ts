// Service accounts and API keys (issue 15) on both databases: an administrator creates a key for a
// unit of their area; the key acts by its scopes inside that unit's area only, is rate-limited,
// audited under `svc:<name>`, refused once revoked, never stored in clear, and never a person.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

interface Created {
  id: number;
  key: string;
  webhookSecret: string | null;
  account: {
    id: number;
    name: string;
    username: string;
    keyPrefix: string;
    scopes: string[];
    revokedAt: string | null;
  };
}

describeEachDialect('service accounts and API keys', (get) => {
  let countyAdmin: { id: number; token: string } | undefined;
  let n = 0;
  const adminToken = async (h: Harness) => (countyAdmin ??= await h.userWith('admin', '370702-centre')).token;

  async function createAccount(h: Harness, body: Record<string, unknown>, token?: string): Promise<Created> {
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: token ?? (await adminToken(h)),
      payload: { name: `平台${++n}-${h.dialect}`, unitId: (await h.unit('370702')).id, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Created;
  }

  function newCase(unitId: number) {
    return {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'api',
      description: '夜间施工噪音扰民，12345 转来',
      unitId,
    };
  }

  it('creates a key shown once that registers and reads cases in its unit by its scopes', async () => {
    const h = get();
    const created = await createAccount(h, { scopes: ['cases:create', 'cases:read'], system: `12345-${h.dialect}` });
    expect(created.key).toMatch(/^ck_[A-Za-z0-9_-]{40,}$/);
    expect(created.account.keyPrefix).toBe(created.key.slice(0, 11));
    expect(created.account.username).toBe(`svc:${created.account.name}`);

    const village = (await h.unit('370702001003')).id;
    const made = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { 'x-api-key': created.key },
      payload: newCase(village),
    });
    expect(made.statusCode, made.body).toBe(201);
    const caseId = (made.json() as { id: number }).id;
    const read = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}`,
      headers: { 'x-api-key': created.key },
    });
    expect(read.statusCode, read.body).toBe(200);
    const list = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=5', headers: { 'x-api-key': created.key } });
    expect(list.statusCode, list.body).toBe(200);

    // The case and the audit name the service account.
    const row = await h.ctx.db
      .selectFrom('case_record')
      .innerJoin('app_user', 'app_user.id', 'case_record.created_by')
      .select('app_user.username')
      .where('case_record.id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.username).toBe(`svc:${created.account.name}`);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_role'])
      .where('actor_username', '=', `svc:${created.account.name}`)
      .execute();
    expect(audit.filter((a) => a.action === 'api_key.use' && a.outcome === 'success').length).toBeGreaterThanOrEqual(3);
    expect(audit.every((a) => a.actor_role === 'service_account')).toBe(true);
  });

  it('refuses a scope the key lacks (403) and cases outside its unit (404)', async () => {
    const h = get();
    const reader = await createAccount(h, {
      scopes: ['cases:read'],
      unitId: (await h.unit('370702001')).id,
    });
    const refused = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { 'x-api-key': reader.key },
      payload: newCase((await h.unit('370702001003')).id),
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(await h.ctx.db.selectFrom('case_record').select('id').where('created_by', '=', -1).execute()).toEqual([]);

    // A case of another township: it does not exist for the key.
    const operator = await h.login('operator');
    const elsewhere = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: operator,
      payload: { ...newCase((await h.unit('370702002001')).id), channel: 'hotline' },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const hidden = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${(elsewhere.json() as { id: number }).id}`,
      headers: { 'x-api-key': reader.key },
    });
    expect(hidden.statusCode, hidden.body).toBe(404);
  });

  it('never lets a key reach people’s or administrators’ routes', async () => {
    const h = get();
    const key = (await createAccount(h, { scopes: ['cases:create', 'cases:read', 'cases:update-status', 'open311'] }))
      .key;
    const me = await h.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-api-key': key } });
    expect(me.statusCode).toBe(403);
    expect(me.json()).toMatchObject({ error: { code: 'SERVICE_ACCOUNT_NOT_ALLOWED' } });
    for (const url of ['/api/v1/users', '/api/v1/service-accounts', '/api/v1/notifications', '/api/v1/audit-log']) {
      const res = await h.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
      expect([403, 404], `${url} ${res.body}`).toContain(res.statusCode);
      expect(res.statusCode, url).not.toBe(200);
    }
    const made = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      headers: { 'x-api-key': key },
      payload: { name: 'escalated', unitId: (await h.unit('370702')).id, scopes: ['cases:read'] },
    });
    expect(made.statusCode).toBe(403);
  });

  it('refuses an unknown key and a revoked key at once with 403 API_KEY_INVALID', async () => {
    const h = get();
    const created = await createAccount(h, { scopes: ['cases:read'] });
    const ok = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': created.key } });
    expect(ok.statusCode).toBe(200);
    for (const bad of ['ck_unknown', 'nonsense', created.key + 'x']) {
      const res = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': bad } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'API_KEY_INVALID' } });
    }
    const revoked = await h.inject({
      method: 'POST',
      url: `/api/v1/service-accounts/${created.id}/revoke`,
      token: await adminToken(h),
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((revoked.json() as { revokedAt: string | null }).revokedAt).not.toBeNull();
    const after = await h.inject({
      method: 'GET',
      url: '/api/v1/cases?limit=1',
      headers: { 'x-api-key': created.key },
    });
    expect(after.statusCode).toBe(403);
    expect(after.json()).toMatchObject({ error: { code: 'API_KEY_INVALID' } });
    const denied = await h.ctx.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('actor_username', '=', `svc:${created.account.name}`)
      .where('action', '=', 'api_key.use')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(1);
  });

  it('limits each key to its rate per minute (429 with Retry-After), another key unaffected', async () => {
    const h = get();
    const slow = await createAccount(h, { scopes: ['cases:read'], ratePerMinute: 3 });
    const other = await createAccount(h, { scopes: ['cases:read'], ratePerMinute: 3 });
    const codes: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': slow.key } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        retryAfter = res.headers['retry-after'] as string | undefined;
        expect(res.json()).toMatchObject({ error: { code: 'API_KEY_RATE_LIMITED' } });
      }
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const fine = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': other.key } });
    expect(fine.statusCode).toBe(200);
    h.clock.set(new Date(h.clock.now().getTime() + 61_000));
    const later = await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': slow.key } });
    expect(later.statusCode).toBe(200);
  });

  it('stores neither the key nor the webhook secret in clear, and the backing account cannot sign in', async () => {
    const h = get();
    const created = await createAccount(h, {
      scopes: ['cases:read'],
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    expect(created.webhookSecret).toMatch(/^whsec_/);
    await h.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { 'x-api-key': created.key } });
    const tables = ['service_account', 'app_user', 'audit_log', 'rate_window'] as const;
    for (const table of tables) {
      const rows = await h.ctx.db.selectFrom(table).selectAll().execute();
      const dump = JSON.stringify(rows);
      expect(dump.includes(created.key), table).toBe(false);
      expect(dump.includes(created.key.slice(3)), table).toBe(false);
      expect(dump.includes(created.webhookSecret!), table).toBe(false);
    }
    const login = await h.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: `svc:${created.account.name}`, password: '!service-account' },
    });
    expect(login.statusCode).toBe(401);
    const users = await h.inject({ method: 'GET', url: '/api/v1/users?limit=500', token: await h.login('admin') });
    expect((users.json() as { items: { username: string }[] }).items.some((u) => u.username.startsWith('svc:'))).toBe(
      false,
    );
  });

  it('shows and changes accounts only within the administrator’s area', async () => {
    const h = get();
    const created = await createAccount(h, { scopes: ['cases:read'] });
    const stranger = await h.userWith('admin', '370703-centre');
    const list = await h.inject({ method: 'GET', url: '/api/v1/service-accounts', token: stranger.token });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: { id: number }[] }).items.map((a) => a.id)).not.toContain(created.id);
    const mine = await h.inject({ method: 'GET', url: '/api/v1/service-accounts', token: await adminToken(h) });
    expect((mine.json() as { items: { id: number }[] }).items.map((a) => a.id)).toContain(created.id);
    const revoke = await h.inject({
      method: 'POST',
      url: `/api/v1/service-accounts/${created.id}/revoke`,
      token: stranger.token,
    });
    expect(revoke.statusCode).toBe(404);
    const patch = await h.inject({
      method: 'PATCH',
      url: `/api/v1/service-accounts/${created.id}`,
      token: stranger.token,
      payload: { webhookUrl: 'http://127.0.0.1:9/x' },
    });
    expect(patch.statusCode).toBe(404);
    const outside = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: stranger.token,
      payload: { name: 'outside', unitId: (await h.unit('370702')).id, scopes: ['cases:read'] },
    });
    expect(outside.statusCode).toBe(404);
    const dispatcher = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: await h.login('dispatcher'),
      payload: { name: 'nope', unitId: (await h.unit('370702')).id, scopes: ['cases:read'] },
    });
    expect(dispatcher.statusCode).toBe(403);
    expect(
      await h.ctx.db.selectFrom('service_account').select('id').where('name', 'in', ['outside', 'nope']).execute(),
    ).toEqual([]);
  });

  it('refuses a taken name or system code (409) and malformed input (400)', async () => {
    const h = get();
    const first = await createAccount(h, { scopes: ['cases:read'], system: `dup-${h.dialect}` });
    const again = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: await adminToken(h),
      payload: { name: first.account.name, unitId: (await h.unit('370702')).id, scopes: ['cases:read'] },
    });
    expect(again.statusCode).toBe(409);
    const system = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: await adminToken(h),
      payload: {
        name: 'another',
        unitId: (await h.unit('370702')).id,
        scopes: ['cases:read'],
        system: `dup-${h.dialect}`,
      },
    });
    expect(system.json()).toMatchObject({ error: { code: 'SERVICE_ACCOUNT_SYSTEM_TAKEN' } });
    for (const payload of [
      { name: 'x', unitId: 1, scopes: [] },
      { name: 'x', unitId: 1, scopes: ['admin'] },
      { name: 'x', unitId: 1, scopes: ['cases:read'], webhookUrl: 'ftp://x/y' },
      { name: 'x', unitId: 1, scopes: ['cases:read'], system: 'Has Spaces' },
    ]) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/service-accounts',
        token: await adminToken(h),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});
