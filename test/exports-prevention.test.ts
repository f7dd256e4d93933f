// Issue 16 item 5 for the prevention tables on both databases: the early-warning inbox, the
// screening ledger and its coverage, the safety index's components and ranking, the stability
// assessments (稳评), the leader's cases (领导包案), the overdue list and the hand-offs inbox each
// export with `format=xlsx`. One helper checks every table the same way: as the right role, the
// sheet has the Chinese headers on a frozen bold first row, its rows are the JSON list's rows (all
// pages: the JSON is read two rows at a time, the export in one go), dates are Excel dates in
// Beijing time, the export is audited (`export.xlsx`, what, who, the row count); and a request
// outside the caller's area or role is refused as the JSON list refuses it, unaudited.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from './support/harness.ts';
import { buildCase, buildUser } from './support/factories.ts';
import { raiseWarning } from '../server/modules/warnings/index.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BEIJING_MS = 8 * 3600_000;
type Item = Record<string, unknown>;

interface Sheet {
  headers: string[];
  rows: Record<string, unknown>[];
  sheet: ExcelJS.Worksheet;
}

const withQuery = (url: string, extra: string) => `${url}${url.includes('?') ? '&' : '?'}${extra}`;

async function download(h: Harness, url: string, token: string): Promise<Sheet> {
  const res = await h.inject({ method: 'GET', url, token });
  expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  expect(String(res.headers['content-disposition'])).toMatch(/attachment; .*filename\*=UTF-8''.+\.xlsx/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1).value ?? null])));
  }
  return { headers, rows, sheet };
}

/** Every item of a paged JSON list, read two at a time; or the `items` of an unpaged answer. */
async function jsonItems(h: Harness, url: string, token: string, paged: boolean): Promise<Item[]> {
  if (!paged) {
    const res = await h.inject({ method: 'GET', url, token });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items?: Item[]; components?: Item[]; findings?: Item[] };
    return body.items ?? body.components ?? body.findings ?? [];
  }
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page = withQuery(url, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const res = await h.inject({ method: 'GET', url: page, token });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Item[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${url}: too many pages`);
}

async function exportAudits(h: Harness) {
  return h.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'export.xlsx')
    .orderBy('seq', 'desc')
    .execute();
}

const excelInstant = (iso: string) => Date.parse(iso) + BEIJING_MS;
const excelDay = (day: string) => Date.parse(`${day}T00:00:00Z`);

interface ExportSpec {
  /** The JSON list's address with its filters (no paging, no format). */
  url: string;
  token: string;
  username: string;
  /** A keyset/offset-paged list (`items` + `nextCursor`); otherwise one answer. */
  paged: boolean;
  headers: string[];
  /** Columns whose cells are the JSON field as it is (text or number), in order. */
  same: [header: string, field: (item: Item) => unknown][];
  /** Columns of instants (datetime) or calendar days (date). */
  dates?: [header: string, field: (item: Item) => unknown, kind?: 'datetime' | 'date'][];
  what: string;
  minRows: number;
}

/** The export of one table against its JSON list, and its audit record. */
async function checkExport(h: Harness, spec: ExportSpec): Promise<Sheet> {
  const items = await jsonItems(h, spec.url, spec.token, spec.paged);
  expect(items.length, spec.url).toBeGreaterThanOrEqual(spec.minRows);
  const before = (await exportAudits(h)).length;
  // A paged list's export ignores `limit`: every row, not the first.
  const url = withQuery(spec.url, spec.paged ? 'format=xlsx&limit=1' : 'format=xlsx');
  const got = await download(h, url, spec.token);

  expect(got.headers, spec.url).toEqual(spec.headers);
  expect(got.sheet.views[0], spec.url).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(got.sheet.getRow(1).getCell(1).font?.bold, spec.url).toBe(true);
  expect(got.rows.length, spec.url).toBe(items.length);
  for (const [header, field] of spec.same) {
    expect(
      got.rows.map((r) => r[header]),
      `${spec.url} ${header}`,
    ).toEqual(items.map((item) => field(item) ?? null));
  }
  for (const [header, field, kind = 'datetime'] of spec.dates ?? []) {
    const column = got.headers.indexOf(header) + 1;
    expect(got.sheet.getColumn(column).numFmt ?? got.sheet.getRow(2).getCell(column).numFmt, header).toMatch(/yy/);
    got.rows.forEach((row, i) => {
      const value = field(items[i]!);
      if (value === null || value === undefined) {
        expect(row[header], `${spec.url} ${header} ${i}`).toBeNull();
        return;
      }
      expect(row[header], `${spec.url} ${header} ${i}`).toBeInstanceOf(Date);
      expect((row[header] as Date).getTime(), `${spec.url} ${header} ${i}`).toBe(
        kind === 'date' ? excelDay(value as string) : excelInstant(value as string),
      );
    });
  }

  const audits = await exportAudits(h);
  expect(audits.length, spec.url).toBe(before + 1);
  expect(audits[0], spec.url).toMatchObject({
    subject_type: spec.what,
    actor_username: spec.username,
    outcome: 'success',
  });
  const details = JSON.parse(audits[0]!.details!) as { rowCount: number; filters: Record<string, unknown> };
  expect(details.rowCount, spec.url).toBe(items.length);
  expect(details.filters).not.toHaveProperty('format');
  expect(details.filters).not.toHaveProperty('limit');
  return got;
}

/** The export is refused exactly as the JSON list is, and writes no export record. */
async function refusedAlike(h: Harness, url: string, token: string, status: number) {
  const before = (await exportAudits(h)).length;
  const json = await h.inject({ method: 'GET', url, token });
  const xlsx = await h.inject({ method: 'GET', url: withQuery(url, 'format=xlsx'), token });
  expect(json.statusCode, `${url} ${json.body}`).toBe(status);
  expect(xlsx.statusCode, `${url} xlsx ${xlsx.body}`).toBe(status);
  expect(xlsx.headers['content-type']).toMatch(/json/);
  expect(xlsx.json()).toMatchObject({ error: { code: (json.json() as { error: { code: string } }).error.code } });
  expect((await exportAudits(h)).length).toBe(before);
}

describeEachDialect('prevention tables export to .xlsx', (get) => {
  it('exports the early-warning inbox with its filters and jurisdiction', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const town = await h.unit('370702001');
    const otherTown = await h.unit('370702002');
    await h.ctx.db.transaction().execute(async (trx) => {
      for (const [kind, level, unitId, key] of [
        ['escalation_words', 'red', town.id, 'a'],
        ['escalation_words', 'yellow', town.id, 'b'],
        ['group_dispute', 'orange', town.id, 'c'],
        ['escalation_words', 'blue', otherTown.id, 'd'],
      ] as const) {
        await raiseWarning(trx, h.ctx, {
          kind,
          level,
          unitId,
          situationKey: `export-test-${key}`,
          title: `导出测试预警${key}`,
          explanation: `导出测试：预警${key}的原因`,
          caseIds: [],
          at: h.clock.now(),
        });
      }
    });
    const headers = [
      '预警级别',
      '预警类型',
      '标题',
      '预警原因',
      '关联事件',
      '所属单位',
      '状态',
      '指派给',
      '触发次数',
      '预警时间',
      '更新时间',
    ];
    const spec = {
      token: dispatcher,
      username: 'dispatcher',
      paged: true,
      headers,
      same: [
        ['标题', (w: Item) => w.title],
        ['预警原因', (w: Item) => w.explanation],
        ['所属单位', (w: Item) => w.unitName],
        ['触发次数', (w: Item) => w.raiseCount],
      ] as ExportSpec['same'],
      dates: [
        ['预警时间', (w: Item) => w.createdAt],
        ['更新时间', (w: Item) => w.updatedAt],
      ] as ExportSpec['dates'],
      what: 'warnings',
    };
    await checkExport(h, { ...spec, url: '/api/v1/warnings', minRows: 4 });
    const filtered = await checkExport(h, {
      ...spec,
      url: `/api/v1/warnings?withinUnitId=${town.id}&kind=escalation_words&status=active`,
      minRows: 2,
    });
    expect(new Set(filtered.rows.map((r) => r['预警类型']))).toEqual(new Set(['矛盾激化苗头']));
    expect(filtered.rows.map((r) => r['预警级别']).slice(0, 2)).toEqual(['红色', '黄色']);
    expect(filtered.rows.map((r) => r['标题'])).not.toContain('导出测试预警d');
    const audit = (await exportAudits(h))[0]!;
    expect(JSON.parse(audit.details!)).toMatchObject({
      filters: { withinUnitId: town.id, kind: 'escalation_words', status: 'active' },
    });

    // A township's dispatcher asking for another township; a resident asking at all.
    const township = await h.login('township');
    await refusedAlike(h, `/api/v1/warnings?withinUnitId=${otherTown.id}`, township, 404);
    await refusedAlike(h, '/api/v1/warnings', await h.login('resident'), 403);
  });

  it('exports the screening ledger and the coverage of the month', async () => {
    const h = get();
    const admin = await h.login('admin');
    const worker = await h.login('gridworker');
    const township = await h.login('township');
    const town = await h.unit('370702001');
    const grid = await h.unit('370702001001G01');
    const schedule = await h.inject({
      method: 'PUT',
      url: `/api/v1/screenings/schedules/${town.id}`,
      token: admin,
      payload: { frequency: 'monthly' },
    });
    expect(schedule.statusCode, schedule.body).toBe(200);
    for (const [doneAt, note] of [
      ['2026-11-20T10:00:00+08:00', '入户走访 12 户'],
      ['2026-11-25T15:30:00+08:00', null],
      [undefined, '=HYPERLINK("http://x")'],
    ] as const) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/screenings',
        token: worker,
        payload: {
          unitId: grid.id,
          ...(doneAt ? { doneAt } : {}),
          ...(note ? { note } : {}),
          findings: [
            {
              parties: [{ name: '王建国', phone: '13912345678' }],
              description: '两户因楼道堆放杂物多次争吵',
              riskGrade: 'orange',
              measures: '已分别约谈',
              responsiblePerson: '网格员小刘',
            },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const ledger = await checkExport(h, {
      url: '/api/v1/screenings?period=2026-11',
      token: township,
      username: 'township',
      paged: true,
      headers: ['网格/村社区', '频次', '周期', '排查人', '排查时间', '发现矛盾纠纷数', '备注', '登记时间'],
      same: [
        ['网格/村社区', (s) => s.unitName],
        ['周期', (s) => s.period],
        ['排查人', (s) => s.screenedByName],
        ['发现矛盾纠纷数', (s) => s.findingCount],
        ['备注', (s) => s.note],
      ],
      dates: [
        ['排查时间', (s) => s.doneAt],
        ['登记时间', (s) => s.createdAt],
      ],
      what: 'screenings',
      minRows: 3,
    });
    expect(ledger.rows.map((r) => r['备注'])).toContain('=HYPERLINK("http://x")');
    expect(JSON.stringify(ledger.rows)).not.toContain('13912345678');

    // One screening's findings (the screening's page), the parties' phones masked as the API shows them.
    const [first] = await jsonItems(h, '/api/v1/screenings?period=2026-11', township, true);
    const findings = await checkExport(h, {
      url: `/api/v1/screenings/${String(first!.id)}`,
      token: township,
      username: 'township',
      paged: false,
      headers: ['当事人', '矛盾纠纷情况', '风险等级', '化解措施', '责任人', '转为事件', '登记时间'],
      same: [
        ['矛盾纠纷情况', (f) => f.description],
        ['化解措施', (f) => f.measures],
        ['责任人', (f) => f.responsiblePerson],
        ['转为事件', (f) => f.caseNumber],
      ],
      dates: [['登记时间', (f) => f.createdAt]],
      what: 'screening_findings',
      minRows: 1,
    });
    expect(findings.rows[0]).toMatchObject({ 当事人: '王建国（139****5678）', 风险等级: '橙色（较大）' });
    expect(JSON.stringify(findings.rows)).not.toContain('13912345678');

    const coverage = await checkExport(h, {
      url: `/api/v1/screenings/coverage?withinUnitId=${town.id}&period=2026-11`,
      token: township,
      username: 'township',
      paged: false,
      headers: ['单位代码', '网格/村社区', '频次', '是否已排查', '已排查期数', '应排查期数', '最近排查'],
      same: [
        ['单位代码', (c) => c.code],
        ['网格/村社区', (c) => c.name],
        ['是否已排查', (c) => (c.screened ? '已排查' : '未排查')],
        ['已排查期数', (c) => (c.done as string[]).length],
        ['应排查期数', (c) => (c.expected as string[]).length],
      ],
      dates: [['最近排查', (c) => c.lastDoneAt]],
      what: 'screening_coverage',
      minRows: 10,
    });
    // Not screened first, as on screen.
    expect(coverage.rows[0]!['是否已排查']).toBe('未排查');
    expect(coverage.rows.at(-1)!['是否已排查']).toBe('已排查');

    const otherTown = await h.unit('370702002');
    await refusedAlike(h, `/api/v1/screenings?withinUnitId=${otherTown.id}`, township, 404);
    await refusedAlike(h, `/api/v1/screenings/coverage?withinUnitId=${otherTown.id}`, township, 404);
    await refusedAlike(h, '/api/v1/screenings/coverage', await h.login('resident'), 403);
    const outsider = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    await refusedAlike(h, `/api/v1/screenings/${String(first!.id)}`, outsider.token, 404);
  });

  it("exports the safety index's components and the ranking of the units under it", async () => {
    const h = get();
    const leader = await h.login('leader');
    const county = await h.unit('370702');
    const town = await h.unit('370702001');
    const components = await checkExport(h, {
      url: `/api/v1/safety-index?unitId=${town.id}&period=2026-11`,
      token: leader,
      username: 'leader',
      paged: false,
      headers: ['指标', '数值（比率）', '数值（每万人）', '标准化值', '权重', '得分', '说明'],
      same: [
        ['指标', (c) => c.name],
        ['权重', (c) => c.weight],
        ['得分', (c) => c.contribution],
        ['标准化值', (c) => c.normalised],
        ['说明', (c) => c.explanation],
      ],
      what: 'safety_index',
      minRows: 8,
    });
    const rateColumn = components.headers.indexOf('数值（比率）') + 1;
    const countColumn = components.headers.indexOf('数值（每万人）') + 1;
    const rows = (await jsonItems(h, `/api/v1/safety-index?unitId=${town.id}&period=2026-11`, leader, false)) as {
      key: string;
      value: number | null;
    }[];
    rows.forEach((c, i) => {
      const isRate = /_(rate|share|coverage)$/.test(c.key);
      const row = components.sheet.getRow(i + 2);
      expect(row.getCell(isRate ? rateColumn : countColumn).value ?? null, c.key).toBe(c.value);
      expect(row.getCell(isRate ? countColumn : rateColumn).value ?? null, c.key).toBeNull();
    });
    expect(components.sheet.getRow(2).getCell(rateColumn).numFmt).toBe('0.0%');

    const ranking = await checkExport(h, {
      url: `/api/v1/safety-index?withinUnitId=${county.id}&period=2026-11`,
      token: leader,
      username: 'leader',
      paged: false,
      headers: ['排名', '单位', '单位代码', '指数', '等级'],
      same: [
        ['排名', (r) => r.rank],
        ['单位', (r) => r.unitName],
        ['单位代码', (r) => r.code],
        ['指数', (r) => r.score],
        ['等级', (r) => r.gradeName],
      ],
      what: 'safety_ranking',
      minRows: 2,
    });
    expect(ranking.rows.map((r) => r['单位代码'])).toContain('370702001');

    const township = await h.login('township');
    const otherTown = await h.unit('370702002');
    await refusedAlike(h, `/api/v1/safety-index?unitId=${otherTown.id}`, township, 404);
    await refusedAlike(h, `/api/v1/safety-index?withinUnitId=${county.id}`, township, 404);
    await refusedAlike(h, '/api/v1/safety-index', await h.login('resident'), 403);
  });

  it('exports the stability assessments (稳评) of the area', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const town = await h.unit('370702001');
    for (const title of ['城关街道老旧小区改造项目', '城关街道农贸市场搬迁']) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/risk-assessments',
        token: dispatcher,
        payload: {
          unitId: town.id,
          title,
          decisionKind: 'project',
          description: '对城关街道12个老旧小区实施改造，涉及加装电梯、管网更新和停车位调整。',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const spec: Omit<ExportSpec, 'url' | 'minRows'> = {
      token: dispatcher,
      username: 'dispatcher',
      paged: true,
      headers: ['评估事项', '决策单位', '决策类型', '当前环节', '风险等级', '决策', '启动时间', '更新时间'],
      same: [
        ['评估事项', (a) => a.title],
        ['决策单位', (a) => a.unitName],
      ],
      dates: [
        ['启动时间', (a) => a.createdAt],
        ['更新时间', (a) => a.updatedAt],
      ],
      what: 'risk_assessments',
    };
    const all = await checkExport(h, { ...spec, url: '/api/v1/risk-assessments', minRows: 2 });
    expect(all.rows[0]).toMatchObject({ 决策类型: '重大项目', 当前环节: '风险点排查', 风险等级: null });
    await checkExport(h, {
      ...spec,
      url: `/api/v1/risk-assessments?withinUnitId=${town.id}&stage=risk_points`,
      minRows: 2,
    });

    const outsider = await buildUser(h, { role: 'dispatcher', unit: '370705-centre' });
    const theirs = await download(h, '/api/v1/risk-assessments?format=xlsx', outsider.token);
    expect(theirs.rows.map((r) => r['评估事项'])).not.toContain('城关街道老旧小区改造项目');
    await refusedAlike(h, `/api/v1/risk-assessments?withinUnitId=${town.id}`, outsider.token, 404);
    await refusedAlike(h, '/api/v1/risk-assessments', await h.login('resident'), 403);
  });

  it("exports the hand-offs inbox, sent and received, to the units' members only", async () => {
    const h = get();
    const court = await h.login('court');
    const committee = await h.unit('370702-cmte-territorial');
    for (const n of [1, 2, 3]) {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        token: court,
        payload: {
          toUnitId: committee.id,
          externalRef: `（2026）鲁0702民诉前调${900 + n}号`,
          deadline: '2026-12-30',
          note: '诉前委派调解',
          case: {
            kind: 'dispute',
            categoryCode: 'DSP.CONTRACT',
            description: '装修合同纠纷：业主拒付尾款，法院诉前委派调解',
            unitId: (await h.unit('370702001001G01')).id,
            reporter: { name: '王五', phone: '13700003333' },
          },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const headers = [
      '事件编号',
      '标题',
      '类型',
      '委派单位',
      '接收单位',
      '对方文号',
      '发出时间',
      '办理期限',
      '是否超期',
      '状态',
      '办理结果',
      '结果说明',
      '反馈时间',
    ];
    const same: ExportSpec['same'] = [
      ['事件编号', (r) => r.caseNumber],
      ['委派单位', (r) => r.fromUnitName],
      ['接收单位', (r) => r.toUnitName],
      ['对方文号', (r) => r.externalRef],
      ['是否超期', (r) => (r.overdue ? '是' : '否')],
    ];
    const dates: ExportSpec['dates'] = [
      ['发出时间', (r) => r.sentAt],
      ['办理期限', (r) => r.deadline, 'date'],
      ['反馈时间', (r) => r.returnedAt],
    ];
    const sent = await checkExport(h, {
      url: '/api/v1/referrals?box=sent',
      token: court,
      username: 'court',
      paged: true,
      headers,
      same,
      dates,
      what: 'referrals',
      minRows: 3,
    });
    expect(sent.rows[0]).toMatchObject({ 类型: '诉调对接', 状态: '待签收' });
    expect(JSON.stringify(sent.rows)).not.toContain('13700003333');
    await checkExport(h, {
      url: '/api/v1/referrals?box=received&status=sent',
      token: await h.login('mediator'),
      username: 'mediator',
      paged: true,
      headers,
      same,
      dates,
      what: 'referrals',
      minRows: 3,
    });

    // Another county's court has none of them, in the list as in the sheet; a resident has no inbox.
    const otherCourt = await h.userWith('department', '370703-court');
    const theirs = await download(h, '/api/v1/referrals?box=sent&format=xlsx', otherCourt.token);
    const listed = await jsonItems(h, '/api/v1/referrals?box=sent', otherCourt.token, true);
    expect(theirs.rows.map((r) => r['事件编号'])).toEqual(listed.map((r) => r.caseNumber));
    expect(theirs.rows.map((r) => r['对方文号'])).not.toContain('（2026）鲁0702民诉前调901号');
    await refusedAlike(h, '/api/v1/referrals?box=sent', await h.login('resident'), 403);
  });

  it("exports the leader's own cases (领导包案) and the overdue list as the case list shows them", async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const leader = await buildUser(h, { role: 'leader', unit: '370702', displayName: '王区长' });
    const lead = '370702-dept-housing';
    for (let i = 0; i < 3; i++) {
      const c = await buildCase(h, { kind: 'dispute', status: 'in_progress', lead });
      const seen = (await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: dispatcher })).json() as {
        version: number;
      };
      const res = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        token: dispatcher,
        payload: { action: 'assign_leader', version: seen.version, leaderUserId: leader.id, note: '请区领导包案' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const caseColumns: Omit<ExportSpec, 'url' | 'token' | 'username' | 'what' | 'minRows'> = {
      paged: true,
      headers: [
        '事件编号',
        '标题',
        '类型',
        '类别',
        '来源渠道',
        '状态',
        '当前环节',
        '环节时限',
        '是否超期',
        '评价',
        '所属区域',
        '网格',
        '牵头单位',
        '地址',
        '受理时间',
        '更新时间',
      ],
      same: [
        ['事件编号', (c) => c.number],
        ['是否超期', (c) => (c.overdue ? '是' : '否')],
      ],
      dates: [
        ['环节时限', (c) => c.stageDeadline],
        ['受理时间', (c) => c.createdAt],
        ['更新时间', (c) => c.updatedAt],
      ],
    };
    const mine = await checkExport(h, {
      ...caseColumns,
      url: '/api/v1/cases?leaderId=me',
      token: leader.token,
      username: leader.username,
      what: 'leader_cases',
      minRows: 3,
    });
    expect(mine.rows).toHaveLength(3);
    // Another leader's own list holds none of them.
    const other = await buildUser(h, { role: 'leader', unit: '370702' });
    expect((await download(h, '/api/v1/cases?leaderId=me&format=xlsx', other.token)).rows).toEqual([]);

    // A month on, the cases in progress are past their time limits: the overdue list.
    h.clock.advance(40 * 24 * 3600_000);
    const later = await h.login('dispatcher'); // the earlier session has expired by then
    const overdue = await checkExport(h, {
      ...caseColumns,
      url: '/api/v1/cases?overdue=true',
      token: later,
      username: 'dispatcher',
      what: 'overdue_cases',
      minRows: 3,
    });
    expect(new Set(overdue.rows.map((r) => r['是否超期']))).toEqual(new Set(['是']));
    await refusedAlike(h, '/api/v1/cases?overdue=true&unitId=abc', later, 400);
  });
});
