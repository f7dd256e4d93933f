// The ranking and the scores as .xlsx (`format=xlsx`): the file opens with exceljs and holds the
// same rows as the JSON answer, Chinese headers, rates as fractions shown as percentages, each
// export audited.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import type { RankingRow } from './rankings.ts';

const GRID = (township: string) => `${township}001G01`;

async function sheetOf(h: Harness, token: string, url: string) {
  const res = await h.inject({ method: 'GET', url, token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i + 1] ?? null])));
  }
  return { headers, rows, sheet };
}

describeEachDialect('rankings and scores as .xlsx', (get) => {
  it('exports the same rows as the JSON, rates as percentages, audited', async () => {
    const h = get();
    const county = await h.unit('370702');
    const token = await h.login('leader');
    for (const township of ['370702001', '370702002']) {
      const c = await buildCase(h, { at: GRID(township), status: 'resolved', lead: `${township}-dept-justice` });
      expect(c.id).toBeGreaterThan(0);
    }
    for (const route of ['/api/v1/rankings', '/api/v1/assessment-scores']) {
      const query = `level=township&withinUnitId=${county.id}&period=2026-11`;
      const json = await h.inject({ method: 'GET', url: `${route}?${query}`, token });
      expect(json.statusCode, json.body).toBe(200);
      const table = json.json() as { rows: RankingRow[] };
      const { headers, rows, sheet } = await sheetOf(h, token, `${route}?${query}&format=xlsx`);
      expect(headers).toEqual(
        expect.arrayContaining(['排名', '单位', '受理量', '响应率', '解决率', '满意率', '综合得分']),
      );
      expect(rows).toHaveLength(table.rows.length);
      expect(table.rows.some((r) => r.received > 0)).toBe(true);
      table.rows.forEach((expected, i) => {
        const row = rows[i]!;
        expect(row['单位']).toBe(expected.unitName);
        expect(row['排名']).toBe(expected.rank);
        expect(row['受理量']).toBe(expected.received);
        expect(row['解决率']).toBe(expected.resolutionRate);
        expect(row['响应率']).toBe(expected.responseRate);
        expect(row['综合得分']).toBe(expected.score);
      });
      const rateColumn = headers.indexOf('解决率') + 1;
      expect(sheet.getRow(2).getCell(rateColumn).numFmt).toContain('%');
    }
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'subject_type'])
      .where('action', '=', 'export.xlsx')
      .execute();
    expect(audit.map((a) => a.subject_type).sort()).toEqual(['assessment_scores', 'rankings']);
  });
});
