// Reading a base-data sheet (.xlsx) into rows of text by column, and writing its template. The
// file is checked before it is opened (size; a ZIP whose parts do not unpack to more than a budget),
// as the 12345 import does (docs/import-12345.md); here every cell is text, since an ID number or a
// credit code typed as a number must keep its digits.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../platform/lazy-libraries.ts';
import { AppError } from '../../platform/http/errors.ts';
import { cleanText } from './base-data-values.ts';

export const MAX_BASE_DATA_BYTES = 10 * 1024 * 1024;
export const MAX_BASE_DATA_ROWS = 5_000;
const MAX_UNPACKED_BYTES = 120 * 1024 * 1024;
const HEADER_SEARCH_ROWS = 10;

export interface ColumnSpec<K extends string> {
  key: K;
  /** The first is the template's header; the others are what other sheets also call it. */
  headers: readonly string[];
  required: boolean;
  maxLength: number;
  /** A line of the template's instructions. */
  hint: string;
}

export interface SheetRow<K extends string> {
  row: number;
  cells: Partial<Record<K, string>>;
}

const unreadable = (zh: string, en: string) =>
  new AppError('IMPORT_FILE_UNREADABLE', `无法读取该文件：${zh} / The file cannot be read: ${en}`, { reason: en });

export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[:：]$/, '');
}

/** The sizes a ZIP's central directory declares for its entries, added up; null when not a ZIP. */
function declaredUnpackedSize(file: Buffer): number | null {
  const min = Math.max(0, file.length - 22 - 0xffff);
  for (let at = file.length - 22; at >= min; at--) {
    if (file.readUInt32LE(at) !== 0x06054b50) continue;
    const entries = file.readUInt16LE(at + 10);
    let offset = file.readUInt32LE(at + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > file.length || file.readUInt32LE(offset) !== 0x02014b50) return null;
      const size = file.readUInt32LE(offset + 24);
      if (size === 0xffffffff) return null;
      total += size;
      offset += 46 + file.readUInt16LE(offset + 28) + file.readUInt16LE(offset + 30) + file.readUInt16LE(offset + 32);
    }
    return total;
  }
  return null;
}

/** A cell as text: numbers as written (no exponent for long digit strings), dates as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return cleanText(value.richText.map((part) => (typeof part.text === 'string' ? part.text : '')).join(''));
    }
    if ('error' in value) return '';
    if ('result' in value) {
      const result = (value as { result?: unknown }).result;
      return result === undefined ? '' : cellText(result as ExcelJS.CellValue);
    }
    if ('text' in value) {
      const text = (value as { text?: unknown }).text;
      return typeof text === 'string' ? cleanText(text) : cellText(text as ExcelJS.CellValue);
    }
  }
  return '';
}

export async function readBaseDataSheet<K extends string>(
  file: Buffer,
  columns: readonly ColumnSpec<K>[],
): Promise<SheetRow<K>[]> {
  if (file.length > MAX_BASE_DATA_BYTES) {
    throw new AppError('IMPORT_FILE_TOO_LARGE', undefined, { maxBytes: MAX_BASE_DATA_BYTES });
  }
  const unpacked = declaredUnpackedSize(file);
  if (unpacked === null) throw unreadable('不是 .xlsx 文件', 'not an .xlsx file');
  if (unpacked > MAX_UNPACKED_BYTES) throw unreadable('解压后过大', 'it unpacks to too much data');
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw unreadable('文件已损坏或不是 .xlsx', 'damaged or not .xlsx');
  }
  const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) throw unreadable('没有工作表', 'no worksheet');

  const index = new Map<string, K>(columns.flatMap((c) => c.headers.map((h) => [normalizeHeader(h), c.key] as const)));
  let headerRow = 0;
  let columnAt: (K | undefined)[] = [];
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS) && headerRow === 0; r++) {
    const row = sheet.getRow(r);
    const found: (K | undefined)[] = [];
    for (let c = 1; c <= row.cellCount; c++) found.push(index.get(normalizeHeader(cellText(row.getCell(c).value))));
    if (found.some((k) => k !== undefined)) {
      headerRow = r;
      columnAt = found;
    }
  }
  const present = new Set(columnAt.filter((k): k is K => k !== undefined));
  const missing = columns.filter((c) => c.required && !present.has(c.key));
  if (missing.length > 0) {
    throw new AppError(
      'BASE_DATA_COLUMNS_MISSING',
      `表格缺少必需的列：${missing.map((c) => c.headers[0]).join('、')} / The sheet lacks required columns`,
      { missing: missing.map((c) => c.headers[0]!) },
    );
  }
  if (sheet.actualRowCount - 1 > MAX_BASE_DATA_ROWS || sheet.rowCount - headerRow > MAX_BASE_DATA_ROWS * 2) {
    throw new AppError(
      'IMPORT_TOO_MANY_ROWS',
      `一次最多导入 ${MAX_BASE_DATA_ROWS} 行 / At most ${MAX_BASE_DATA_ROWS} rows per import`,
      {
        maxRows: MAX_BASE_DATA_ROWS,
      },
    );
  }
  const rows: SheetRow<K>[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const cells: Partial<Record<K, string>> = {};
    let any = false;
    for (let c = 1; c <= columnAt.length; c++) {
      const text = cellText(row.getCell(c).value);
      if (text !== '') any = true;
      const key = columnAt[c - 1];
      if (key && cells[key] === undefined && text !== '') cells[key] = text;
    }
    if (!any) continue;
    rows.push({ row: r, cells });
    if (rows.length > MAX_BASE_DATA_ROWS) {
      throw new AppError(
        'IMPORT_TOO_MANY_ROWS',
        `一次最多导入 ${MAX_BASE_DATA_ROWS} 行 / At most ${MAX_BASE_DATA_ROWS} rows per import`,
        {
          maxRows: MAX_BASE_DATA_ROWS,
        },
      );
    }
  }
  return rows;
}

/** The template: the headers (required ones marked *) on the first sheet, the rules on a second. */
export async function baseDataTemplate<K extends string>(
  sheetName: string,
  columns: readonly ColumnSpec<K>[],
): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(columns.map((c) => (c.required ? `*${c.headers[0]}` : c.headers[0])));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 20;
    // Text cells: an ID number or a credit code typed in keeps its digits.
    column.numFmt = '@';
  });
  const help = workbook.addWorksheet('填写说明');
  help.addRow(['列名', '是否必填', '填写要求']);
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow([c.headers[0], c.required ? '必填' : '选填', c.hint]);
  help.getColumn(1).width = 18;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 80;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
