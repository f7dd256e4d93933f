// 12345 工单导入 (issue 15 item 3): an .xlsx export imported through the one intake. Rejected rows
// come back with their reasons; the rest are created once, however often the file is imported; a
// dry run creates nothing; rows outside the importer's area are rejected.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { readXlsxRows, workOrder, workOrderXlsx, xlsxUpload } from '../../../test/support/work-orders.ts';
import { multipartFile, tinyXlsx, zipOf } from '../../../test/support/uploads.ts';
import { createServiceAccount } from '../auth/service-accounts.ts';

interface ReportRow {
  row: number;
  externalId: string | null;
  status: string;
  reasons: string[];
  caseId?: number;
  caseNumber?: string;
}
interface Report {
  dryRun: boolean;
  system: string;
  total: number;
  created: number;
  alreadyImported: number;
  ready: number;
  rejected: number;
  rows: ReportRow[];
}

const OPERATOR_UNIT = '370702001-centre';

/** Three good rows and one of each fault. */
async function mixedFile(prefix: string): Promise<Buffer> {
  return workOrderXlsx([
    workOrder(`${prefix}-001`),
    workOrder(`${prefix}-002`, { '所属乡镇/街道': '370702001', 诉求分类: 'CMP.STREET_VENDOR' }),
    workOrder(`${prefix}-003`, { 区县: '潍城区', 诉求分类: '矛盾纠纷/邻里纠纷', 来电人: null, 紧急程度: '特急' }),
    workOrder(`${prefix}-004`, { 诉求分类: '外星人入侵' }),
    workOrder(`${prefix}-005`, { 联系电话: '12345' }),
    workOrder(`${prefix}-006`, { 诉求内容: null }),
    workOrder(`${prefix}-001`, { 诉求内容: '同一工单编号再出现一次，应当拒收' }),
    workOrder(`${prefix}-008`, { '所属乡镇/街道': '南关街道' }),
    workOrder(`${prefix}-009`, { 来电时间: '2026-13-45 25:00' }),
  ]);
}

describeEachDialect('12345 work-order import', (get) => {
  const upload = (who: { token: string }, content: Buffer, query = '') =>
    get().inject({ method: 'POST', url: `/api/v1/cases/import${query}`, token: who.token, ...xlsxUpload(content) });

  const importFile = async (who: { token: string }, content: Buffer, query = '') => {
    const res = await upload(who, content, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Report;
  };

  const importedCount = async (h: Harness, system = '12345') =>
    Number(
      (
        await h.ctx.db
          .selectFrom('case_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('external_system', '=', system)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const reasonsOf = (report: Report, externalId: string, row?: number) =>
    report.rows.find((r) => r.externalId === externalId && (row === undefined || r.row === row))?.reasons.join(' ');

  let operator: BuiltUser;
  const operatorOf = async (h: Harness) => (operator ??= await buildUser(h, { role: 'operator', unit: OPERATOR_UNIT }));

  it('reports rejected rows with reasons and creates the rest exactly once when run twice', async () => {
    const h = get();
    const who = await operatorOf(h);
    const file = await mixedFile('A');

    const first = await importFile(who, file);
    expect(first).toMatchObject({
      dryRun: false,
      system: '12345',
      total: 9,
      created: 3,
      alreadyImported: 0,
      rejected: 6,
    });
    expect(first.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'rejected'],
      [9, 'rejected'],
      [10, 'rejected'],
    ]);
    expect(reasonsOf(first, 'A-004')).toContain('未知的诉求分类「外星人入侵」 / Unknown category');
    expect(reasonsOf(first, 'A-005')).toContain('联系电话格式无效 / Invalid phone number');
    expect(reasonsOf(first, 'A-006')).toContain('缺少诉求内容 / The content is missing');
    expect(reasonsOf(first, 'A-001', 8)).toContain('工单编号与第 2 行重复 / The same work-order id as row 2');
    expect(reasonsOf(first, 'A-008')).toContain('不在您的辖区内');
    expect(reasonsOf(first, 'A-009')).toContain('来电时间无效');
    expect(await importedCount(h)).toBe(3);

    const created = first.rows.filter((r) => r.status === 'created');
    const cases = await h.ctx.db
      .selectFrom('case_record')
      .select(['id', 'number', 'channel', 'category_code', 'external_id', 'title', 'description', 'region_id'])
      .where(
        'id',
        'in',
        created.map((r) => r.caseId!),
      )
      .orderBy('id')
      .execute();
    expect(cases.map((c) => [c.external_id, c.channel, c.category_code])).toEqual([
      ['A-001', 'hotline', 'CMP.NOISE'],
      ['A-002', 'hotline', 'CMP.STREET_VENDOR'],
      ['A-003', 'hotline', 'DSP.NEIGHBOUR'],
    ]);
    expect(cases.map((c) => c.number)).toEqual(created.map((r) => r.caseNumber));
    expect(cases[0]!.description).toContain('12345 来电时间 2026-11-26 10:15');
    expect(cases[2]!.title.startsWith('【特急】')).toBe(true);
    const township = await h.unit('370702001');
    expect(cases[0]!.region_id).toBe(township.id);

    const second = await importFile(who, file);
    expect(second).toMatchObject({ total: 9, created: 0, alreadyImported: 3, rejected: 6 });
    expect(second.rows.filter((r) => r.status === 'already_imported').map((r) => r.caseNumber)).toEqual(
      created.map((r) => r.caseNumber),
    );
    expect(await importedCount(h)).toBe(3);

    // One audit record per import, with counts and no caller's number or name.
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'case.import')
      .where('actor_user_id', '=', who.id)
      .execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);
    const details = audits.map((a) => String(a.details));
    expect(details.join('')).not.toContain('13800138000');
    expect(details.join('')).not.toContain('张先生');
    expect(JSON.parse(details[0]!)).toMatchObject({
      system: '12345',
      dryRun: false,
      total: 9,
      created: 3,
      rejected: 6,
    });
  });

  it('dry run checks every row and creates nothing; the real import then creates them', async () => {
    const h = get();
    const who = await operatorOf(h);
    const file = await mixedFile('B');
    const before = await importedCount(h);
    const dry = await importFile(who, file, '?dryRun=true');
    expect(dry).toMatchObject({ dryRun: true, total: 9, created: 0, ready: 3, rejected: 6 });
    expect(await importedCount(h)).toBe(before);

    const real = await importFile(who, file);
    expect(real.created).toBe(3);
    const again = await importFile(who, file, '?dryRun=true');
    expect(again).toMatchObject({ ready: 0, alreadyImported: 3, rejected: 6 });
    expect(await importedCount(h)).toBe(before + 3);
  });

  it('rejects a unit outside the jurisdiction, by name or code; unitId outside is 404', async () => {
    const h = get();
    const who = await operatorOf(h);
    const report = await importFile(
      who,
      await workOrderXlsx([
        workOrder('C-1', { '所属乡镇/街道': '南关街道' }),
        workOrder('C-2', { '所属乡镇/街道': '370702002' }),
        workOrder('C-3', { '所属乡镇/街道': '没有这个街道' }),
        workOrder('C-4', { 区县: '奎文区', '所属乡镇/街道': null }),
        workOrder('C-5', { '所属乡镇/街道': null }),
      ]),
    );
    expect(report.rows.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(reasonsOf(report, 'C-1')).toContain('不在您的辖区内 / It is outside your jurisdiction');
    expect(reasonsOf(report, 'C-2')).toContain('is outside your jurisdiction');
    expect(reasonsOf(report, 'C-3')).toContain('未知的乡镇/街道「没有这个街道」');
    expect(reasonsOf(report, 'C-4')).toContain('不在您的辖区内');
    expect(reasonsOf(report, 'C-5')).toContain('缺少所属乡镇/街道、区县或经纬度');

    const outside = await h.unit('370702002');
    const refused = await upload(
      who,
      await workOrderXlsx([workOrder('C-6', { '所属乡镇/街道': null })]),
      `?unitId=${outside.id}`,
    );
    expect(refused.statusCode, refused.body).toBe(404);
    // Inside, the unit takes the rows that name none.
    const inside = await h.unit('370702001');
    const placed = await importFile(
      who,
      await workOrderXlsx([workOrder('C-7', { '所属乡镇/街道': null })]),
      `?unitId=${inside.id}`,
    );
    expect(placed.rows[0]).toMatchObject({ status: 'created' });
  });

  it('reads headers in any order with full-width spaces, formulas as values, and cleans hostile cells', async () => {
    const h = get();
    const who = await operatorOf(h);
    const file = await workOrderXlsx(
      [
        {
          ' 诉求内容　': '路灯坏了\u0000三天，\u202e晚上很黑\u0007',
          '所属乡镇（街道）': '城关街道',
          '＊诉求分类': { formula: '"道路设施损坏"', result: '道路设施损坏' },
          '工单编号 ': 202611260001,
          联系电话: 13800138001,
          来电时间: new Date(Date.UTC(2026, 10, 25, 8, 30)),
        },
        {
          ' 诉求内容　': '很长'.repeat(2001),
          '所属乡镇（街道）': '城关街道',
          '＊诉求分类': '道路设施损坏',
          '工单编号 ': 'D-2',
        },
        {
          ' 诉求内容　': '井盖丢失，很危险',
          '所属乡镇（街道）': '城关街道',
          '＊诉求分类': '道路设施损坏',
          '工单编号 ': 'D-3',
          经度: 'abc',
          纬度: 36.7,
        },
      ],
      { preamble: [['12345 热线工单导出']] },
    );
    const report = await importFile(who, file);
    expect(report.rows[0]).toMatchObject({ row: 3, externalId: '202611260001', status: 'created' });
    expect(report.rows[1]!.reasons.join()).toContain('诉求内容过长（最多 4000 字）');
    expect(report.rows[2]!.reasons.join()).toContain('经度、纬度须同时填写数字');
    const row = await h.ctx.db
      .selectFrom('case_record')
      .select(['description', 'category_code'])
      .where('id', '=', report.rows[0]!.caseId!)
      .executeTakeFirstOrThrow();
    expect(row.category_code).toBe('HAZ.ROAD');
    expect(row.description).toContain('路灯坏了三天，晚上很黑');
    expect(row.description).toContain('来电时间 2026-11-25 08:30');
  });

  it('answers the rejected rows as .xlsx with a 原因 column', async () => {
    const h = get();
    const who = await operatorOf(h);
    const res = await upload(who, await mixedFile('E'), '?dryRun=true&format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsxRows(res.rawPayload, '未导入');
    expect(rows[0]![0]).toBe('行号');
    expect(rows[0]!.at(-1)).toBe('原因');
    expect(rows.length).toBe(7);
    expect(rows[1]!.at(-1)).toContain('未知的诉求分类');
    expect(await importedCount(h, '12345')).toBeGreaterThanOrEqual(0);
  });

  it('refuses what is no work-order sheet, too many rows, and roles without the power; never a 500', async () => {
    const h = get();
    const who = await operatorOf(h);
    const cases = async () =>
      Number(
        (
          await h.ctx.db
            .selectFrom('case_record')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await cases();

    const junk = await upload(who, Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(junk.statusCode, junk.body).toBe(400);
    expect((junk.json() as { error: { code: string } }).error.code).toBe('IMPORT_FILE_UNREADABLE');

    const noHeaders = await upload(who, await workOrderXlsx([{ 姓名: '张三', 年龄: 30 }]));
    expect(noHeaders.statusCode).toBe(422);
    expect(noHeaders.json()).toMatchObject({
      error: { code: 'IMPORT_COLUMNS_MISSING', details: { missing: ['工单编号', '诉求分类', '诉求内容'] } },
    });

    const many = Array.from({ length: 5_001 }, (_, i) => ({
      工单编号: `M-${i}`,
      诉求分类: '噪音扰民',
      诉求内容: '噪音扰民很严重',
    }));
    const tooMany = await upload(who, await workOrderXlsx(many));
    expect(tooMany.statusCode).toBe(422);
    expect((tooMany.json() as { error: { code: string } }).error.code).toBe('IMPORT_TOO_MANY_ROWS');

    const json = await h.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      token: who.token,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);

    const department = await buildUser(h, { role: 'department', unit: '370702001-dept-justice' });
    expect((await upload(department, await mixedFile('F'))).statusCode).toBe(403);
    expect(await cases()).toBe(before);
  });

  it('answers hostile multipart bodies with a clean 4xx, creating nothing', async () => {
    const h = get();
    const who = await operatorOf(h);
    const cases = async () =>
      Number(
        (
          await h.ctx.db
            .selectFrom('case_record')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await cases();
    const good = await mixedFile('H');
    const wrongField = multipartFile('a.xlsx', good, { field: 'upload' });
    const bodies: { payload: string | Buffer; contentType: string }[] = [
      { payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', contentType: 'multipart/form-data' },
      {
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nabc',
        contentType: 'multipart/form-data; boundary=x',
      },
      { payload: '--y\r\n\r\n--y--\r\n', contentType: 'multipart/form-data; boundary=x' },
      { payload: '', contentType: 'multipart/form-data; boundary=x' },
      { payload: '--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
      { payload: wrongField.payload, contentType: wrongField.headers['content-type']! },
      // Cut off in the middle of the file.
      { payload: xlsxUpload(good).payload.subarray(0, 600), contentType: xlsxUpload(good).headers['content-type']! },
      // A ZIP that says its one part unpacks to 4 GB.
      {
        payload: xlsxUpload(
          (() => {
            const zip = zipOf({ 'xl/workbook.xml': '<workbook/>' });
            const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
            zip.writeUInt32LE(0xfffffff0, central + 24);
            return zip;
          })(),
        ).payload,
        contentType: xlsxUpload(Buffer.alloc(0)).headers['content-type']!,
      },
      { payload: xlsxUpload(tinyXlsx()).payload, contentType: xlsxUpload(tinyXlsx()).headers['content-type']! },
      {
        payload: xlsxUpload(randomBytes(3000)).payload,
        contentType: xlsxUpload(Buffer.alloc(0)).headers['content-type']!,
      },
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/cases/import',
        token: who.token,
        payload: body.payload,
        headers: { 'content-type': body.contentType },
      });
      expect(res.statusCode, `body ${i}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `body ${i}: ${res.body}`).toBeLessThan(500);
      expect((res.json() as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    }
    const oversized = await upload(who, Buffer.concat([good, Buffer.alloc(10 * 1024 * 1024)]));
    expect(oversized.statusCode).toBe(413);
    expect((oversized.json() as { error: { code: string } }).error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(await cases()).toBe(before);
  });

  it('attributes the cases to the service account of the system, so their results go back to it', async () => {
    const h = get();
    const who = await operatorOf(h);
    const county = await h.unit('370702');
    const account = await createServiceAccount(
      h.ctx,
      { actor: null, clientIp: null, actorUserId: who.id },
      { name: '省 12345 平台', unitId: county.id, scopes: ['cases:create'], system: 'hotline-sd' },
    );
    const file = await workOrderXlsx([workOrder('S-1'), workOrder('S-2')]);
    const first = await importFile(who, file, '?system=hotline-sd');
    expect(first).toMatchObject({ system: 'hotline-sd', serviceAccount: true, created: 2 });
    const rows = await h.ctx.db
      .selectFrom('case_record')
      .select(['service_account_id', 'created_by', 'external_system'])
      .where('external_system', '=', 'hotline-sd')
      .execute();
    // The operator who imported registered them (created_by); the platform hears of their results.
    expect(rows).toEqual([
      { service_account_id: account.id, created_by: who.id, external_system: 'hotline-sd' },
      { service_account_id: account.id, created_by: who.id, external_system: 'hotline-sd' },
    ]);
    expect(await importFile(who, file, '?system=hotline-sd')).toMatchObject({ created: 0, alreadyImported: 2 });
    // The same ids from another system are other work orders.
    expect((await importFile(who, file, '?dryRun=true')).ready).toBe(2);
  });

  it('offers the template with the headers', async () => {
    const h = get();
    const who = await operatorOf(h);
    const res = await h.inject({ method: 'GET', url: '/api/v1/cases/import/template', token: who.token });
    expect(res.statusCode).toBe(200);
    const [headers] = await readXlsxRows(res.rawPayload, '工单');
    expect(headers).toEqual(
      expect.arrayContaining(['工单编号', '来电时间', '诉求分类', '诉求内容', '所属乡镇/街道', '经度', '纬度']),
    );
    // The template itself imports cleanly once filled in.
    const filled = await workOrderXlsx([workOrder('T-1')], { headers: headers! });
    const report = await importFile(who, filled, '?dryRun=true');
    expect(report.rows[0]).toMatchObject({ status: 'ready' });
  });
});
