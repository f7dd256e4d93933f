// The .xlsx exports of the administration lists (issue 16 item 5): users, audit log, service
// accounts, knowledge, the demo SMS outbox, the suggestion models and the org units. For each: the file opens, its
// header row is Chinese and frozen, its rows are the JSON list's rows (every page) with the same
// filters and jurisdiction, dates are Excel dates, the export is audited, a role without access is
// refused as for the list, and no phone number, ID number, key or secret appears in it.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { deliverNotifications, notificationRouter } from '../server/notifications.ts';
import { insertPendingRun } from '../server/modules/suggestions/suggestions.repository.ts';
import { buildCase } from './support/factories.ts';
import { describeEachDialect, type Harness } from './support/harness.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BEIJING_MS = 8 * 3600_000;
const REPORTER_PHONE = '13700001234';

type Item = Record<string, unknown>;

/** Every row of a JSON list, following `nextCursor` page after page. */
async function jsonRows(h: Harness, url: string, token: string): Promise<Item[]> {
  const rows: Item[] = [];
  let cursor: string | null = null;
  for (;;) {
    const sep = url.includes('?') ? '&' : '?';
    const res = await h.inject({
      method: 'GET',
      url: cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url,
      token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Item[]; nextCursor?: string | null };
    rows.push(...body.items);
    cursor = body.nextCursor ?? null;
    if (!cursor) return rows;
  }
}

async function download(h: Harness, url: string, token: string) {
  const res = await h.inject({ method: 'GET', url, token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1).value])));
  }
  return { sheet, headers, rows };
}

interface ExportCase {
  /** The list with its filters, without `format`. */
  url: string;
  token: string;
  what: string;
  /** Columns of the sheet compared with the JSON rows: header → the cell expected from a JSON item. */
  cells: Record<string, (item: Item) => unknown>;
  /** Datetime columns: header → the JSON field holding the instant. */
  datetimes: Record<string, string>;
  /** At least this many rows (the fixture made them). */
  atLeast: number;
  /** Strings that must appear in no cell (keys, secrets, full phone numbers). */
  never?: string[];
}

/**
 * Downloads the list as .xlsx and checks it against the JSON list: Chinese frozen headers, the same
 * rows in the same order, dates as Excel dates (Beijing time), nothing personal in clear, and one
 * `export.xlsx` audit record with the row count and the filters.
 */
async function expectExportMatchesList(h: Harness, c: ExportCase) {
  const listed = await jsonRows(h, c.url, c.token);
  expect(listed.length, c.url).toBeGreaterThanOrEqual(c.atLeast);
  const sep = c.url.includes('?') ? '&' : '?';
  const { sheet, headers, rows } = await download(h, `${c.url}${sep}format=xlsx`, c.token);

  expect(sheet.views[0], c.url).toMatchObject({ state: 'frozen', ySplit: 1 });
  for (const header of headers) expect(header, c.url).toMatch(/[\u4e00-\u9fff]/);
  expect(headers, c.url).toEqual(expect.arrayContaining([...Object.keys(c.cells), ...Object.keys(c.datetimes)]));

  expect(rows.length, c.url).toBe(listed.length);
  for (const [header, expected] of Object.entries(c.cells)) {
    expect(
      rows.map((r) => r[header] ?? null),
      `${c.url} ${header}`,
    ).toEqual(listed.map((item) => expected(item) ?? null));
  }
  for (const [header, field] of Object.entries(c.datetimes)) {
    rows.forEach((row, i) => {
      const instant = listed[i]![field] as string | null;
      if (instant === null) {
        expect(row[header] ?? null, `${c.url} ${header}`).toBeNull();
      } else {
        expect(row[header], `${c.url} ${header}`).toBeInstanceOf(Date);
        expect((row[header] as Date).getTime(), `${c.url} ${header}`).toBe(Date.parse(instant) + BEIJING_MS);
      }
    });
  }

  const texts = rows.flatMap((r) => Object.values(r)).filter((v): v is string => typeof v === 'string');
  for (const text of texts) {
    expect(text, c.url).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text, c.url).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
    for (const secret of c.never ?? []) expect(text, c.url).not.toContain(secret);
  }

  const audit = await h.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'export.xlsx')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  expect(audit, c.url).toMatchObject({ subject_type: c.what, outcome: 'success' });
  const details = JSON.parse(audit.details!) as { rowCount: number; filters: Record<string, unknown> };
  expect(details.rowCount, c.url).toBe(rows.length);
  expect(details.filters, c.url).not.toHaveProperty('format');
  expect(details.filters, c.url).not.toHaveProperty('limit');
  return { rows, listed, details };
}

/** A role refused the list is refused the export the same way (status and error code). */
async function expectSameRefusal(h: Harness, url: string, token: string) {
  const sep = url.includes('?') ? '&' : '?';
  const listed = await h.inject({ method: 'GET', url, token });
  const exported = await h.inject({ method: 'GET', url: `${url}${sep}format=xlsx`, token });
  expect(listed.statusCode, url).toBeGreaterThanOrEqual(400);
  expect(exported.statusCode, url).toBe(listed.statusCode);
  expect((exported.json() as { code: string }).code, url).toBe((listed.json() as { code: string }).code);
}

const yesNo = (value: unknown) => (value ? '是' : '否');

describeEachDialect('admin list exports', (get) => {
  it('users: the accounts of the admin’s area, every page, no password, refused as the list', async () => {
    const h = get();
    const admin = await h.login('admin');
    const county = await h.userWith('admin', '370702');
    const passwordHashes = (await h.ctx.db.selectFrom('app_user').select('password_hash').execute()).map(
      (r) => r.password_hash,
    );
    const cells = {
      用户名: (u: Item) => u.username,
      姓名: (u: Item) => u.displayName,
      状态: (u: Item) => (u.disabled ? '已停用' : '正常'),
      双因素认证: (u: Item) => yesNo(u.totpEnabled),
    };
    const all = await expectExportMatchesList(h, {
      url: '/api/v1/users?limit=3',
      token: admin,
      what: 'users',
      cells,
      datetimes: { 创建时间: 'createdAt' },
      atLeast: 10,
      never: passwordHashes,
    });
    expect(all.rows.some((r) => String(r['单位与角色']).includes('（管理员）'))).toBe(true);
    // A county administrator: the county's accounts only, as in its JSON list; a search filter kept.
    const theirs = await expectExportMatchesList(h, {
      url: '/api/v1/users',
      token: county.token,
      what: 'users',
      cells,
      datetimes: {},
      atLeast: 1,
    });
    expect(theirs.rows.length).toBeLessThan(all.rows.length);
    const searched = await expectExportMatchesList(h, {
      url: `/api/v1/users?q=${encodeURIComponent('调度')}`,
      token: admin,
      what: 'users',
      cells,
      datetimes: {},
      atLeast: 1,
    });
    expect(searched.details.filters).toEqual({ q: '(given)' });
    await expectSameRefusal(h, '/api/v1/users', await h.login('dispatcher'));
  });

  it('audit log: every record matching the filters, names resolved, refused as the list', async () => {
    const h = get();
    const admin = await h.login('admin');
    const dispatcher = await h.login('dispatcher');
    await buildCase(h, {});
    await h.inject({ method: 'GET', url: '/api/v1/users', token: dispatcher }); // a denied record
    const cells = {
      序号: (e: Item) => e.seq,
      操作: (e: Item) => e.action,
      用户名: (e: Item) => e.actorUsername,
      结果: (e: Item) => ({ success: '成功', denied: '拒绝', failure: '失败' })[e.outcome as string],
      'IP 地址': (e: Item) => e.clientIp,
    };
    await expectExportMatchesList(h, {
      url: '/api/v1/audit?limit=7',
      token: admin,
      what: 'audit_log',
      cells,
      datetimes: { 时间: 'at' },
      atLeast: 8,
    });
    const denied = await expectExportMatchesList(h, {
      url: '/api/v1/audit?outcome=denied&limit=2',
      token: admin,
      what: 'audit_log',
      cells,
      datetimes: { 时间: 'at' },
      atLeast: 1,
    });
    expect(denied.rows.every((r) => r['结果'] === '拒绝')).toBe(true);
    expect(denied.details.filters).toEqual({ outcome: 'denied' });
    await expectSameRefusal(h, '/api/v1/audit', dispatcher);
  });

  it('service accounts: the accounts of the area, never a key or a webhook secret', async () => {
    const h = get();
    const admin = await h.login('admin');
    const unit = await h.unit('370702-centre');
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      token: admin,
      payload: {
        name: '测试热线平台',
        unitId: unit.id,
        scopes: ['cases:create', 'cases:read'],
        system: 'test-12345',
        webhookUrl: 'https://hotline.example/hook',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { key, webhookSecret } = created.json() as { key: string; webhookSecret: string };
    const { rows } = await expectExportMatchesList(h, {
      url: '/api/v1/service-accounts',
      token: admin,
      what: 'service_accounts',
      cells: {
        名称: (a) => a.name,
        所属辖区: (a) => a.unitName,
        外部系统代码: (a) => a.system,
        密钥前缀: (a) => a.keyPrefix,
        每分钟调用上限: (a) => a.ratePerMinute,
      },
      datetimes: { 创建时间: 'createdAt', 吊销时间: 'revokedAt', 最近使用: 'lastUsedAt' },
      atLeast: 1,
      never: [key, webhookSecret],
    });
    expect(rows.find((r) => r['名称'] === '测试热线平台')?.['授权范围']).toBe('登记事件；查看辖区事件');
    await expectSameRefusal(h, '/api/v1/service-accounts', await h.login('dispatcher'));
  });

  it('knowledge: every article of the filters, review dates as dates, refused as the list', async () => {
    const h = get();
    const admin = await h.login('admin');
    for (const title of ['物业纠纷调处指引', '邻里噪音处理口径', '欠薪投诉办理流程']) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/knowledge',
        token: admin,
        payload: { title, body: `${title}：正文。`, tags: ['指引'], reviewDue: '2027-01-15' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const { rows, listed } = await expectExportMatchesList(h, {
      url: '/api/v1/knowledge?sort=reviewDue&limit=2',
      token: admin,
      what: 'knowledge_articles',
      cells: {
        标题: (a) => a.title,
        适用范围: (a) => a.unitName,
        版本: (a) => a.version,
        复核超期: (a) => yesNo(a.reviewOverdue),
      },
      datetimes: { 更新时间: 'updatedAt' },
      atLeast: 3,
    });
    rows.forEach((row, i) =>
      expect((row['复核日期'] as Date).toISOString().slice(0, 10)).toBe(listed[i]!.reviewDue as string),
    );
    await expectSameRefusal(h, '/api/v1/knowledge', await h.login('resident'));
  });

  it('SMS outbox: every message, phones masked as in the list, refused as the list', async () => {
    const h = get();
    const admin = await h.login('admin');
    for (let i = 0; i < 3; i++) await buildCase(h, { reporter: { name: '王五', phone: REPORTER_PHONE } });
    await deliverNotifications(
      h.ctx,
      notificationRouter(h.ctx, () => undefined),
    );
    const { rows } = await expectExportMatchesList(h, {
      url: '/api/v1/sms-outbox?limit=200',
      token: admin,
      what: 'sms_outbox',
      cells: { 手机号: (m) => m.phoneMasked, 短信内容: (m) => m.text },
      datetimes: { 时间: 'createdAt' },
      atLeast: 3,
      never: [REPORTER_PHONE],
    });
    expect(rows.some((r) => r['手机号'] === '137****1234')).toBe(true);
    expect(rows.some((r) => r['短信模板'] === '事件受理')).toBe(true);
    await expectSameRefusal(h, '/api/v1/sms-outbox', await h.login('dispatcher'));
  });

  it('suggestion models: every run, refused as the list', async () => {
    const h = get();
    const admin = await h.login('admin');
    for (let i = 0; i < 2; i++) {
      await h.ctx.db
        .transaction()
        .execute((trx) =>
          insertPendingRun(trx, { trigger: 'schedule', requestedBy: null, at: h.ctx.clock.now().toISOString() }),
        );
    }
    const { rows } = await expectExportMatchesList(h, {
      url: '/api/v1/suggestions/models',
      token: admin,
      what: 'suggestion_models',
      cells: {
        版本: (r) => r.version,
        状态: (r) => ({ pending: '等待中', training: '训练中', ready: '可用', failed: '失败' })[r.status as string],
        来源: (r) => (r.trigger === 'schedule' ? '每晚' : '手动'),
      },
      datetimes: { 申请时间: 'requestedAt', 训练时间: 'trainedAt' },
      atLeast: 2,
    });
    expect(rows[0]!['版本']).toBeGreaterThan(rows[1]!['版本'] as number);
    await expectSameRefusal(h, '/api/v1/suggestions/models', await h.login('dispatcher'));
  });

  it('org units: the grids of a unit inside the caller’s jurisdiction, every page', async () => {
    const h = get();
    const county = await h.unit('370702');
    const cells = {
      名称: (u: Item) => u.name,
      代码: (u: Item) => u.code,
      层级: (u: Item) => (u.level === 'grid' ? '网格' : u.level),
      下级单位数: (u: Item) => u.childCount,
    };
    const { rows, details } = await expectExportMatchesList(h, {
      url: `/api/v1/units?level=grid&within=${county.id}&limit=2`,
      token: await h.login('admin'),
      what: 'org_units',
      cells,
      datetimes: {},
      atLeast: 3,
    });
    expect(rows.every((r) => r['类型'] === '行政区域')).toBe(true);
    expect(details.filters).toEqual({ level: 'grid', within: county.id });
    // A township dispatcher: the township's grids only, as in its JSON list.
    const theirs = await expectExportMatchesList(h, {
      url: `/api/v1/units?level=grid&within=${county.id}`,
      token: await h.login('township'),
      what: 'org_units',
      cells,
      datetimes: {},
      atLeast: 1,
    });
    expect(theirs.rows.length).toBeLessThan(rows.length);
    await expectSameRefusal(h, '/api/v1/units?level=grid', await h.login('resident'));
  });
});
