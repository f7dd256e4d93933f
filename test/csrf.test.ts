// Cross-site request forgery: a browser sends the session cookie with a request another site makes
// it send. Such a request changes nothing unless it comes from Concord's own pages (same Origin,
// or Sec-Fetch-Site: same-origin) with a JSON body (multipart only where a file is uploaded); a
// Bearer token is never sent by a browser on its own, so it is not asked.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from './support/harness.ts';
import { multipartFile, TINY_PNG } from './support/uploads.ts';

const HOST = 'concord.example.gov.cn';
const SAME = `http://${HOST}`;
const EVIL = 'https://evil.example.com';

const codeOf = (res: LightMyRequestResponse) => (res.json() as { error?: { code: string } }).error?.code;

describeEachDialect('cross-site requests with the session cookie', (get) => {
  let session = '';
  let caseId = 0;

  const newCase = {
    kind: 'complaint',
    categoryCode: 'CMP.NOISE',
    channel: 'window',
    description: '楼上装修噪音，周末也不停',
    reporter: { name: '赵六', phone: '13600003333' },
  };
  const gridId = async (h: Harness) => (await h.unit('370702001001G01')).id;
  const casesCount = async (h: Harness) =>
    Number(
      (
        await h.ctx.db
          .selectFrom('case_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A request as the browser would send it: the cookie, the page's Host, and the given headers. */
  const withCookie = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: string | Buffer,
  ) =>
    get().inject({
      method,
      url,
      headers: { host: HOST, cookie: `concord_session=${session}`, ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });

  it('signs in and sets the cookie', async () => {
    const h = get();
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST, origin: SAME },
      payload: { username: 'operator', password: 'demo1234' },
    });
    expect(res.statusCode, res.body).toBe(200);
    session = res.cookies.find((c) => c.name === 'concord_session')!.value;
    expect(session).not.toBe('');
    const created = await withCookie(
      'POST',
      '/api/v1/cases',
      { origin: SAME, 'content-type': 'application/json' },
      JSON.stringify({ ...newCase, unitId: await gridId(h) }),
    );
    expect(created.statusCode, created.body).toBe(201);
    caseId = (created.json() as { id: number }).id;
  });

  it('refuses a foreign, opaque or missing Origin with 403 CSRF_REJECTED, changing nothing', async () => {
    const h = get();
    const body = JSON.stringify({ ...newCase, unitId: await gridId(h) });
    const before = await casesCount(h);
    const attempts: Record<string, string>[] = [
      { origin: EVIL },
      { origin: 'null' },
      { origin: `http://${HOST}.evil.example.com` },
      { origin: 'not a url' },
      {},
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      // Without trustProxy the forwarded host is anyone's to write: the Host header decides.
      { origin: EVIL, 'x-forwarded-host': 'evil.example.com' },
      // Sec-Fetch-Site counts only without an Origin to compare.
      { origin: EVIL, 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of attempts) {
      const res = await withCookie('POST', '/api/v1/cases', { ...headers, 'content-type': 'application/json' }, body);
      expect(res.statusCode, `${JSON.stringify(headers)} ${res.body}`).toBe(403);
      expect(codeOf(res)).toBe('CSRF_REJECTED');
    }
    const logout = await withCookie('POST', '/api/v1/auth/logout', { origin: EVIL });
    expect(logout.statusCode).toBe(403);
    expect(codeOf(logout)).toBe('CSRF_REJECTED');
    expect(await casesCount(h)).toBe(before);
    // The session survived the forged sign-out.
    expect((await withCookie('GET', '/api/v1/me', {})).statusCode).toBe(200);
  });

  it('refuses a text/plain or form body with 415, even from the same origin', async () => {
    const h = get();
    const before = await casesCount(h);
    const json = JSON.stringify({ ...newCase, unitId: await gridId(h) });
    for (const [contentType, payload] of [
      ['text/plain', json],
      ['text/plain;charset=UTF-8', json],
      ['application/x-www-form-urlencoded', 'kind=complaint'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncomplaint\r\n--x--\r\n',
      ],
      ['application/jsonx', json],
    ] as const) {
      for (const origin of [SAME, EVIL]) {
        const res = await withCookie('POST', '/api/v1/cases', { origin, 'content-type': contentType }, payload);
        expect(res.statusCode, `${contentType} from ${origin}: ${res.body}`).toBe(415);
        expect(codeOf(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
    }
    // A form that posts nothing still names its type: a sign-out forged that way is refused too.
    const emptyForm = await withCookie(
      'POST',
      '/api/v1/auth/logout',
      { origin: SAME, 'content-type': 'text/plain' },
      '',
    );
    expect(emptyForm.statusCode, emptyForm.body).toBe(415);
    expect(await casesCount(h)).toBe(before);
  });

  it('accepts JSON from the same origin, by Origin (any port spelling) or by Sec-Fetch-Site', async () => {
    const h = get();
    const body = JSON.stringify({ ...newCase, unitId: await gridId(h) });
    const pages: Record<string, string>[] = [
      { origin: SAME },
      { origin: `https://${HOST}` },
      { origin: `http://${HOST.toUpperCase()}:80`, host: `${HOST}:80` },
      { 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of pages) {
      const res = await withCookie(
        'POST',
        '/api/v1/cases',
        { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body,
      );
      expect(res.statusCode, `${JSON.stringify(headers)} ${res.body}`).toBe(201);
    }
    // Safe methods are not asked: a cross-site link still opens a page of data for its owner.
    expect((await withCookie('GET', `/api/v1/cases/${caseId}`, { origin: EVIL })).statusCode).toBe(200);
  });

  it('takes a multipart upload with the cookie from the same origin only', async () => {
    const upload = (origin: string) => {
      const { payload, headers } = multipartFile('现场.png', TINY_PNG);
      return withCookie('POST', `/api/v1/cases/${caseId}/attachments`, { origin, ...headers }, payload);
    };
    const forged = await upload(EVIL);
    expect(forged.statusCode, forged.body).toBe(403);
    expect(codeOf(forged)).toBe('CSRF_REJECTED');
    const own = await upload(SAME);
    expect(own.statusCode, own.body).toBe(201);
  });

  it('leaves Bearer tokens alone: no Origin needed, any Origin accepted', async () => {
    const h = get();
    const token = await h.login('operator');
    for (const headers of [{}, { origin: EVIL }]) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        token,
        headers,
        payload: { ...newCase, unitId: await gridId(h) },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('signs in only with a JSON body: a cross-site form post to login is refused with 415', async () => {
    const h = get();
    for (const [contentType, payload] of [
      ['text/plain', JSON.stringify({ username: 'operator', password: 'demo1234' })],
      ['application/x-www-form-urlencoded', 'username=operator&password=demo1234'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\noperator\r\n--x--\r\n',
      ],
    ] as const) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { host: HOST, origin: EVIL, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(415);
      expect(codeOf(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.cookies.find((c) => c.name === 'concord_session')).toBeUndefined();
    }
  });
});
