// Every channel in (issue 15, intake): each case's random tracking code and the public follow-up by
// it, another system's reference that makes a retry return the same case (also under a race), the
// service account told of each change of status, the reporter's received notice, and reports
// without an account — limited, validated like staff intake, creating nothing when refused.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { sweepDeadlines } from './use-cases/sweep-deadlines.ts';
import { TRACKING_CODE_PATTERN } from './tracking-code.ts';
import { reporterContact } from './reporter-contact.ts';
import { PUBLIC_REPORTS_PER_ADDRESS, PUBLIC_REPORTS_PER_PHONE } from './public-report.routes.ts';
import { seedDemoCases } from '../../demo/demo-cases.ts';
import * as trackingMigration from '../../migrations/2026-12-04T1100_case_tracking_external_ref.ts';

interface CaseJson {
  id: number;
  number: string;
  version: number;
  status: string;
  trackingCode: string;
  externalRef: { system: string; id: string } | null;
}

const GRID = '370702001001G01';
const CODE = new RegExp(TRACKING_CODE_PATTERN);

describeEachDialect('intake from every channel', (get) => {
  // The promise is kept, so that ten racing requests sign in once.
  const tokens: Record<string, Promise<string>> = {};
  const token = (username: string) => (tokens[username] ??= get().login(username));

  const countCases = async () =>
    Number(
      (
        await get()
          .ctx.db.selectFrom('case_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const messages = (caseId: number, topic: string) =>
    get()
      .ctx.db.selectFrom('outbox')
      .selectAll()
      .where('subject_type', '=', 'case')
      .where('subject_id', '=', String(caseId))
      .where('topic', '=', topic)
      .orderBy('id')
      .execute();

  const hotlineCase = async (extra: Record<string, unknown> = {}) => ({
    kind: 'complaint',
    categoryCode: 'CMP.NOISE',
    channel: 'api',
    description: '12345 转来：小区广场舞音响声音过大',
    unitId: (await get().unit(GRID)).id,
    ...extra,
  });
  const post = async (username: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    get().inject({ method: 'POST', url: '/api/v1/cases', token: await token(username), payload, headers });

  it('gives every case, the demo ones too, a random unique tracking code', async () => {
    const h = get();
    expect(await seedDemoCases(h.ctx, 300)).toBe(300);
    const rows = await h.ctx.db.selectFrom('case_record').select(['id', 'tracking_code']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(300);
    const created = await Promise.all(Array.from({ length: 5 }, () => buildCase(h)));
    const all = [...rows.map((r) => r.tracking_code), ...(created as unknown as CaseJson[]).map((c) => c.trackingCode)];
    for (const code of all) expect(code).toMatch(CODE);
    expect(new Set(all).size).toBe(all.length);
    // Random-looking: every symbol of the alphabet appears, none far more often than the others
    // (each of 32 expected about all.length * 10 / 32 times), and codes of consecutive cases share
    // no common start.
    const counts = new Map<string, number>();
    for (const code of all) for (const symbol of code) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (all.length * 10) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.5 + 10);
    const fresh = (created as unknown as CaseJson[]).map((c) => c.trackingCode);
    expect(new Set(fresh.map((c) => c.slice(0, 3))).size).toBeGreaterThan(1);
    // The code is on the case page for staff, and the migration left no case without one.
    const page = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${created[0]!.id}`,
      token: await token('dispatcher'),
    });
    expect((page.json() as CaseJson).trackingCode).toBe(fresh[0]);
  });

  it('gives the cases that were there before the migration their codes', async () => {
    const h = get();
    const before = await h.ctx.db.selectFrom('case_record').select('id').execute();
    expect(before.length).toBeGreaterThan(0);
    const db = h.ctx.db as unknown as Parameters<typeof trackingMigration.up>[0];
    await trackingMigration.down(db);
    await trackingMigration.up(db);
    const rows = await h.ctx.db.selectFrom('case_record').select(['tracking_code']).execute();
    expect(rows).toHaveLength(before.length);
    for (const row of rows) expect(row.tracking_code).toMatch(CODE);
    expect(new Set(rows.map((r) => r.tracking_code)).size).toBe(rows.length);
  });

  it('follows a case by its tracking code without signing in; a wrong code is 404 and tells nothing', async () => {
    const h = get();
    const res = await post(
      'operator',
      await hotlineCase({ channel: 'hotline', reporter: { name: '周八', phone: '13811112222' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as CaseJson;
    expect(c.trackingCode).toMatch(CODE);
    const track = (query: string, remoteAddress = '203.0.113.7') =>
      h.inject({ method: 'GET', url: `/api/v1/track?${query}`, remoteAddress });

    const found = await track(`code=${c.trackingCode}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ number: c.number, status: 'registered' });
    expect(found.body).not.toContain('13811112222');
    expect(found.body).not.toContain('周八');
    // As a person types it: lower case, with a dash.
    const typed = `${c.trackingCode.slice(0, 5)}-${c.trackingCode.slice(5)}`.toLowerCase();
    expect((await track(`code=${encodeURIComponent(typed)}`)).statusCode).toBe(200);

    const wrong = c.trackingCode.slice(0, -1) + (c.trackingCode.endsWith('2') ? '3' : '2');
    const misses = [await track(`code=${wrong}`), await track('code=NOTACODE00'), await track('code=0000000000')];
    for (const miss of misses) {
      expect(miss.statusCode, miss.body).toBe(404);
      expect((miss.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      expect(miss.body).toBe(misses[0]!.body);
    }
    // One way or the other, not both, not neither.
    expect((await track(`code=${c.trackingCode}&number=${c.number}&phoneLast4=2222`)).statusCode).toBe(400);
    expect((await track('')).statusCode).toBe(400);
    // The number and last four digits still work.
    expect((await track(`number=${c.number}&phoneLast4=2222`)).statusCode).toBe(200);
    // Misses count against the address like the number look-ups: 20 per window, then 429.
    for (let i = 0; i < 20; i++) await track(`code=${wrong}`, '203.0.113.99');
    const limited = await track(`code=${c.trackingCode}`, '203.0.113.99');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('returns the same case to a retry with the same externalRef, sequential or racing', async () => {
    const h = get();
    const externalRef = { system: '12345-sd', id: 'GD-2026-0001' };
    const first = await post(
      'operator',
      await hotlineCase({ externalRef, reporter: { name: '吴九', phone: '13922223333' } }),
    );
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json() as CaseJson;
    expect(created.externalRef).toEqual(externalRef);
    const before = await countCases();

    const again = await post(
      'operator',
      await hotlineCase({ externalRef, reporter: { name: '吴九', phone: '13922223333' } }),
    );
    expect(again.statusCode, again.body).toBe(200);
    const replayed = again.json() as CaseJson;
    expect(Object.keys(replayed).sort()).toEqual(Object.keys(created).sort());
    expect(replayed).toMatchObject({ id: created.id, number: created.number, trackingCode: created.trackingCode });
    // Another body with the same reference: still the case first registered, unchanged.
    const altered = await post(
      'operator',
      await hotlineCase({ externalRef, description: '另一段描述，内容不同的重发' }),
    );
    expect(altered.statusCode, altered.body).toBe(200);
    expect((altered.json() as CaseJson).id).toBe(created.id);
    const stored = await h.ctx.db
      .selectFrom('case_record')
      .select('description')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.description).toBe('12345 转来：小区广场舞音响声音过大');
    // With an Idempotency-Key too.
    const keyed = await post('operator', await hotlineCase({ externalRef }), { 'idempotency-key': 'retry-1' });
    expect(keyed.statusCode, keyed.body).toBe(200);
    expect((keyed.json() as CaseJson).id).toBe(created.id);
    expect(await countCases()).toBe(before);
    expect(await messages(created.id, 'case.received')).toHaveLength(1);

    // Ten at once with a new reference: one case, nine answers of it.
    const racing = { system: '12345-sd', id: 'GD-2026-0002' };
    const payload = await hotlineCase({ externalRef: racing, reporter: { name: '郑十', phone: '13933334444' } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('dispatcher', payload)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses, answers.map((a) => a.body.slice(0, 200)).join('\n')).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const ids = new Set(answers.map((a) => (a.json() as CaseJson).id));
    expect(ids.size).toBe(1);
    expect(await countCases()).toBe(before + 1);
    const [raced] = [...ids];
    expect(await messages(raced!, 'case.received')).toHaveLength(1);
    const events = await h.ctx.db.selectFrom('case_event').select('id').where('case_id', '=', raced!).execute();
    expect(events).toHaveLength(1);
  });

  it('refuses a malformed externalRef, one from a resident, and one of a case the caller may not see', async () => {
    const before = await countCases();
    for (const externalRef of [
      { system: 'Upper', id: '1' },
      { system: '-dash', id: '1' },
      { system: 'a'.repeat(41), id: '1' },
      { system: 'ok', id: '' },
      { system: 'ok', id: 'x'.repeat(101) },
      { system: 'ok', id: 'tab\there' },
      { system: 'ok' },
      { system: 'ok', id: '1', extra: true },
    ]) {
      const res = await post('operator', await hotlineCase({ externalRef }));
      expect(res.statusCode, `${JSON.stringify(externalRef)}: ${res.body}`).toBe(400);
    }
    const resident = await post(
      'resident',
      await hotlineCase({ channel: 'web', externalRef: { system: 'app', id: '9' } }),
    );
    expect(resident.statusCode, resident.body).toBe(400);
    expect(await countCases()).toBe(before);

    // A case of 南关街道 with a reference, sent by its own staff; a 城关 grid worker who cannot see it
    // retries the reference: 409, and nothing of the case.
    const h = get();
    const outsideOperator = await h.userWith('operator', '370702002-centre');
    const outside = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: outsideOperator.token,
      payload: {
        ...(await hotlineCase()),
        unitId: (await h.unit('370702002001')).id,
        externalRef: { system: 'x', id: 'taken' },
      },
    });
    expect(outside.statusCode, outside.body).toBe(201);
    const gridWorker = await h.userWith('grid_worker', GRID);
    const taken = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: gridWorker.token,
      payload: { ...(await hotlineCase({ channel: 'grid_patrol' })), externalRef: { system: 'x', id: 'taken' } },
    });
    expect(taken.statusCode, taken.body).toBe(409);
    expect((taken.json() as { error: { code: string } }).error.code).toBe('EXTERNAL_REF_TAKEN');
    expect(taken.body).not.toContain((outside.json() as CaseJson).number);
  });

  it('tells the sending service account of each change of status, once per change', async () => {
    const h = get();
    const externalRef = { system: '12345-sd', id: 'GD-2026-0100' };
    const res = await post('operator', await hotlineCase({ externalRef }));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as CaseJson;
    // The keys module's API-key actor sets it at intake; here the case is marked as sent by account 77.
    await h.ctx.db.updateTable('case_record').set({ service_account_id: 77 }).where('id', '=', c.id).execute();
    const housing = (await h.unit('370702-dept-housing')).id;
    let version = c.version;
    const act = async (username: string, body: Record<string, unknown>) => {
      const r = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        token: await token(username),
        payload: { version, ...body },
      });
      expect(r.statusCode, `${String(body.action)}: ${r.body}`).toBe(200);
      version = (r.json() as CaseJson).version;
    };
    await act('dispatcher', { action: 'dispatch', leadUnitId: housing });
    await act('department', { action: 'accept' });
    // Supervision changes no status: nothing to tell.
    await act('dispatcher', { action: 'supervise', note: '请加快办理' });
    await act('department', { action: 'resolve', result: '已协调物业限定音量和时段' });
    const resolvedAt = new Date(h.clock.now().getTime() + 8 * 86_400_000);
    expect((await sweepDeadlines(h.ctx, 7, resolvedAt)).autoClosed).toBeGreaterThanOrEqual(1);
    await sweepDeadlines(h.ctx, 7, resolvedAt);

    const sent = await messages(c.id, 'case.status_changed');
    expect(sent.map((m) => [m.recipient_type, m.recipient])).toEqual(Array(4).fill(['service_account', '77']));
    const payloads = sent.map((m) => JSON.parse(m.payload) as Record<string, unknown>);
    expect(payloads.map((p) => [p.status, p.action])).toEqual([
      ['dispatched', 'dispatch'],
      ['in_progress', 'accept'],
      ['resolved', 'resolve'],
      ['closed', 'auto_close'],
    ]);
    for (const p of payloads) {
      expect(Object.keys(p).sort()).toEqual(['action', 'at', 'externalRef', 'number', 'status']);
      expect(p).toMatchObject({ number: c.number, externalRef });
    }
    // A case nobody sent tells no service account.
    const plain = await buildCase(h, { status: 'dispatched', lead: '370702-dept-housing' });
    expect(await messages(plain.id, 'case.status_changed')).toEqual([]);
  });

  it('keeps the API key’s service account on its case: retries by the key return it, and it hears of each status', async () => {
    const h = get();
    const countyAdmin = await h.userWith('admin', '370702-centre');
    const account = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: countyAdmin.token,
      payload: {
        name: `12345 平台 ${h.dialect}`,
        unitId: (await h.unit('370702')).id,
        scopes: ['cases:create', 'cases:read'],
        system: '12345-sd',
      },
    });
    expect(account.statusCode, account.body).toBe(201);
    const { key, account: created } = account.json() as { key: string; account: { id: number } };
    const externalRef = { system: '12345-sd', id: 'GD-2026-0200' };
    const send = async () =>
      h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { 'x-api-key': key },
        payload: await hotlineCase({ externalRef, reporter: { name: '陈一', phone: '13977778888' } }),
      });
    const answers = await Promise.all(Array.from({ length: 3 }, send));
    expect(answers.map((a) => a.statusCode).sort(), answers[0]!.body).toEqual([200, 200, 201]);
    const c = answers[0]!.json() as CaseJson;
    expect(new Set(answers.map((a) => (a.json() as CaseJson).id))).toEqual(new Set([c.id]));
    expect(c.trackingCode).toMatch(CODE);
    const row = await h.ctx.db.selectFrom('case_record').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      service_account_id: created.id,
      external_system: '12345-sd',
      external_id: 'GD-2026-0200',
    });
    const dispatched = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: await token('dispatcher'),
      payload: { action: 'dispatch', version: c.version, leadUnitId: (await h.unit('370702-dept-housing')).id },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const sent = await messages(c.id, 'case.status_changed');
    expect(sent.map((m) => [m.recipient_type, m.recipient])).toEqual([['service_account', String(created.id)]]);
    expect(JSON.parse(sent[0]!.payload)).toMatchObject({ status: 'dispatched', action: 'dispatch', externalRef });
  });

  it('lets the sending platform push its own steps (rating, renewed demand, withdrawal) on its cases only', async () => {
    const h = get();
    const countyAdmin = await h.userWith('admin', '370702-centre');
    const createAccount = async (name: string, scopes: string[]) => {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/service-accounts',
        token: countyAdmin.token,
        payload: { name: `${name} ${h.dialect}`, unitId: (await h.unit('370702')).id, scopes },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { key: string }).key;
    };
    const platform = await createAccount('12345 回传', ['cases:create', 'cases:update-status']);
    const createOnly = await createAccount('12345 只报', ['cases:create']);
    const other = await createAccount('另一平台', ['cases:create', 'cases:update-status']);
    const send = async (key: string, id: string) => {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { 'x-api-key': key },
        payload: await hotlineCase({ externalRef: { system: '12345-up', id } }),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as CaseJson;
    };
    const act = async (c: { id: number }, payload: Record<string, unknown>, auth: { key?: string; user?: string }) => {
      const current = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: await token('dispatcher') });
      const version = (current.json() as CaseJson).version;
      return h.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        ...(auth.key ? { headers: { 'x-api-key': auth.key } } : { token: await token(auth.user!) }),
        payload: { ...payload, version },
      });
    };
    const resolved = async (id: string) => {
      const c = await send(platform, id);
      for (const [payload, user] of [
        [{ action: 'dispatch', leadUnitId: (await h.unit('370702-dept-housing')).id }, 'dispatcher'],
        [{ action: 'accept' }, 'department'],
        [{ action: 'resolve', result: '已协调物业限制音量' }, 'department'],
      ] as const) {
        const res = await act(c, payload, { user });
        expect(res.statusCode, res.body).toBe(200);
      }
      return c;
    };

    // The caller rated the result on the hotline's return call: unsatisfied, then a renewed demand.
    const a = await resolved('UP-1');
    const seen = await h.inject({ method: 'GET', url: `/api/v1/cases/${a.id}`, headers: { 'x-api-key': platform } });
    expect(seen.statusCode, seen.body).toBe(200);
    expect((seen.json() as { allowedActions: string[] }).allowedActions).toContain('rate');
    const rated = await act(a, { action: 'rate', rating: 'unsatisfied' }, { key: platform });
    expect(rated.statusCode, rated.body).toBe(200);
    const reopened = await act(a, { action: 'reopen', reason: '来电人表示问题仍未解决' }, { key: platform });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((reopened.json() as { status: string }).status).toBe('dispatched');

    // A withdrawal of an open case.
    const b = await send(platform, 'UP-2');
    const cancelled = await act(b, { action: 'cancel', reason: '来电人撤回诉求' }, { key: platform });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((cancelled.json() as { status: string }).status).toBe('cancelled');

    // Another platform's key sees nothing of it (404); a key without the scope may never act (403).
    const c = await resolved('UP-3');
    expect((await act(c, { action: 'rate', rating: 'satisfied' }, { key: other })).statusCode).toBe(404);
    const d = await send(createOnly, 'UP-4');
    expect((await act(d, { action: 'cancel', reason: '撤回' }, { key: createOnly })).statusCode).toBe(403);
    // Nor can the platform take a handler's step on its own case.
    const e = await send(platform, 'UP-5');
    const dispatch = await act(
      e,
      { action: 'dispatch', leadUnitId: (await h.unit('370702-dept-housing')).id },
      { key: platform },
    );
    expect(dispatch.statusCode).toBe(403);
  });

  it('enqueues case.received only when the reporter gave a phone, and the channel finds it', async () => {
    const h = get();
    const withPhone = await post(
      'operator',
      await hotlineCase({ channel: 'hotline', reporter: { name: '王五', phone: '13944445555' } }),
    );
    const withoutPhone = await post('operator', await hotlineCase({ channel: 'hotline', reporter: { name: '王五' } }));
    const nobody = await post('operator', await hotlineCase({ channel: 'hotline' }));
    const [a, b, n] = [withPhone, withoutPhone, nobody].map((r) => r.json() as CaseJson);
    const received = await messages(a!.id, 'case.received');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ recipient_type: 'reporter', recipient: String(a!.id) });
    expect(JSON.parse(received[0]!.payload)).toEqual({ number: a!.number });
    expect(received[0]!.payload).not.toContain('13944445555');
    expect(await messages(b!.id, 'case.received')).toEqual([]);
    expect(await messages(n!.id, 'case.received')).toEqual([]);
    expect(await reporterContact(h.ctx, a!.id)).toEqual({
      phone: '13944445555',
      name: '王五',
      number: a!.number,
      trackingCode: a!.trackingCode,
    });
    expect(await reporterContact(h.ctx, b!.id)).toMatchObject({ phone: null, name: '王五' });
    expect(await reporterContact(h.ctx, 2_000_000_000)).toBeNull();
  });

  it('takes a report without an account: number and tracking code only, the phone never echoed', async () => {
    const h = get();
    const unitId = (await h.unit(GRID)).id;
    const report = (payload: Record<string, unknown>, remoteAddress = '198.51.100.1') =>
      h.inject({ method: 'POST', url: '/api/v1/public/reports', payload, remoteAddress });
    const res = await report({
      categoryCode: 'CMP.NOISE',
      description: '夜里工地施工，噪音很大',
      unitId,
      address: '城关街道某小区东门',
      reporter: { name: '孙七', phone: '13955556666' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json() as { number: string; trackingCode: string };
    expect(Object.keys(receipt).sort()).toEqual(['number', 'trackingCode']);
    expect(receipt.trackingCode).toMatch(CODE);
    expect(res.body).not.toContain('13955556666');
    expect(res.body).not.toContain('5556666');
    const row = await h.ctx.db
      .selectFrom('case_record')
      .selectAll()
      .where('number', '=', receipt.number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'web',
      kind: 'complaint',
      created_by: null,
      reporter_user_id: null,
      reporter_name: '孙七',
    });
    expect(await messages(row.id, 'case.received')).toHaveLength(1);
    const tracked = await h.inject({ method: 'GET', url: `/api/v1/track?code=${receipt.trackingCode}` });
    expect(tracked.statusCode).toBe(200);
    // Dispatchers see it in their triage queue like any report.
    const page = await h.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, token: await token('dispatcher') });
    expect(page.statusCode).toBe(200);

    // Without a phone, and by a point instead of a unit.
    const anonymous = await report(
      { categoryCode: 'CMP.NOISE', description: '广场音响太吵，影响休息', unitId },
      '198.51.100.2',
    );
    expect(anonymous.statusCode, anonymous.body).toBe(201);
  });

  it('refuses invalid public reports, creating and spending nothing', async () => {
    const h = get();
    const unitId = (await h.unit(GRID)).id;
    const before = await countCases();
    const invalid: [Record<string, unknown>, number][] = [
      [{ categoryCode: 'NO.SUCH', description: '夜里工地施工噪音', unitId }, 400],
      [{ categoryCode: 'CMP', description: '夜里工地施工噪音', unitId }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '吵', unitId }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音' }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音', unitId, reporter: { phone: '12345' } }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音', unitId, kind: 'complaint' }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音', unitId, channel: 'hotline' }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音', unitId: 2_000_000_000 }, 400],
      [{ categoryCode: 'CMP.NOISE', description: 'x'.repeat(5001), unitId }, 400],
      [{ categoryCode: 'CMP.NOISE', description: '夜里工地施工噪音', location: { lng: 0, lat: 0 } }, 422],
    ];
    for (const [payload, status] of invalid) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        payload,
        remoteAddress: '198.51.100.50',
      });
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 80)}: ${res.body}`).toBe(status);
      expect(res.body).not.toContain('12345"');
    }
    expect(await countCases()).toBe(before);
    // None of them spent the address's budget.
    for (let i = 0; i < PUBLIC_REPORTS_PER_ADDRESS; i++) {
      const ok = await h.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        payload: { categoryCode: 'CMP.NOISE', description: `夜里工地施工噪音第${i}次`, unitId },
        remoteAddress: '198.51.100.50',
      });
      expect(ok.statusCode, ok.body).toBe(201);
    }
  });

  it('limits public reports per client address and per phone number', async () => {
    const h = get();
    const unitId = (await h.unit(GRID)).id;
    const report = (remoteAddress: string, phone?: string) =>
      h.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        remoteAddress,
        payload: {
          categoryCode: 'CMP.NOISE',
          description: '楼下商铺音响声音很大',
          unitId,
          ...(phone ? { reporter: { phone } } : {}),
        },
      });
    for (let i = 0; i < PUBLIC_REPORTS_PER_ADDRESS; i++) expect((await report('192.0.2.10')).statusCode).toBe(201);
    const before = await countCases();
    const over = await report('192.0.2.10');
    expect(over.statusCode, over.body).toBe(429);
    expect((over.json() as { error: { code: string } }).error.code).toBe('PUBLIC_REPORT_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countCases()).toBe(before);
    // Another address is not held back.
    expect((await report('192.0.2.11')).statusCode).toBe(201);

    // One phone from many addresses.
    for (let i = 0; i < PUBLIC_REPORTS_PER_PHONE; i++) {
      expect((await report(`192.0.2.${20 + i}`, '13966667777')).statusCode).toBe(201);
    }
    const phoneOver = await report('192.0.2.40', '139 6666 7777');
    expect(phoneOver.statusCode, phoneOver.body).toBe(429);
    expect(phoneOver.body).not.toContain('6666');
    expect((await report('192.0.2.41', '13966668888')).statusCode).toBe(201);
  });
});
