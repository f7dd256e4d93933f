// 队伍建设 over HTTP on both databases: certificates flagged expired and expiring by the server's
// clock (a renewal clears the flag); a grid with no grid worker is listed until someone joins it;
// a person's monthly figures are exactly the cases the case list gives for the same filter; bad
// input is refused with a clear error and writes nothing; another county's records do not exist;
// cadres' phones are sealed and masked; the lists export as .xlsx.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltCase, type BuiltUser } from '../../../test/support/factories.ts';

const GRID = '370702001001G01';

interface Training {
  id: number;
  course: string;
  expiresOn: string | null;
  certificate: string;
  superseded: boolean;
}
interface Staff {
  id: number;
  userId: number;
  name: string;
  post: string;
  certificate: string;
  duties: string[];
  trainings: Training[];
  evaluations: { period: string; grade: string }[];
}
interface Month {
  month: string;
  from: string;
  to: string;
  found: number;
  resolvedOnTheSpot: number;
  handledOnTime: number;
  handlingDue: number;
  satisfied: number;
  rated: number;
}

async function call<T>(h: Harness, token: string, method: 'GET' | 'POST', url: string, payload?: object, status = 200) {
  const res = await h.inject({ method, url, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json() as T;
}

async function count(h: Harness, table: 'staff_record' | 'staff_training' | 'grid_cadre'): Promise<number> {
  const row = await h.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every case the list gives for `query`, page after page. */
async function listed(h: Harness, token: string, query: Record<string, string>): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
    const page: { items: { id: number }[]; nextCursor: string | null } = await call(
      h,
      token,
      'GET',
      `/api/v1/cases?${params.toString()}`,
    );
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describeEachDialect('workforce', (get) => {
  let admin: BuiltUser;
  let worker: BuiltUser;
  let staff: Staff;

  const setUp = async (h: Harness) => {
    if (staff) {
      // The clock moves forward between tests: a session idle for half an hour has expired.
      admin.token = await h.login(admin.username, admin.password);
      return;
    }
    admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    worker = await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员王芳' });
    const grid = await h.unit(GRID);
    staff = await call<Staff>(
      h,
      admin.token,
      'POST',
      '/api/v1/workforce/staff',
      { userId: worker.id, unitId: grid.id, post: 'grid_worker_full', duties: '入户走访\n矛盾排查\n' },
      201,
    );
  };

  it('flags an expired certificate and one expiring within 30 days by the clock, and a renewal clears it', async () => {
    const h = get();
    await setUp(h);
    expect(staff.duties).toEqual(['入户走访', '矛盾排查']);
    expect(staff.certificate).toBe('none');
    const url = `/api/v1/workforce/staff/${staff.id}/trainings`;
    // Valid through 2026-12-20: 23 days left, so it is expiring, not yet expired.
    let record = await call<Staff>(
      h,
      admin.token,
      'POST',
      url,
      {
        course: '人民调解员岗前培训',
        hours: 16,
        completedOn: '2024-12-21',
        certificateNo: 'TJ-2024-0012',
        expiresOn: '2026-12-20',
      },
      201,
    );
    expect(record.certificate).toBe('expiring');
    const list = (q: string) =>
      call<{ items: { id: number; certificate: string }[] }>(h, admin.token, 'GET', `/api/v1/workforce/staff?${q}`);
    expect((await list('certificate=expiring')).items.map((s) => s.id)).toContain(staff.id);
    expect((await list('certificate=expired')).items.map((s) => s.id)).not.toContain(staff.id);

    // The last valid day passes: the next Beijing day it is expired.
    h.clock.set(new Date('2026-12-20T23:59:00+08:00'));
    admin.token = await h.login(admin.username, admin.password);
    expect((await call<Staff>(h, admin.token, 'GET', `/api/v1/workforce/staff/${staff.id}`)).certificate).toBe(
      'expiring',
    );
    h.clock.set(new Date('2026-12-21T00:01:00+08:00'));
    admin.token = await h.login(admin.username, admin.password);
    expect((await call<Staff>(h, admin.token, 'GET', `/api/v1/workforce/staff/${staff.id}`)).certificate).toBe(
      'expired',
    );
    expect((await list('certificate=expired')).items.map((s) => s.id)).toContain(staff.id);
    const alerts = await call<{
      items: { staffId: number; certificate: string; daysLeft: number; expiresOn: string }[];
    }>(h, admin.token, 'GET', '/api/v1/workforce/certificates');
    expect(alerts.items.find((a) => a.staffId === staff.id)).toMatchObject({
      certificate: 'expired',
      expiresOn: '2026-12-20',
      daysLeft: -1,
    });

    // Renewed: the new certificate counts, the old one is superseded and no longer flagged.
    record = await call<Staff>(
      h,
      admin.token,
      'POST',
      url,
      {
        course: '人民调解员岗前培训',
        hours: 8,
        completedOn: '2026-12-21',
        certificateNo: 'TJ-2026-0301',
        expiresOn: '2028-12-20',
      },
      201,
    );
    expect(record.certificate).toBe('valid');
    expect(record.trainings.map((t) => [t.expiresOn, t.certificate, t.superseded])).toEqual([
      ['2028-12-20', 'valid', false],
      ['2026-12-20', 'expired', true],
    ]);
    expect((await list('certificate=expired')).items.map((s) => s.id)).not.toContain(staff.id);
    const after = await call<{ items: { staffId: number }[] }>(h, admin.token, 'GET', '/api/v1/workforce/certificates');
    expect(after.items.map((a) => a.staffId)).not.toContain(staff.id);
  });

  it('refuses bad input with a clear Chinese error and writes nothing', async () => {
    const h = get();
    await setUp(h);
    const before = [await count(h, 'staff_record'), await count(h, 'staff_training')];
    const refuse = async (url: string, payload: object, status: number, code: string) => {
      const res = await h.inject({ method: 'POST', url, token: admin.token, payload });
      expect(res.statusCode, res.body).toBe(status);
      const error = (res.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    };
    const training = `/api/v1/workforce/staff/${staff.id}/trainings`;
    await refuse(
      training,
      { course: '调解技巧', hours: 4, completedOn: '2026-11-01', expiresOn: '2026-10-01', certificateNo: 'X1' },
      400,
      'VALIDATION_FAILED',
    );
    await refuse(training, { course: '调解技巧', hours: 4, completedOn: '2026-02-30' }, 400, 'VALIDATION_FAILED');
    await refuse(training, { course: '   ', hours: 4, completedOn: '2026-11-01' }, 400, 'VALIDATION_FAILED');
    await refuse(
      training,
      { course: '调解技巧', hours: 4, completedOn: '2026-11-01', expiresOn: '2027-11-01' },
      400,
      'VALIDATION_FAILED',
    );
    const other = await buildUser(h, { role: 'grid_worker', unit: '370702001002G01', signIn: false });
    const grid = await h.unit(GRID);
    // A grid worker's post in a centre; an account that is not a member of the grid; a second record.
    await refuse(
      '/api/v1/workforce/staff',
      { userId: other.id, unitId: (await h.unit('370702001-centre')).id, post: 'grid_worker_full' },
      422,
      'STAFF_POST_UNIT_MISMATCH',
    );
    await refuse(
      '/api/v1/workforce/staff',
      { userId: other.id, unitId: grid.id, post: 'grid_worker_part' },
      422,
      'STAFF_NOT_MEMBER',
    );
    await refuse(
      '/api/v1/workforce/staff',
      { userId: worker.id, unitId: grid.id, post: 'grid_worker_part' },
      409,
      'STAFF_RECORD_EXISTS',
    );
    expect([await count(h, 'staff_record'), await count(h, 'staff_training')]).toEqual(before);
  });

  it('lists a grid without a worker until a grid worker joins it', async () => {
    const h = get();
    await setUp(h);
    const village = await h.unit('370702001');
    const url = `/api/v1/workforce/grids-without-worker?unitId=${village.id}`;
    const first = await call<{ items: { id: number; code: string; parentName: string | null }[] }>(
      h,
      admin.token,
      'GET',
      url,
    );
    // The test's own worker staffs GRID; some other grid of the township has nobody.
    expect(first.items.map((g) => g.code)).not.toContain(GRID);
    const empty = first.items[0]!;
    expect(empty.parentName).toBeTruthy();
    await buildUser(h, { role: 'grid_worker', unit: { id: empty.id }, signIn: false });
    const second = await call<{ items: { id: number }[] }>(h, admin.token, 'GET', url);
    expect(second.items.map((g) => g.id)).not.toContain(empty.id);
    expect(second.items).toHaveLength(first.items.length - 1);
  });

  it('gives each month the figures the case list gives for the same filter', async () => {
    const h = get();
    await setUp(h);
    h.clock.set(new Date('2026-12-22T09:00:00+08:00'));
    worker.token = await h.login(worker.username, worker.password);
    const act = (token: string, c: BuiltCase, body: Record<string, unknown>) =>
      call<BuiltCase>(h, token, 'POST', `/api/v1/cases/${c.id}/actions`, { version: c.version, ...body });
    // Found by the worker: two solved on the spot (one rated satisfied), one left to the centre.
    const spot = await buildCase(h, {
      at: GRID,
      by: { token: worker.token, role: 'grid_worker' },
      channel: 'grid_patrol',
    });
    const solved = await act(worker.token, spot, { action: 'resolve', result: '现场协调，已清理楼道杂物' });
    const operator = await h.login('operator');
    await act(operator, solved, { action: 'rate', rating: 'satisfied' });
    const spot2 = await buildCase(h, {
      at: GRID,
      by: { token: worker.token, role: 'grid_worker' },
      channel: 'grid_patrol',
    });
    await act(worker.token, spot2, { action: 'resolve', result: '当场解释政策，群众认可' });
    await buildCase(h, { at: GRID, by: { token: worker.token, role: 'grid_worker' }, channel: 'grid_patrol' });
    // Someone else's case: counted nowhere in the worker's figures.
    await buildCase(h, { at: GRID });

    const leader = await h.login('leader');
    const perf = await call<{ months: Month[] }>(
      h,
      leader,
      'GET',
      `/api/v1/workforce/staff/${staff.id}/performance?year=2026`,
    );
    expect(perf.months.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    const december = perf.months.find((m) => m.month === '2026-12')!;
    expect(december).toMatchObject({ found: 3, resolvedOnTheSpot: 2, satisfied: 1, rated: 1 });
    const kpis = {
      found: 'all',
      resolvedOnTheSpot: 'resolvedOnTheSpot',
      handledOnTime: 'handledOnTime',
      handlingDue: 'handlingDue',
      satisfied: 'satisfied',
      rated: 'rated',
    } as const;
    for (const month of perf.months.filter((m) => m.month >= '2026-11')) {
      for (const [figure, kpi] of Object.entries(kpis)) {
        const ids = await listed(h, leader, { createdBy: String(worker.id), from: month.from, to: month.to, kpi });
        expect(ids, `${month.month} ${figure}`).toHaveLength(month[figure as keyof typeof kpis]);
      }
    }
  });

  it('keeps another county’s records from an administrator there (404) and its lists empty', async () => {
    const h = get();
    await setUp(h);
    const elsewhere = await buildUser(h, { role: 'admin', unit: '370703' });
    for (const url of [
      `/api/v1/workforce/staff/${staff.id}`,
      `/api/v1/workforce/staff/${staff.id}/performance`,
      `/api/v1/workforce/grids-without-worker?unitId=${(await h.unit('370702001')).id}`,
      `/api/v1/grid-cadres?gridId=${(await h.unit(GRID)).id}`,
    ]) {
      const res = await h.inject({ method: 'GET', url, token: elsewhere.token });
      expect(res.statusCode, url).toBe(404);
    }
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/workforce/staff/${staff.id}/trainings`,
      token: elsewhere.token,
      payload: { course: '越权', hours: 1, completedOn: '2026-11-01' },
    });
    expect(res.statusCode).toBe(404);
    const list = await call<{ items: unknown[] }>(h, elsewhere.token, 'GET', '/api/v1/workforce/staff');
    expect(list.items).toEqual([]);
  });

  it('seals cadres’ phones, shows them masked on the grid and in the export', async () => {
    const h = get();
    await setUp(h);
    const grid = await h.unit(GRID);
    const before = await count(h, 'grid_cadre');
    const bad = await h.inject({
      method: 'POST',
      url: '/api/v1/grid-cadres',
      token: admin.token,
      payload: { gridId: grid.id, name: '张德明', role: 'party_member', phone: '12345' },
    });
    expect(bad.statusCode).toBe(400);
    const notGrid = await h.inject({
      method: 'POST',
      url: '/api/v1/grid-cadres',
      token: admin.token,
      payload: { gridId: (await h.unit('370702001')).id, name: '张德明', role: 'party_member' },
    });
    expect((notGrid.json() as { error: { code: string } }).error.code).toBe('CADRE_UNIT_NOT_GRID');
    expect(await count(h, 'grid_cadre')).toBe(before);

    const cadre = await call<{ id: number; phone: string; role: string }>(
      h,
      admin.token,
      'POST',
      '/api/v1/grid-cadres',
      {
        gridId: grid.id,
        name: '张德明',
        role: 'liaison_cadre',
        organisation: '城关街道党工委委员',
        phone: '13905361234',
      },
      201,
    );
    expect(cadre.phone).toBe('139****1234');
    const stored = await h.ctx.db
      .selectFrom('grid_cadre')
      .selectAll()
      .where('id', '=', cadre.id)
      .executeTakeFirstOrThrow();
    expect(stored.phone_enc).not.toContain('13905361234');
    expect(h.ctx.cipher.decrypt(stored.phone_enc!)).toBe('13905361234');

    const leader = await h.login('leader');
    const onGrid = await call<{ items: { id: number; name: string; phone: string }[] }>(
      h,
      leader,
      'GET',
      `/api/v1/grid-cadres?gridId=${grid.id}`,
    );
    expect(onGrid.items.find((c) => c.id === cadre.id)).toMatchObject({ name: '张德明', phone: '139****1234' });
    expect(JSON.stringify(onGrid)).not.toContain('13905361234');

    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/grid-cadres?gridId=${grid.id}&format=xlsx`,
      token: leader,
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '网格',
      '姓名',
      '身份',
      '工作单位及职务',
      '联系电话（脱敏）',
    ]);
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows).toContainEqual([grid.name, '张德明', '联系干部', '城关街道党工委委员', '139****1234']);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'subject_type'])
      .where('action', '=', 'export.xlsx')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    expect(audit?.subject_type).toBe('grid_cadres');
  });

  it('exports the staff list, certificate alerts and grids without a worker as the JSON lists give them', async () => {
    const h = get();
    await setUp(h);
    for (const [url, header, size] of [
      [
        '/api/v1/workforce/staff?',
        '姓名',
        async () =>
          (await call<{ items: unknown[] }>(h, admin.token, 'GET', '/api/v1/workforce/staff?limit=500')).items.length,
      ],
      [
        '/api/v1/workforce/certificates?',
        '有效期至',
        async () =>
          (await call<{ items: unknown[] }>(h, admin.token, 'GET', '/api/v1/workforce/certificates')).items.length,
      ],
      [
        '/api/v1/workforce/grids-without-worker?',
        '网格编码',
        async () =>
          (await call<{ items: unknown[] }>(h, admin.token, 'GET', '/api/v1/workforce/grids-without-worker')).items
            .length,
      ],
    ] as const) {
      const res = await h.inject({ method: 'GET', url: `${url}format=xlsx`, token: admin.token });
      expect(res.statusCode, url).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toContain(header);
      expect(sheet.rowCount - 1, url).toBe(await size());
    }
  });
});
