// 12345 work-order sheets made here with exceljs (never third-party data): the rows as a header →
// value record, in the order given; a value may be a date, a number or a formula.
import ExcelJS from 'exceljs';
import { multipartFile } from './uploads.ts';

export type WorkOrderCell = string | number | Date | { formula: string; result: string | number } | null;

export async function workOrderXlsx(
  rows: Record<string, WorkOrderCell>[],
  options: { headers?: string[]; preamble?: string[][] } = {},
): Promise<Buffer> {
  const headers = options.headers ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单');
  for (const line of options.preamble ?? []) sheet.addRow(line);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A plausible row: a noise complaint in 城关街道 of 潍城区. */
export function workOrder(id: string, overrides: Record<string, WorkOrderCell> = {}): Record<string, WorkOrderCell> {
  return {
    工单编号: id,
    来电时间: '2026-11-26 10:15',
    来电人: '张先生',
    联系电话: '13800138000',
    诉求分类: '噪音扰民',
    诉求内容: '小区门口烧烤摊每晚营业到凌晨两点，噪音很大',
    事发地址: '潍城区城关街道和平路 12 号',
    '所属乡镇/街道': '城关街道',
    紧急程度: '一般',
    ...overrides,
  };
}

export function xlsxUpload(content: Buffer, fileName = '工单.xlsx') {
  return multipartFile(fileName, content, {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

export async function readXlsxRows(content: Buffer, sheetName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === null || v === undefined ? '' : String(v as string | number))));
  });
  return rows;
}
