import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportFilters, exportStamp, xlsxCell, xlsxText, zipBacklog } from './xlsx.ts';

describe('xlsx cells', () => {
  it('writes an instant as the Beijing wall-clock time Excel shows', () => {
    // 16:30 UTC on 1 November is 00:30 on 2 November in Beijing.
    expect(xlsxCell('datetime', '2026-11-01T16:30:00.000Z')).toEqual(new Date('2026-11-02T00:30:00.000Z'));
    expect(xlsxCell('date', '2026-11-01T16:30:00.000Z')).toEqual(new Date('2026-11-02T00:00:00.000Z'));
    expect(xlsxCell('date', '2026-11-03')).toEqual(new Date('2026-11-03T00:00:00.000Z'));
  });

  it('keeps formula-like text as text and drops what XML cannot hold', () => {
    expect(xlsxCell('text', '=HYPERLINK("http://x","点我")')).toBe('=HYPERLINK("http://x","点我")');
    expect(xlsxCell('text', 'a\u0000b\u0007c')).toBe('abc');
    expect(xlsxText('x'.repeat(40_000))).toHaveLength(32_767);
    expect(xlsxCell('text', true)).toBe('是');
    expect(xlsxCell('number', null)).toBeNull();
    expect(xlsxCell('percent', 0.875)).toBe(0.875);
  });

  it('audits the filters without paging and without free text', () => {
    expect(
      exportFilters({ status: 'closed', q: '张三', cursor: 'x', limit: 5, format: 'xlsx', to: undefined }),
    ).toEqual({
      status: 'closed',
      q: '(given)',
    });
    expect(exportStamp(new Date('2026-11-30T16:05:00Z'))).toBe('20261201-0005');
  });

  it('can see how much sheet XML waits for the deflater (exceljs internals it relies on)', () => {
    const out = new PassThrough();
    out.resume();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const sheet = workbook.addWorksheet('a');
    for (let i = 0; i < 2000; i++) sheet.addRow([i, `row ${i}`]).commit();
    expect(zipBacklog(sheet)).toBeGreaterThan(0);
  });
});
