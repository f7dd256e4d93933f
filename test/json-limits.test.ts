// Bodies built to make the server work: nesting past 32 levels or more than 10,000 keys are refused
// with 400 JSON_TOO_COMPLEX before they are parsed, validated or walked; the NUL guard walks what
// is left once, without recursion.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from './support/harness.ts';

const codeOf = (res: LightMyRequestResponse) => (res.json() as { error?: { code: string } }).error?.code;

/** `{"a":{"a":…1…}}` with `levels` objects. */
const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** One object with `count` keys. */
const manyKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":0`).join(',')}}`;

describeEachDialect('JSON bodies too complex to take', (get) => {
  let token = '';
  const post = async (payload: string, url = '/api/v1/cases') => {
    token ||= await get().login('operator');
    return get().inject({ method: 'POST', url, token, headers: { 'content-type': 'application/json' }, payload });
  };

  it('refuses a 1 MB body of nested arrays with 400 JSON_TOO_COMPLEX', async () => {
    const depth = 512 * 1024;
    const res = await post('['.repeat(depth) + ']'.repeat(depth));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(codeOf(res)).toBe('JSON_TOO_COMPLEX');
  });

  it('refuses nesting deeper than 32 levels, and takes 32', async () => {
    const deep = await post(nestedObjects(33));
    expect(deep.statusCode).toBe(400);
    expect(codeOf(deep)).toBe('JSON_TOO_COMPLEX');
    const mixed = await post(`{"description":[${'{"a":['.repeat(16)}1${']}'.repeat(16)}]}`);
    expect(codeOf(mixed)).toBe('JSON_TOO_COMPLEX');
    // At the limit the body is parsed and answered by the route's schema instead.
    const allowed = await post(nestedObjects(32));
    expect(allowed.statusCode).toBe(400);
    expect(codeOf(allowed)).toBe('VALIDATION_FAILED');
  });

  it('refuses more than 10,000 keys in all, and takes 10,000', async () => {
    const wide = await post(manyKeys(10_001));
    expect(wide.statusCode).toBe(400);
    expect(codeOf(wide)).toBe('JSON_TOO_COMPLEX');
    // Spread over many small objects, the total counts.
    const spread = await post(
      `{"list":[${Array.from({ length: 2_001 }, () => '{"a":1,"b":2,"c":3,"d":4,"e":5}').join(',')}]}`,
    );
    expect(codeOf(spread)).toBe('JSON_TOO_COMPLEX');
    expect(codeOf(await post(manyKeys(10_000)))).toBe('VALIDATION_FAILED');
  });

  it('counts structure only outside strings: brackets, colons and escaped quotes in text are text', async () => {
    const h = get();
    const text = `${'[{'.repeat(40)}"\\":${':'.repeat(20_000)}\\\\`;
    const res = await post(
      JSON.stringify({
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: `楼上噪音 ${text}`.slice(0, 2000),
        unitId: (await h.unit('370702001001G01')).id,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses the same on a public route, before signing in', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"operator","password":"demo1234","otp":${'['.repeat(100)}${']'.repeat(100)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(codeOf(res)).toBe('JSON_TOO_COMPLEX');
  });
});
