import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';

interface Listed {
  id: number;
  number: string;
  title: string;
  status: string;
  createdAt: string;
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
    rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1)])));
  }
  return { res, sheet, headers, rows };
}

describeEachDialect('case list export', (get) => {
  it('exports the list a township dispatcher sees, as the JSON list has it, formula text as text, audited', async () => {
    const h = get();
    const township = await h.login('township');
    const county = await h.login('dispatcher');
    const formula = await buildCase(h, { title: '=HYPERLINK("http://evil.example","点此")' });
    const other = await buildCase(h, { title: '南关街道的事件', at: '370702002' });
    await buildCase(h, { title: '城关街道的第二件事' });

    const json = (await (
      await h.inject({ method: 'GET', url: '/api/v1/cases?limit=200', token: township })
    ).json()) as {
      items: Listed[];
    };
    const { res, sheet, headers, rows } = await download(h, '/api/v1/cases?format=xlsx', township);
    expect(res.headers['content-disposition']).toMatch(
      /filename\*=UTF-8''%E4%BA%8B%E4%BB%B6%E5%88%97%E8%A1%A8-\d{8}-\d{4}\.xlsx/,
    );
    expect(headers.slice(0, 3)).toEqual(['事件编号', '标题', '类型']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // The township's own cases, in the list's order, and nothing of another township.
    expect(rows.map((r) => r['事件编号']!.value)).toEqual(json.items.map((c) => c.number));
    expect(rows.map((r) => r['事件编号']!.value)).not.toContain(other.number);
    const injected = rows.find((r) => r['事件编号']!.value === formula.number)!;
    expect(injected['标题']!.type).toBe(ExcelJS.ValueType.String);
    expect(injected['标题']!.value).toBe('=HYPERLINK("http://evil.example","点此")');
    expect(injected['状态']!.value).toBe('待分拨');
    const created = json.items.find((c) => c.id === formula.id)!.createdAt;
    expect(injected['受理时间']!.value).toEqual(new Date(Date.parse(created) + 8 * 3600_000));

    // The county sees the other township's case too.
    const all = await download(h, '/api/v1/cases?format=xlsx', county);
    expect(all.rows.map((r) => r['事件编号']!.value)).toContain(other.number);

    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export.xlsx')
      .orderBy('seq')
      .execute();
    expect(audit.at(-2)).toMatchObject({ subject_type: 'cases', actor_username: 'township', outcome: 'success' });
    expect(JSON.parse(audit.at(-2)!.details!)).toMatchObject({ rowCount: rows.length, filters: {} });
  });
});
