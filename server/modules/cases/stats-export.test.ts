import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';

interface Listed {
  id: number;
  number: string;
  stageDeadline: string | null;
}

interface Stats {
  total: number;
  overdue: number;
  byCategory: { code: string; name: string; count: number }[];
  byUnit: { unitId: number; name: string; count: number }[];
  byPeriod: { period: string; count: number }[];
  rates: { response: number | null; resolution: number | null; satisfaction: number | null; onTime: number | null };
}

async function download(h: Harness, url: string, token: string) {
  const res = await h.inject({ method: 'GET', url, token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1).value])));
  }
  return { res, sheet, headers, rows };
}

const lastExport = async (h: Harness) =>
  (
    await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export.xlsx')
      .orderBy('seq', 'desc')
      .limit(1)
      .execute()
  )[0];

describeEachDialect('overdue list export', (get) => {
  it('exports every overdue case of the JSON list, oldest deadline first, within the caller’s jurisdiction', async () => {
    const h = get();
    const county = await h.login('dispatcher');
    const township = await h.login('township');
    const mine = await buildCase(h, { title: '城关街道超期事件' });
    const other = await buildCase(h, { title: '南关街道超期事件', at: '370702002' });
    await buildCase(h, { title: '未超期事件' });
    const past = (hours: number) => new Date(h.ctx.clock.now().getTime() - hours * 3600_000).toISOString();
    await h.ctx.db
      .updateTable('case_record')
      .set({ stage_deadline: past(5) })
      .where('id', '=', mine.id)
      .execute();
    await h.ctx.db
      .updateTable('case_record')
      .set({ stage_deadline: past(9) })
      .where('id', '=', other.id)
      .execute();
    // 1,200 more overdue cases (past one page of the export), many sharing a deadline.
    const row = await h.ctx.db
      .selectFrom('case_record')
      .selectAll()
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...template } = row;
    for (let start = 0; start < 1_200; start += 400) {
      await h.ctx.db
        .insertInto('case_record')
        .values(
          Array.from({ length: 400 }, (_, i) => {
            const k = start + i;
            return {
              ...template,
              number: `${row.number}-O${k}`,
              tracking_code: `${row.tracking_code}${k}`.slice(-32),
              title: `批量超期 ${k}`,
              stage_deadline: past(1 + (k % 3)),
            };
          }),
        )
        .execute();
    }

    const json = (await h.inject({ method: 'GET', url: '/api/v1/stats/overdue?limit=200', token: county })).json() as {
      items: Listed[];
      total: number;
    };
    expect(json.total).toBe(1_202);
    const { res, sheet, headers, rows } = await download(h, '/api/v1/stats/overdue?format=xlsx&limit=5', county);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E8%B6%85%E6%9C%9F%E4%BA%8B%E4%BB%B6-/);
    expect(headers.slice(0, 2)).toEqual(['事件编号', '标题']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Every one of them (the limit shapes the JSON page only), each once, the JSON page first.
    const numbers = rows.map((r) => r['事件编号']);
    expect(numbers).toHaveLength(json.total);
    expect(new Set(numbers).size).toBe(json.total);
    expect(numbers.slice(0, 200)).toEqual(json.items.map((c) => c.number));
    expect(numbers[0]).toBe(other.number);
    const deadlines = rows.map((r) => (r['环节时限'] as Date).getTime());
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(deadlines[0]).toBe(Date.parse(json.items[0]!.stageDeadline!) + 8 * 3600_000);
    expect(rows.every((r) => r['是否超期'] === '是')).toBe(true);

    const audit = await lastExport(h);
    expect(audit).toMatchObject({ subject_type: 'overdue', actor_username: 'dispatcher', outcome: 'success' });
    expect(JSON.parse(audit!.details!)).toMatchObject({ rowCount: 1_202, filters: {} });

    // The township's own only; another township's unit is not there for it, as in the JSON.
    const own = await download(h, '/api/v1/stats/overdue?format=xlsx', township);
    expect(own.rows.map((r) => r['事件编号'])).toContain(mine.number);
    expect(own.rows.map((r) => r['事件编号'])).not.toContain(other.number);
    expect(own.rows).toHaveLength(1_201);
    const nanguan = (await h.unit('370702002')).id;
    for (const format of ['json', 'xlsx']) {
      const outside = await h.inject({
        method: 'GET',
        url: `/api/v1/stats/overdue?unitId=${nanguan}&format=${format}`,
        token: township,
      });
      expect(outside.statusCode, format).toBe(404);
    }
    const narrowed = await download(h, `/api/v1/stats/overdue?unitId=${nanguan}&format=xlsx`, county);
    expect(narrowed.rows.map((r) => r['事件编号'])).toEqual([other.number]);
    for (const username of ['department', 'operator']) {
      const refused = await h.inject({
        method: 'GET',
        url: '/api/v1/stats/overdue?format=xlsx',
        token: await h.login(username),
      });
      expect(refused.statusCode, username).toBe(403);
    }
  });
});

describeEachDialect('case figures export', (get) => {
  it('writes the figures of the JSON answer for the same window as one table, audited', async () => {
    const h = get();
    const county = await h.login('dispatcher');
    await buildCase(h, { title: '统计一' });
    await buildCase(h, { title: '统计二', at: '370702002', categoryCode: 'CMP.NOISE' });
    await buildCase(h, { title: '统计三', kind: 'dispute' });
    const from = encodeURIComponent(new Date(h.ctx.clock.now().getTime() - 40 * 86_400_000).toISOString());
    const query = `from=${from}&period=week`;
    const json = (
      await h.inject({ method: 'GET', url: `/api/v1/stats/cases?${query}`, token: county })
    ).json() as Stats;
    expect(json.total).toBeGreaterThanOrEqual(3);
    const { headers, rows, sheet } = await download(h, `/api/v1/stats/cases?${query}&format=xlsx`, county);
    expect(headers).toEqual(['分组', '名称', '事件数', '比率']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const group = (name: string) => rows.filter((r) => r['分组'] === name).map((r) => [r['名称'], r['事件数']]);
    expect(group('合计')).toEqual([
      ['事件总数', json.total],
      ['超期', json.overdue],
    ]);
    expect(group('按区域')).toEqual(json.byUnit.map((u) => [u.name, u.count]));
    expect(group('按类别')).toEqual(json.byCategory.map((c) => [c.name, c.count]));
    expect(group('按时间')).toEqual(json.byPeriod.map((p) => [p.period, p.count]));
    const rates = rows.filter((r) => r['分组'] === '比率').map((r) => r['比率'] ?? null);
    expect(rates).toEqual([json.rates.response, json.rates.resolution, json.rates.satisfaction, json.rates.onTime]);
    expect(sheet.getColumn(4).numFmt).toBe('0.0%');

    const audit = await lastExport(h);
    expect(audit).toMatchObject({ subject_type: 'case_stats', actor_username: 'dispatcher', outcome: 'success' });
    expect(JSON.parse(audit!.details!)).toMatchObject({ rowCount: rows.length, filters: { period: 'week' } });

    // A township reads its own figures; another township's unit is 404 as in the JSON; a
    // department has no figures at all.
    const township = await h.login('township');
    const nanguan = (await h.unit('370702002')).id;
    for (const format of ['json', 'xlsx']) {
      const outside = await h.inject({
        method: 'GET',
        url: `/api/v1/stats/cases?unitId=${nanguan}&format=${format}`,
        token: township,
      });
      expect(outside.statusCode, format).toBe(404);
      const refused = await h.inject({
        method: 'GET',
        url: `/api/v1/stats/cases?format=${format}`,
        token: await h.login('department'),
      });
      expect(refused.statusCode, format).toBe(403);
    }
    const own = (
      await h.inject({ method: 'GET', url: `/api/v1/stats/cases?${query}`, token: township })
    ).json() as Stats;
    const ownSheet = await download(h, `/api/v1/stats/cases?${query}&format=xlsx`, township);
    expect(ownSheet.rows.find((r) => r['名称'] === '事件总数')!['事件数']).toBe(own.total);
    expect(own.total).toBeLessThan(json.total);
  });
});
