// Streamed .xlsx exports of the console's lists (`?format=xlsx`), written once for every list.
//
// Usage in a route (see the case list in server/modules/cases/cases.routes.ts):
//
//   querystring: Type.Object({ ...filters, format: ExportFormat }),
//   response: { 200: jsonOrXlsx(Page(Item), '事件列表 / The case list'), ...errorResponses(400, 401, 403) },
//   …
//   if (q.format === 'xlsx') {
//     return sendXlsx(reply, {
//       filename: `事件列表-${stamp}.xlsx`, sheetName: '事件',
//       columns: [{ key: 'number', header: '事件编号', width: 22 }, { key: 'createdAt', header: '受理时间', type: 'datetime' }],
//       rows: allPages(),                       // an (async) iterable: rows are written as they come
//       audit: { log: ctx.audit, db: ctx.db, at: now, actor: auditActorOf(actor), clientIp: request.ip,
//                what: 'cases', filters: exportFilters(q) },
//     });
//   }
//
// What the file is: one sheet, Chinese headers in bold on a frozen first row, column widths, dates
// as real Excel dates shown in Beijing time (an Excel date has no zone: the instant is shifted by
// +8 h before it is written), rates as Excel percentages (the value is a fraction, 0.875 → 87.5%).
// Text is always written as a string cell, never as a formula, so `=HYPERLINK(…)`, `+1`, `-1`, `@x`
// stay text (CSV/formula injection cannot happen in a string cell); characters XML cannot hold are
// dropped and text is cut at Excel's 32,767 characters. The rows stream through exceljs's
// WorkbookWriter into the reply: memory stays flat however many rows, and the writer waits for the
// client when the socket is slow.
//
// Every export is audited (`export.xlsx`, subject = what was exported, details = the filters and
// the row count). The record is written after the last row and before the ZIP's end is sent: a
// file whose audit record failed to write is truncated, so no complete export leaves unaudited.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy-libraries.ts';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TSchema } from 'typebox';
import type { AuditActor, AuditLog } from '../audit/audit.ts';
import { attachmentDisposition } from '../files/file-name.ts';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The `format` query parameter of every exportable list. */
export const ExportFormat = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('xlsx')], {
    description:
      'json（默认）或 xlsx：以相同筛选条件与辖区导出全部行（不分页），每次导出记入审计 / json (default) or xlsx: every row matching the same filters and jurisdiction, not paged, streamed; each export is audited',
  }),
);

/**
 * The 200 response of a list that also exports: the JSON body, or the .xlsx file when
 * `format=xlsx` (a binary in the OpenAPI document, downloaded by the web with `parseAs: 'blob'`).
 */
export function jsonOrXlsx<T extends TSchema>(json: T, what: string) {
  return {
    description: `${what}；format=xlsx 时为 Excel 文件 / or, with format=xlsx, the Excel file`,
    content: {
      'application/json': { schema: json },
      [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  } as unknown as T;
}

export type XlsxColumnType = 'text' | 'number' | 'date' | 'datetime' | 'percent';

export interface XlsxColumn<Row = Record<string, unknown>> {
  /** The row's field; or give `value`. */
  key: string;
  /** Chinese header (a list's column title as the console shows it). */
  header: string;
  /** In characters; 14 when absent. */
  width?: number;
  /** `text` when absent. `date`/`datetime` take a Date or an ISO string; `percent` a fraction. */
  type?: XlsxColumnType;
  /** Derives the cell from the row (labels, joins); `row[key]` when absent. */
  value?: (row: Row) => unknown;
}

export interface ExportAudit {
  log: AuditLog;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema holding audit_log will do (AuditLog.append's own parameter)
  db: Kysely<any>;
  at: Date;
  actor: AuditActor | null;
  clientIp?: string | null;
  /** What was exported: `cases`, `overdue`, `rankings`, … (the audit row's subject type). */
  what: string;
  /** The filters as the request gave them (ids, codes, periods; never personal data). */
  filters: Record<string, unknown>;
}

export interface XlsxExport<Row> {
  /** With its extension; Chinese is fine (RFC 5987 `filename*`). */
  filename: string;
  sheetName: string;
  columns: readonly XlsxColumn<Row>[];
  rows: AsyncIterable<Row> | Iterable<Row>;
  audit: ExportAudit;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
/** Excel's limit of characters in one cell. */
const MAX_CELL_TEXT = 32_767;
// Characters XML 1.0 cannot hold (a file holding them does not open), and lone surrogates.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what is removed
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** After this many rows the writer checks whether the ZIP and the client keep up. */
const DRAIN_EVERY = 500;
/** Bytes of sheet XML waiting for the deflater before the writer pauses. */
const MAX_ZIP_BACKLOG = 256 * 1024;

const NUMBER_FORMATS: Partial<Record<XlsxColumnType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  percent: '0.0%',
};

/** A string as a string cell: safe for XML and Excel's limit, never a formula. */
export function xlsxText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.replace(NOT_XML, '').slice(0, MAX_CELL_TEXT);
}

function toInstant(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  return null;
}

/** The cell for one value of a column of the given type; null leaves the cell empty. */
export function xlsxCell(type: XlsxColumnType, value: unknown): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number':
    case 'percent': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : xlsxText(value);
    }
    case 'date': {
      // A calendar day (`2026-11-03`) is that day; an instant is the Beijing day it falls on.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
      const at = toInstant(value);
      if (!at) return xlsxText(value);
      const beijing = new Date(at.getTime() + BEIJING_OFFSET_MS);
      return new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate()));
    }
    case 'datetime': {
      const at = toInstant(value);
      return at ? new Date(at.getTime() + BEIJING_OFFSET_MS) : xlsxText(value);
    }
    case 'text':
      if (typeof value === 'boolean') return value ? '是' : '否';
      return xlsxText(value);
  }
}

/** The header's and cells' look: bold headers, a frozen first row, widths, number formats. */
function openSheet<Row>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, spec: XlsxExport<Row>) {
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const name = spec.sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => {
    const numFmt = NUMBER_FORMATS[c.type ?? 'text'];
    return {
      key: c.key,
      header: c.header,
      width: c.width ?? 14,
      ...(numFmt ? { style: { numFmt } } : {}),
    };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

/**
 * Sends the rows as an .xlsx attachment, streamed, and audits the export. Resolves to the reply
 * (return it from the handler); the rows keep flowing after the headers are sent. A failure
 * while reading rows ends the download short (the client sees a broken file, the server logs the
 * error and audits the failure).
 */
export async function sendXlsx<Row>(reply: FastifyReply, spec: XlsxExport<Row>): Promise<FastifyReply> {
  const out = new PassThrough();
  const workbook = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = openSheet(workbook, spec);
  const getters = spec.columns.map((c) => {
    const type = c.type ?? 'text';
    const read = c.value ?? ((row: Row) => (row as Record<string, unknown>)[c.key]);
    return (row: Row) => xlsxCell(type, read(row));
  });

  const write = async (): Promise<number> => {
    let count = 0;
    for await (const row of spec.rows) {
      sheet.addRow(getters.map((get) => get(row))).commit();
      count++;
      if (count % DRAIN_EVERY === 0) {
        // Wait while the ZIP deflates what was written, and while the client is slow.
        while ((zipBacklog(sheet) ?? 0) > MAX_ZIP_BACKLOG) await new Promise<void>((r) => setTimeout(r, 1));
        if (out.writableNeedDrain) await drained(out);
      }
    }
    sheet.commit();
    return count;
  };

  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
    spec.audit.db.transaction().execute((trx) =>
      spec.audit.log.append(
        trx,
        {
          actor: spec.audit.actor,
          action: 'export.xlsx',
          subjectType: spec.audit.what,
          outcome,
          clientIp: spec.audit.clientIp ?? null,
          details: { filters: spec.audit.filters, ...details },
        },
        spec.audit.at,
      ),
    );

  void (async () => {
    try {
      const rowCount = await write();
      await audit('success', { rowCount });
      await workbook.commit();
    } catch (error) {
      reply.log.error({ err: error, export: spec.audit.what }, 'xlsx export failed');
      await audit('failure', { error: error instanceof Error ? error.message : String(error) }).catch(
        (auditError: unknown) => reply.log.error({ err: auditError }, 'xlsx export failure not audited'),
      );
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();

  return reply
    .header('content-type', XLSX_MEDIA_TYPE)
    .header('content-disposition', attachmentDisposition(spec.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(out);
}

/**
 * The sheet XML written but not yet deflated, in bytes (undefined before the first row). exceljs's
 * sheet stream writes into the ZIP's entry stream ignoring back-pressure, so without this wait a
 * fast row source buffers the whole sheet in memory. This reaches into exceljs 4.4's internals
 * (`worksheet.stream.pipes[0]`, a readable-stream PassThrough); xlsx.unit.test.ts fails if an
 * upgrade moves them.
 */
export function zipBacklog(sheet: ExcelJS.Worksheet): number | undefined {
  const internal = sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } };
  return internal.stream?.pipes?.[0]?._writableState?.length;
}

/** Resolves when the stream takes more; rejects when the client went away (nothing more to write). */
function drained(out: PassThrough): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('export aborted by the client'));
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', aborted);
      resolve();
    };
    const aborted = () => {
      out.off('drain', done);
      reject(new Error('export aborted by the client'));
    };
    out.once('drain', done);
    out.once('close', aborted);
  });
}

/** Query parameters that shape the page, not the rows: left out of the audited filters. */
const PAGING_PARAMS = new Set(['format', 'cursor', 'limit']);

/**
 * The filters of an export as its audit record keeps them: the query without paging, and free
 * text (`q`, which may hold a name) only as "given" — the audit log holds no personal data.
 */
export function exportFilters(
  query: Record<string, unknown>,
  freeText: readonly string[] = ['q', 'purpose'],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([key, value]) => !PAGING_PARAMS.has(key) && value !== undefined)
      .map(([key, value]) => [key, freeText.includes(key) ? '(given)' : value]),
  );
}

/** A timestamp for export file names: `20261205-0930` in Beijing time. */
export function exportStamp(now: Date): string {
  const b = new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${b.slice(0, 4)}${b.slice(5, 7)}${b.slice(8, 10)}-${b.slice(11, 13)}${b.slice(14, 16)}`;
}

/**
 * Pages through a keyset-paged reader until it runs dry, yielding every row: how a list's export
 * reads "all matching rows" with the list's own query. `read(cursor)` returns one page and the
 * cursor of the next (undefined at the end).
 */
export async function* allPages<Row, Cursor>(
  read: (cursor: Cursor | undefined) => Promise<{ rows: Row[]; next: Cursor | undefined }>,
): AsyncGenerator<Row> {
  let cursor: Cursor | undefined;
  for (;;) {
    const { rows, next } = await read(cursor);
    yield* rows;
    if (next === undefined) return;
    cursor = next;
  }
}
