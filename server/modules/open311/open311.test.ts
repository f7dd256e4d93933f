// Open311 GeoReport v2 end to end, on both databases: a service account reports and reads back,
// the answers validate against the published GeoReport v2 schemas (test/fixtures/open311), the XML
// twins are well-formed with the specification's root elements, refusals are GeoReport's error
// list, and nothing of the reporter's contact data ever leaves.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { childText, parseXml } from '../../../test/support/xml-check.ts';
import { toWgs84 } from './request-view.ts';

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/open311');
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as object);
}

function expectSchema(schema: string, body: unknown, what = '') {
  const validate = ajv.getSchema(schema)!;
  expect(validate(body), `${what} ${schema}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

/** ISO 8601 with an explicit offset (the validator's DateTime check). */
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const REPORTER = { first_name: '小明', last_name: '欧阳', phone: '13912345678', email: 'xiaoming@example.cn' };
const CONTACT = [REPORTER.phone, '欧阳小明', REPORTER.first_name, REPORTER.last_name, REPORTER.email];

describeEachDialect('Open311 GeoReport v2', (get) => {
  let key: string;
  let noScopeKey: string;
  let revokedKey: string;
  let adminToken: string;
  /** WGS84 points inside the account's township and outside it. */
  let inside: { lat: number; long: number };
  let outside: { lat: number; long: number };
  /** Every answer, to look for contact data in at the end. */
  const answers: LightMyRequestResponse[] = [];

  const send = async (options: Parameters<Harness['inject']>[0]) => {
    const res = await get().inject(options);
    answers.push(res);
    return res;
  };

  async function serviceAccount(name: string, scopes: string[]): Promise<{ id: number; key: string }> {
    const h = get();
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: adminToken,
      payload: { name: `${name}-${h.dialect}`, unitId: (await h.unit('370702001')).id, scopes },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; key: string };
  }

  async function pointIn(gridCode: string) {
    const row = await get()
      .ctx.db.selectFrom('org_unit')
      .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
      .select('org_geometry.geojson')
      .where('org_unit.code', '=', gridCode)
      .executeTakeFirstOrThrow();
    const ring = (JSON.parse(row.geojson) as [number, number][][][])[0]![0]!.slice(0, -1);
    const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const [long, wgsLat] = toWgs84(lng, lat);
    return { lat: wgsLat, long };
  }

  beforeAll(async () => {
    const h = get();
    adminToken = (await h.userWith('admin', '370702-centre')).token;
    key = (await serviceAccount('o311', ['open311'])).key;
    noScopeKey = (await serviceAccount('o311-noscope', ['cases:read'])).key;
    const revoked = await serviceAccount('o311-revoked', ['open311']);
    revokedKey = revoked.key;
    await revokeServiceAccount(h, adminToken, revoked.id);
    inside = await pointIn('370702001001G01');
    outside = await pointIn('370702002001G01');
  });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const caseCount = async () =>
    Number(
      (
        await get()
          .ctx.db.selectFrom('case_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function report(fields: Record<string, string> = {}) {
    return send({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        api_key: key,
        service_code: 'CMP.NOISE',
        lat: String(inside.lat),
        long: String(inside.long),
        'attribute[noise_time]': 'night',
        description: '楼下KTV每晚营业到凌晨两点，噪音很大',
        ...REPORTER,
        ...fields,
      }),
    });
  }

  it('discovery answers in both formats with contact, key service and a v2 endpoint that speaks XML', async () => {
    const json = await send({ method: 'GET', url: '/open311/discovery.json' });
    expect(json.statusCode).toBe(200);
    expectSchema('discovery.json', json.json());
    const discovery = json.json() as { changeset: string; endpoints: { changeset: string; url: string }[] };
    expect(discovery.changeset).toMatch(W3);
    expect(new Date(discovery.endpoints[0]!.changeset).getTime()).toBeLessThan(Date.now());
    expect(discovery.endpoints[0]!.url).toMatch(/\/open311\/v2$/);

    const xml = await send({ method: 'GET', url: '/open311/discovery.xml' });
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    expect(childText(root, 'contact')).toBeTruthy();
    expect(childText(root, 'key_service')).toBeTruthy();
    const endpoints = root.children.find((c) => c.name === 'endpoints')!.children;
    expect(endpoints.length).toBeGreaterThan(0);
    const formats = endpoints[0]!.children.find((c) => c.name === 'formats')!.children.map((f) => f.text);
    expect(formats).toContain('text/xml');
  });

  it('lists one service per leaf category, grouped by its parent, with metadata where attributes exist', async () => {
    const h = get();
    const res = await send({ method: 'GET', url: '/open311/v2/services.json' });
    expect(res.statusCode).toBe(200);
    expectSchema('services.json', res.json());
    const services = res.json() as { service_code: string; group: string; metadata: boolean; type: string }[];
    const leaves = await h.ctx.db
      .selectFrom('category')
      .select('code')
      .where('parent_code', 'is not', null)
      .where('active', '=', 1)
      .execute();
    expect(services.map((s) => s.service_code).sort()).toEqual(leaves.map((c) => c.code).sort());
    expect(services.find((s) => s.service_code === 'CMP.NOISE')).toMatchObject({
      group: '投诉',
      metadata: true,
      type: 'realtime',
    });
    expect(services.find((s) => s.service_code === 'INQ.POLICY')).toMatchObject({ metadata: false });

    const xml = parseXml((await send({ method: 'GET', url: '/open311/v2/services.xml' })).body);
    expect(xml.name).toBe('services');
    expect(xml.children.map((c) => c.name)).toEqual(services.map(() => 'service'));
    expect(xml.children.map((c) => childText(c, 'service_code'))).toEqual(services.map((s) => s.service_code));
  });

  it('defines a service’s attributes with their datatypes and values', async () => {
    const res = await send({ method: 'GET', url: '/open311/v2/services/CMP.NOISE.json' });
    expect(res.statusCode).toBe(200);
    expectSchema('service-definition.json', res.json());
    const definition = res.json() as { attributes: { code: string; datatype: string; values: unknown[] }[] };
    expect(definition.attributes.find((a) => a.code === 'noise_time')).toMatchObject({ datatype: 'singlevaluelist' });
    expect(definition.attributes.find((a) => a.code === 'noise_days')).toMatchObject({ datatype: 'multivaluelist' });

    const xml = parseXml((await send({ method: 'GET', url: '/open311/v2/services/HAZ.ROAD.xml' })).body);
    expect(xml.name).toBe('service_definition');
    const attributes = xml.children.find((c) => c.name === 'attributes')!.children;
    expect(attributes.map((a) => childText(a, 'code'))).toContain('hazard_size');

    for (const url of [
      '/open311/v2/services/NO.SUCH.json',
      '/open311/v2/services/CMP.NOISE',
      '/open311/v2/services/CMP.NOISE.html',
    ]) {
      const missing = await send({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expectSchema('errors.json', missing.json());
    }
    const missingXml = await send({ method: 'GET', url: '/open311/v2/services/NO.SUCH.xml' });
    expect(missingXml.statusCode).toBe(404);
    const errors = parseXml(missingXml.body);
    expect(errors.name).toBe('errors');
    expect(childText(errors.children[0]!, 'code')).toBe('404');
  });

  it('creates a request with lat/long, reads it back by id in JSON and XML, and lists it as open', async () => {
    const created = await report({
      media_url: 'https://example.org/photos/ktv.jpg',
      'attribute[noise_days][]': 'weekend',
    });
    expect(created.statusCode, created.body).toBe(201);
    expectSchema('created-request.json', created.json());
    const id = (created.json() as { service_request_id: string }[])[0]!.service_request_id;
    expect(id).toMatch(/^370702-\d{4}-\d{6}$/);
    // The case: channel open311, sent by the account, the reporter sealed as every reporter is.
    const stored = await get()
      .ctx.db.selectFrom('case_record')
      .select(['id', 'channel', 'reporter_name', 'reporter_phone_enc', 'service_account_id', 'description'])
      .where('number', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'open311', reporter_name: '欧阳小明' });
    expect(stored.service_account_id).not.toBeNull();
    expect(get().ctx.cipher.decrypt(stored.reporter_phone_enc!)).toBe(REPORTER.phone);
    expect(JSON.stringify(stored)).not.toContain(REPORTER.email);

    const one = await send({ method: 'GET', url: `/open311/v2/requests/${id}.json?api_key=${key}` });
    expect(one.statusCode, one.body).toBe(200);
    expectSchema('requests.json', one.json());
    const [request] = one.json() as Record<string, unknown>[];
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'CMP.NOISE',
      service_name: '噪音扰民',
      media_url: 'https://example.org/photos/ktv.jpg',
      agency_responsible: null,
    });
    expect(request!['description']).toContain('楼下KTV');
    expect(request!['description']).toContain('夜间');
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
      expect(request![field], field).toMatch(W3);
    }
    expect(Math.abs((request!['lat'] as number) - inside.lat)).toBeLessThan(1e-4);
    expect(Math.abs((request!['long'] as number) - inside.long)).toBeLessThan(1e-4);

    const xml = await send({ method: 'GET', url: `/open311/v2/requests/${id}.xml`, headers: { 'x-api-key': key } });
    expect(xml.statusCode).toBe(200);
    const root = parseXml(xml.body);
    expect(root.name).toBe('service_requests');
    expect(root.children.map((c) => c.name)).toEqual(['request']);
    expect(childText(root.children[0]!, 'service_request_id')).toBe(id);
    expect(childText(root.children[0]!, 'status')).toBe('open');

    const open = await send({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&status=open` });
    expect(open.statusCode).toBe(200);
    expectSchema('requests.json', open.json());
    expect((open.json() as { service_request_id: string }[]).map((r) => r.service_request_id)).toContain(id);
    const closed = await send({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&status=closed` });
    expect((closed.json() as { service_request_id: string }[]).map((r) => r.service_request_id)).not.toContain(id);
    const byId = await send({
      method: 'GET',
      url: `/open311/v2/requests.xml?api_key=${key}&service_request_id=${id},NOPE-1`,
    });
    expect(parseXml(byId.body).children.map((c) => childText(c, 'service_request_id'))).toEqual([id]);
  });

  it('takes a JSON body, and an address instead of a point', async () => {
    const res = await send({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'x-api-key': key },
      payload: {
        service_code: 'HAZ.ROAD',
        address_string: '城关街道人民路与解放路路口',
        attribute: { hazard_size: 'large', depth_cm: '15' },
        description: '路口有一个大坑，雨天积水看不见',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { service_request_id: string }[])[0]!.service_request_id;
    const one = await send({ method: 'GET', url: `/open311/v2/requests/${id}.json?api_key=${key}` });
    expect(one.json()).toMatchObject([{ address: '城关街道人民路与解放路路口', lat: null, long: null }]);
  });

  it('shows the lead unit and the timeline once the case moves', async () => {
    const h = get();
    const created = await report();
    const id = (created.json() as { service_request_id: string }[])[0]!.service_request_id;
    const row = await h.ctx.db
      .selectFrom('case_record')
      .select(['id', 'version', 'centre_id'])
      .where('number', '=', id)
      .executeTakeFirstOrThrow();
    const centre = await h.ctx.db
      .selectFrom('org_unit')
      .select('code')
      .where('id', '=', row.centre_id)
      .executeTakeFirstOrThrow();
    const dispatcher = await h.userWith('dispatcher', centre.code);
    const lead = await h.unit('370702001-dept-justice');
    const dispatched = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${row.id}/actions`,
      token: dispatcher.token,
      payload: { action: 'dispatch', version: row.version, leadUnitId: lead.id },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const one = await send({ method: 'GET', url: `/open311/v2/requests/${id}.json?api_key=${key}` });
    expect(one.json()).toMatchObject([{ status: 'open', agency_responsible: lead.name }]);

    const updates = await send({ method: 'GET', url: `/open311/v2/servicerequestupdates.json?api_key=${key}` });
    expect(updates.statusCode, updates.body).toBe(200);
    expectSchema('request-updates.json', updates.json());
    const mine = (updates.json() as { service_request_id: string; status: string; updated_datetime: string }[]).filter(
      (u) => u.service_request_id === id,
    );
    expect(mine.map((u) => u.status)).toEqual(['open', 'action_scheduled']);
    for (const u of mine) expect(u.updated_datetime).toMatch(W3);
    const xml = parseXml(
      (await send({ method: 'GET', url: `/open311/v2/servicerequestupdates.xml?api_key=${key}` })).body,
    );
    expect(xml.name).toBe('service_requests_updates');
    expect(new Set(xml.children.map((c) => c.name))).toEqual(new Set(['request_update']));
  });

  it('refuses a missing, unknown, revoked or unscoped key with 403, creating nothing', async () => {
    const before = await caseCount();
    for (const apiKey of [undefined, 'not-a-key', revokedKey, noScopeKey]) {
      for (const format of ['json', 'xml']) {
        const fields: Record<string, string> = {
          service_code: 'CMP.NOISE',
          lat: String(inside.lat),
          long: String(inside.long),
          'attribute[noise_time]': 'day',
        };
        if (apiKey !== undefined) fields['api_key'] = apiKey;
        const res = await send({
          method: 'POST',
          url: `/open311/v2/requests.${format}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form(fields),
        });
        expect(res.statusCode, `${apiKey} ${format} ${res.body}`).toBe(403);
        if (format === 'json') expectSchema('errors.json', res.json());
        else expect(childText(parseXml(res.body).children[0]!, 'code')).toBe('403');
      }
      const list = await send({ method: 'GET', url: `/open311/v2/requests.json${apiKey ? `?api_key=${apiKey}` : ''}` });
      expect(list.statusCode).toBe(403);
      expectSchema('errors.json', list.json());
    }
    expect(await caseCount()).toBe(before);
  });

  it('refuses an unknown service, a missing location and bad attributes with 400, a point elsewhere with 404', async () => {
    const before = await caseCount();
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ service_code: 'NO.SUCH' }, 400, /service_code/],
      [{ lat: '', long: '' }, 400, /lat\/long/],
      [{ lat: String(inside.lat), long: '' }, 400, /lat\/long/],
      [{ 'attribute[noise_time]': 'noon' }, 400, /attribute\[noise_time\]/],
      [{ description: 'x'.repeat(4001) }, 400, /description/],
      [{ phone: '12345' }, 400, /phone/],
      [{ lat: String(outside.lat), long: String(outside.long) }, 404, /outside/],
      [{ lat: '0', long: '0' }, 404, /outside/],
    ];
    for (const [fields, status, description] of cases) {
      const res = await report(fields);
      expect(res.statusCode, `${JSON.stringify(fields).slice(0, 80)} ${res.body}`).toBe(status);
      expectSchema('errors.json', res.json());
      expect((res.json() as { description: string }[])[0]!.description).toMatch(description);
    }
    const xml = await send({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/json' },
      payload: { api_key: key, service_code: 'CMP.NOISE' },
    });
    expect(xml.statusCode).toBe(400);
    expect(parseXml(xml.body).name).toBe('errors');
    const broken = await send({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(broken.statusCode).toBe(400);
    expectSchema('errors.json', broken.json());
    expect(await caseCount()).toBe(before);
  });

  it('keeps reads to the account’s area: a case elsewhere does not exist for it', async () => {
    const h = get();
    const elsewhere = await buildCase(h, { at: '370702002001G01' });
    const one = await send({ method: 'GET', url: `/open311/v2/requests/${elsewhere.number}.json?api_key=${key}` });
    expect(one.statusCode).toBe(404);
    expectSchema('errors.json', one.json());
    const list = await send({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&service_request_id=${elsewhere.number}`,
    });
    expect(list.json()).toEqual([]);
  });

  it('refuses date windows over 90 days and malformed filters with 400', async () => {
    for (const query of [
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'start_date=2026-11-01T00:00:00Z&end_date=2026-10-01T00:00:00Z',
      'start_date=yesterday',
      'start_date=2016-12-31T23:59:60Z',
      'status=pending',
      'service_request_id=%27%20OR%201%3D1',
    ]) {
      const res = await send({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&${query}` });
      expect(res.statusCode, `${query} ${res.body}`).toBe(400);
      expectSchema('errors.json', res.json());
    }
  });

  it('answers hostile bodies and queries with a clean GeoReport 4xx, creating nothing', async () => {
    const before = await caseCount();
    const formType = { 'content-type': 'application/x-www-form-urlencoded' };
    const requests: (Parameters<Harness['inject']>[0] & { url: string })[] = [
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: formType,
        payload: `api_key=${key}&service_code=CMP%00`,
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.xml',
        headers: formType,
        payload: `api_key=${key}&service_code=A&service_code=B`,
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: formType,
        payload: `api_key=${key}&${'a=1&'.repeat(300)}`,
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: formType,
        payload: `api_key=${key}&x=${'y'.repeat(200_000)}`,
      },
      { method: 'POST', url: '/open311/v2/requests.json', headers: formType, payload: '%ff%fe=%c0%80&api_key=%' },
      { method: 'POST', url: '/open311/v2/requests.json', headers: { 'x-api-key': key }, payload: [1, 2] },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'x-api-key': key },
        payload: { service_code: { $ne: 1 } },
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        payload: '{"__proto__":{"isAdmin":true},"service_code":"CMP.NOISE"}',
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'x-api-key': key, 'content-type': 'text/plain' },
        payload: 'hi',
      },
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'x-api-key': key },
        payload: { service_code: 'CMP.NOISE', lat: 1e308, long: -1e308, attribute: { noise_time: ['day', 'night'] } },
      },
      { method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&status=open&status=closed` },
      { method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&end_date=0000-01-01T00:00:00Z` },
      { method: 'GET', url: `/open311/v2/requests/%E2%80%AE.json?api_key=${key}` },
      { method: 'GET', url: `/open311/v2/requests/${'9'.repeat(200)}.json?api_key=${key}` },
      { method: 'GET', url: `/open311/v2/servicerequestupdates.xml?api_key=${key}&start_date=2026-13-45T00:00:00Z` },
      { method: 'GET', url: `/open311/v2/requests.json?api_key=${'x'.repeat(10_000)}` },
      { method: 'GET', url: `/open311/v2/requests/%.xml?api_key=${key}` },
    ];
    for (const request of requests) {
      const res = await send(request);
      const what = `${request.method} ${request.url.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, what).toBeLessThan(500);
      if (request.url.split('?')[0]!.endsWith('.xml')) expect(parseXml(res.body).name, what).toBe('errors');
      else expectSchema('errors.json', res.json(), what);
    }
    expect(await caseCount()).toBe(before);
  });

  it('never shows the reporter’s name, phone or e-mail', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const res of answers) {
      for (const text of CONTACT) expect(res.body.includes(text), `${text} in ${res.body.slice(0, 200)}`).toBe(false);
    }
  });
});

/** The keys helper's revocation, as its contract names it. */
async function revokeServiceAccount(h: Harness, token: string, id: number): Promise<void> {
  const res = await h.inject({ method: 'POST', url: `/api/v1/service-accounts/${id}/revoke`, token });
  expect(res.statusCode, res.body).toBeLessThan(300);
}
