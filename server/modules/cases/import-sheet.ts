// Reading a 12345 work-order export (.xlsx) into rows of text, and writing the template and the
// report. The file is checked before it is opened: its size, that it is a ZIP whose parts do not
// unpack to more than a budget (a small file may hold gigabytes of XML), then the first sheet's
// row count. Formula cells are read as the value Excel last computed.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../platform/lazy-libraries.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  COLUMN_HEADERS,
  COLUMN_KEYS,
  REQUIRED_COLUMNS,
  cleanText,
  columnOf,
  numberText,
  type ColumnKey,
} from './import-columns.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;
/** What the parts of an accepted file may unpack to, together. */
const MAX_UNPACKED_BYTES = 120 * 1024 * 1024;
/** The header is the first row with a known header among the first few. */
const HEADER_SEARCH_ROWS = 10;

export type CellValue = string | number | Date;

export interface SheetRow {
  /** The row's number in the sheet, as Excel shows it. */
  row: number;
  cells: Partial<Record<ColumnKey, CellValue>>;
  /** Every cell of the row as text, in the sheet's column order (for the report of rejections). */
  original: string[];
}

export interface WorkOrderSheet {
  headers: string[];
  columns: ColumnKey[];
  rows: SheetRow[];
}

const unreadable = (zh: string, en: string) =>
  new AppError('IMPORT_FILE_UNREADABLE', `无法读取该文件：${zh} / The file cannot be read: ${en}`, { reason: en });

/**
 * The sizes a ZIP's central directory declares for its entries, added up; null when the file is
 * not a ZIP (or a ZIP64, which no work-order export needs).
 */
export function declaredUnpackedSize(file: Buffer): number | null {
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

/** A cell's value: text, number or date; formulas by their result, errors as empty. */
function valueOf(value: ExcelJS.CellValue): CellValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return cleanText(value.richText.map((part) => (typeof part.text === 'string' ? part.text : '')).join(''));
    }
    if ('error' in value) return null;
    if ('result' in value) {
      const result = (value as { result?: unknown }).result;
      return result === undefined ? null : valueOf(result as ExcelJS.CellValue);
    }
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('text' in value) {
      const text = (value as { text?: unknown }).text;
      if (typeof text === 'string') return cleanText(text);
      return valueOf(text as ExcelJS.CellValue);
    }
  }
  return null;
}

export function cellText(value: CellValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  return value;
}

export async function readWorkOrderSheet(file: Buffer): Promise<WorkOrderSheet> {
  if (file.length > MAX_IMPORT_BYTES) {
    throw new AppError('IMPORT_FILE_TOO_LARGE', undefined, { maxBytes: MAX_IMPORT_BYTES });
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

  let headerRow = 0;
  let headers: string[] = [];
  const limit = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS);
  for (let r = 1; r <= limit && headerRow === 0; r++) {
    const texts = rowTexts(sheet.getRow(r));
    if (texts.some((t) => columnOf(t) !== undefined)) {
      headerRow = r;
      headers = texts;
    }
  }
  const columnAt = headers.map((h) => columnOf(h));
  const columns = [...new Set(columnAt.filter((c): c is ColumnKey => c !== undefined))];
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new AppError('IMPORT_COLUMNS_MISSING', undefined, {
      missing: missing.map((c) => COLUMN_HEADERS[c][0]!),
    });
  }
  const dataRows = sheet.actualRowCount - 1;
  if (dataRows > MAX_IMPORT_ROWS || sheet.rowCount - headerRow > MAX_IMPORT_ROWS * 2) {
    throw new AppError('IMPORT_TOO_MANY_ROWS', undefined, { maxRows: MAX_IMPORT_ROWS });
  }

  const rows: SheetRow[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const cells: SheetRow['cells'] = {};
    const original: string[] = [];
    for (let c = 1; c <= headers.length; c++) {
      const value = valueOf(row.getCell(c).value);
      original.push(cellText(value));
      const key = columnAt[c - 1];
      // The first column of a field wins when a sheet repeats a header.
      if (key && cells[key] === undefined && value !== null && value !== '') cells[key] = value;
    }
    if (original.every((t) => t === '')) continue;
    rows.push({ row: r, cells, original });
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new AppError('IMPORT_TOO_MANY_ROWS', undefined, { maxRows: MAX_IMPORT_ROWS });
    }
  }
  return { headers, columns, rows };
}

function rowTexts(row: ExcelJS.Row): string[] {
  const texts: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) texts.push(cellText(valueOf(row.getCell(c).value)));
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts;
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template: one header row in the template's words, with an example row's shape as a note. */
export async function workOrderTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('工单');
  sheet.addRow(COLUMN_KEYS.map((key) => COLUMN_HEADERS[key][0]!));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = COLUMN_KEYS[i] === 'content' ? 48 : 18;
  });
  return toBuffer(workbook);
}

export interface ReportLine {
  row: number;
  externalId: string | null;
  status: string;
  reasons: string[];
  caseNumber?: string | undefined;
}

/** The rejected rows as they were in the file, with a 原因 column; and every row's result. */
export async function importReportWorkbook(sheet: WorkOrderSheet, report: ReportLine[]): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const rejected = workbook.addWorksheet('未导入');
  rejected.addRow(['行号', ...sheet.headers, '原因']);
  rejected.getRow(1).font = { bold: true };
  const byRow = new Map(sheet.rows.map((r) => [r.row, r]));
  for (const line of report.filter((l) => l.status === 'rejected')) {
    rejected.addRow([line.row, ...(byRow.get(line.row)?.original ?? []), line.reasons.join('；')]);
  }
  const all = workbook.addWorksheet('结果');
  all.addRow(['行号', '工单编号', '结果', '事件编号', '原因']);
  all.getRow(1).font = { bold: true };
  for (const line of report) {
    all.addRow([
      line.row,
      line.externalId ?? '',
      STATUS_WORDS[line.status] ?? line.status,
      line.caseNumber ?? '',
      line.reasons.join('；'),
    ]);
  }
  return toBuffer(workbook);
}

const STATUS_WORDS: Record<string, string> = {
  created: '已导入',
  already_imported: '此前已导入',
  ready: '可导入',
  rejected: '未导入',
};
