import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from './support/harness.ts';

interface ErrorJson {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

/** Every failure leaves as exactly {error:{code,message,details?}}, without internals. */
function expectError(res: LightMyRequestResponse, status: number, code: string): ErrorJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as ErrorJson;
  expect(Object.keys(body)).toEqual(['error']);
  expect(['code', 'message', 'details']).toEqual(expect.arrayContaining(Object.keys(body.error)));
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(res.body).not.toMatch(/stack/i);
  expect(res.body).not.toContain('at /');
  expect(res.body).not.toContain('node_modules');
  expect(res.body).not.toMatch(/\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set|where)\b/i);
  expect(res.body).not.toMatch(/SQLITE_|sqlite3|syntax error|relation "/i);
  return body;
}

function fieldsOf(body: ErrorJson): string[] {
  expect(Array.isArray(body.error.details)).toBe(true);
  return body.error.details!.map((d) => d.field).sort();
}

/** Routes as the running app has them: [METHOD, /path/{param}] from printRoutes(). */
function registeredRoutes(tree: string): [string, string][] {
  const routes: [string, string][] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') routes.push([method, path.replace(/:(\w+)/g, '{$1}')]);
    }
  }
  return routes;
}

describeEachDialect('HTTP contract', (get, dialect) => {
  let adminToken: string | undefined;
  async function admin(): Promise<string> {
    adminToken ??= await get().login('admin');
    return adminToken;
  }

  it('answers /healthz with the database dialect', async () => {
    const res = await get().inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: dialect });
  });

  it('rejects a broken JSON body with 400 INVALID_JSON', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", "password": ',
    });
    expectError(res, 400, 'INVALID_JSON');
  });

  it('rejects wrong types with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 5, password: 'demo1234' },
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual(['username']);
  });

  it('rejects missing fields with 400 VALIDATION_FAILED listing each of them', async () => {
    const res = await get().inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual(['password', 'username']);
  });

  it('rejects an unknown extra field with 400', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'demo1234', role: 'admin' },
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual(['role']);
  });

  it('rejects a 10 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ username: 'admin', password: 'x'.repeat(10 * 1024 * 1024) });
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers unknown ids with 404 NOT_FOUND', async () => {
    const token = await admin();
    expectError(await get().inject({ method: 'GET', url: '/api/v1/units/999999999', token }), 404, 'NOT_FOUND');
    expectError(await get().inject({ method: 'GET', url: '/api/v1/people/999999', token }), 404, 'NOT_FOUND');
    expectError(
      await get().inject({
        method: 'POST',
        url: '/api/v1/people/999999/reveal',
        token,
        payload: { fields: ['phone'] },
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('answers ids that are not positive integers with 400', async () => {
    const token = await admin();
    for (const url of [
      '/api/v1/units/abc',
      '/api/v1/units/1.5',
      '/api/v1/units/0',
      '/api/v1/units/-3',
      '/api/v1/people/abc',
    ]) {
      const body = expectError(await get().inject({ method: 'GET', url, token }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(body), url).toEqual(['id']);
    }
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND, signed in or not', async () => {
    expectError(await get().inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'ROUTE_NOT_FOUND');
    const token = await admin();
    expectError(await get().inject({ method: 'GET', url: '/api/v1/nothing-here', token }), 404, 'ROUTE_NOT_FOUND');
    expectError(await get().inject({ method: 'DELETE', url: '/api/v1/units', token }), 404, 'ROUTE_NOT_FOUND');
  });

  it('lets no request without a valid token reach data', async () => {
    const requests: { method: 'GET' | 'POST'; url: string; payload?: object }[] = [
      { method: 'GET', url: '/api/v1/units' },
      { method: 'GET', url: '/api/v1/units/1' },
      { method: 'GET', url: '/api/v1/units/1/geometry' },
      { method: 'GET', url: '/api/v1/grids/locate?lng=119.03&lat=36.70' },
      { method: 'GET', url: '/api/v1/people' },
      { method: 'GET', url: '/api/v1/people/1' },
      { method: 'POST', url: '/api/v1/people', payload: { name: '某人', unitId: 1 } },
      { method: 'POST', url: '/api/v1/people/1/reveal', payload: { fields: ['phone'] } },
      { method: 'GET', url: '/api/v1/users' },
      { method: 'GET', url: '/api/v1/audit' },
      { method: 'GET', url: '/api/v1/me' },
      // Paths that merely mention the public docs are not public.
      { method: 'GET', url: '/api/docs/../v1/units' },
      { method: 'GET', url: '/api/v1/units?next=/api/docs' },
    ];
    for (const request of requests) {
      const res = await get().inject(request);
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.body).not.toContain('潍城');
    }
    const bogus = await get().inject({ method: 'GET', url: '/api/v1/units', token: 'not-a-real-token' });
    expect(bogus.statusCode).toBe(401);
    expect(bogus.body).not.toContain('山东');
  });

  it('sends security headers on pages, data and errors', async () => {
    const token = await admin();
    const responses = [
      await get().inject({ method: 'GET', url: '/healthz' }),
      await get().inject({ method: 'GET', url: '/api/v1/me', token }),
      await get().inject({ method: 'GET', url: '/api/v1/units' }),
      await get().inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await get().inject({ method: 'GET', url: '/api/docs/' }),
    ];
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp).toContain("default-src 'self'");
      const frameOptions = String(res.headers['x-frame-options'] ?? '');
      expect(/^(DENY|SAMEORIGIN)$/i.test(frameOptions) || /frame-ancestors/.test(csp)).toBe(true);
    }
  });

  it('documents every /api/v1 route in OpenAPI 3 with a success response schema', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);

    // The routes the app really has: from its router, plus the harness's collected list if any.
    const collected = ((get() as { routes?: { method: string; url: string }[] }).routes ?? []).map(
      (r): [string, string] => [r.method, r.url.replace(/:(\w+)/g, '{$1}')],
    );
    const routes = [...registeredRoutes(get().app.printRoutes({ commonPrefix: false })), ...collected].filter(
      ([method, path]) => method !== 'HEAD' && path.startsWith('/api/v1/') && path !== '/api/v1/openapi.json',
    );
    const paths = new Set(routes.map(([, path]) => path));
    for (const expected of [
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/units',
      '/api/v1/units/{id}',
      '/api/v1/grids/locate',
      '/api/v1/users',
      '/api/v1/people',
      '/api/v1/audit',
    ]) {
      expect(paths, expected).toContain(expected);
    }
    for (const [method, path] of routes) {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path} is documented`).toBeDefined();
      // 202: accepted for later (an SMS code goes out through the outbox).
      const success = operation!.responses?.['200'] ?? operation!.responses?.['201'] ?? operation!.responses?.['202'];
      expect(success, `${method} ${path} has a 200/201/202 response`).toBeDefined();
      // A file download documents its bytes (format: binary) under their media types instead of JSON.
      const content = success!.content ?? {};
      const binary = Object.values(content).find(
        (c) => (c.schema as { format?: string } | undefined)?.format === 'binary',
      );
      // An event stream documents its events as text under text/event-stream.
      const events = content['text/event-stream']?.schema;
      expect(
        content['application/json']?.schema ?? binary?.schema ?? events,
        `${method} ${path} success schema`,
      ).toBeDefined();
    }
  });

  it('serves the API docs offline at /api/docs/', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    // Nothing is fetched from another host: every script and stylesheet is served here.
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).not.toMatch(/^(https?:)?\/\//);
      const asset = await get().inject({ method: 'GET', url: new URL(ref, 'http://x/api/docs/').pathname });
      expect(asset.statusCode, ref).toBe(200);
      if (ref.endsWith('swagger-initializer.js')) {
        // The UI loads this server's spec, not a remote one (comments aside).
        const code = asset.body.replace(/\/\/ .*$/gm, '');
        expect(code).not.toMatch(/https?:\/\//);
        expect(code).toContain('./json');
      }
    }
    const spec = await get().inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect((spec.json() as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('answers more than 20 login attempts a minute from one client with 429 RATE_LIMITED', async () => {
    const attempt = (remoteAddress: string) =>
      get().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        payload: { username: 'nobody-at-all', password: 'wrong-password' },
      });
    const client = '198.51.100.23';
    const statuses: number[] = [];
    for (let i = 1; i <= 21; i++) statuses.push((await attempt(client)).statusCode);
    expect(statuses[0]).toBe(401);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Once limited, the client stays limited for the rest of the minute.
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
    expectError(await attempt(client), 429, 'RATE_LIMITED');
    // Another client is not affected.
    expectError(await attempt('198.51.100.99'), 401, 'INVALID_CREDENTIALS');
  });
  it('caps sign-in attempts per client address across usernames at 100 a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) {
      const res = await get().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '203.0.113.7',
        payload: { username: `spray${i}`, password: 'wrong-password' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
  });
});
