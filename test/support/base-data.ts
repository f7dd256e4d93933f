// Base-data fixtures made here (never third-party data): valid ID numbers and credit codes by
// their checksums, and .xlsx sheets of houses, people and enterprises as the import reads them.
import ExcelJS from 'exceljs';
import { creditCheckChar } from '../../server/modules/people/base-data-values.ts';
import { multipartFile } from './uploads.ts';

/** A valid 18-character ID number: 潍城区 (370702), born on `birth` (YYYYMMDD), sequence `seq`. */
export function idNumber(seq: number, birth = '19600101'): string {
  const body = `370702${birth}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, c, i) => acc + weights[i]! * Number(c), 0);
  return body + '10X98765432'[sum % 11]!;
}

/** A valid unified social credit code ending in the given serial. */
export function creditCode(serial: number): string {
  const body = `91370702MA${String(serial).padStart(7, '0')}`;
  return body + creditCheckChar(body);
}

export type Cell = string | number | null;

export async function sheetXlsx(headers: string[], rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function xlsxPart(content: Buffer, fileName = '基础数据.xlsx') {
  return multipartFile(fileName, content, {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

export const HOUSE_HEADERS = ['标准地址', '所属网格', '房屋类型'];
export const PEOPLE_HEADERS = ['姓名', '身份证号', '联系电话', '所属网格', '房屋地址', '与房屋关系', '重点人群'];
