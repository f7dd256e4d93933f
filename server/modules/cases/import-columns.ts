// The 12345 work-order sheet (docs/import-12345.md): which Chinese headers name which field, and
// how a cell becomes clean text. Pure: the sheet reader and the tests use it.

/** The externalRef system of imported work orders unless told otherwise. */
export const DEFAULT_SYSTEM = '12345';

export const COLUMN_KEYS = [
  'externalId',
  'calledAt',
  'reporterName',
  'phone',
  'category',
  'content',
  'address',
  'township',
  'county',
  'lng',
  'lat',
  'urgency',
  'title',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** Each field's headers: the first is the template's, the others are what exports also call it. */
export const COLUMN_HEADERS: Record<ColumnKey, readonly string[]> = {
  externalId: ['工单编号', '工单号', '工单ID'],
  calledAt: ['来电时间', '受理时间', '登记时间'],
  reporterName: ['来电人', '来电人姓名', '诉求人', '联系人'],
  phone: ['联系电话', '来电号码', '电话', '手机号码'],
  category: ['诉求分类', '诉求类别', '事件类别', '问题分类'],
  content: ['诉求内容', '问题描述', '工单内容'],
  address: ['事发地址', '地址', '事发地点'],
  township: ['所属乡镇/街道', '所属乡镇(街道)', '乡镇/街道', '乡镇街道', '所属街道', '所属乡镇'],
  county: ['区县', '所属区县', '区(县)', '所属区(县)'],
  lng: ['经度'],
  lat: ['纬度'],
  urgency: ['紧急程度', '紧急度'],
  title: ['标题', '工单标题'],
};

/** Without these a file is not a work-order sheet at all. */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['externalId', 'category', 'content'];

/** Longest text kept per field; longer is a rejected row, not a cut one. */
export const MAX_LENGTH: Record<ColumnKey, number> = {
  externalId: 100,
  calledAt: 40,
  reporterName: 64,
  phone: 20,
  category: 64,
  content: 4000,
  address: 200,
  township: 64,
  county: 64,
  lng: 30,
  lat: 30,
  urgency: 10,
  title: 120,
};

/**
 * A header as people type it: full-width forms folded (NFKC: （）／ and the ideographic space),
 * every space removed, a required-field star and a trailing colon dropped.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[:：]$/, '');
}

const HEADER_INDEX = new Map<string, ColumnKey>(
  COLUMN_KEYS.flatMap((key) => COLUMN_HEADERS[key].map((h) => [normalizeHeader(h), key] as const)),
);

export function columnOf(header: string): ColumnKey | undefined {
  return HEADER_INDEX.get(normalizeHeader(header));
}

/**
 * Clean text of a cell: control characters (but line breaks and tabs), direction overrides,
 * zero-width characters and lone surrogates removed, line ends unified, trimmed.
 */
export function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .trim()
  );
}

/** A whole number as Excel keeps it (work-order ids and phones typed as numbers), else as written. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** 1899-12-30, day 0 of Excel's (1900) date system. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * The call time: an Excel date (a wall-clock time without zone, read as Beijing time), a serial
 * day number, or text such as `2026-12-01 09:30`, `2026/12/1 9:30:05`, `2026年12月1日 9时30分`.
 * Null when it is none of these.
 */
export function parseCallTime(value: string | number | Date): Date | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : new Date(value.getTime() - BEIJING_OFFSET_MS);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return null;
    return new Date(EXCEL_EPOCH_MS + Math.round(value * 86_400_000) - BEIJING_OFFSET_MS);
  }
  const text = value.normalize('NFKC').trim();
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$/.exec(text);
  if (!m) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - BEIJING_OFFSET_MS);
}

/** 紧急程度: the hotline's words, folded to three. Empty is 一般. */
export const URGENCIES = {
  一般: 'normal',
  普通: 'normal',
  较急: 'urgent',
  紧急: 'urgent',
  加急: 'urgent',
  特急: 'critical',
} as const;
export type Urgency = (typeof URGENCIES)[keyof typeof URGENCIES];

export function parseUrgency(text: string): Urgency | null {
  if (text === '') return 'normal';
  return (URGENCIES as Record<string, Urgency>)[text] ?? null;
}
