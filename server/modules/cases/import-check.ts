// One work-order row checked on its own: what it says, in the fields intake takes, or every reason
// it cannot be taken. The look-ups it needs (categories, units) are handed in, so this stays pure.
import { isValidPhone } from '../../platform/crypto/personal-data.ts';
import type { SheetRow } from './import-sheet.ts';
import { cellText } from './import-sheet.ts';
import { MAX_LENGTH, parseCallTime, parseUrgency, type ColumnKey, type Urgency } from './import-columns.ts';

export interface CategoryChoice {
  code: string;
  name: string;
  kind: string;
}

export interface CheckedWorkOrder {
  externalId: string;
  category: CategoryChoice;
  content: string;
  calledAt: Date | null;
  reporterName: string | null;
  phone: string | null;
  address: string | null;
  township: string | null;
  county: string | null;
  location: { lng: number; lat: number } | null;
  urgency: Urgency;
  title: string | null;
}

export type CheckResult =
  { ok: true; order: CheckedWorkOrder } | { ok: false; externalId: string | null; reasons: string[] };

const FIELD_WORDS: Record<ColumnKey, [string, string]> = {
  externalId: ['工单编号', 'Work-order id'],
  calledAt: ['来电时间', 'Call time'],
  reporterName: ['来电人', 'Caller'],
  phone: ['联系电话', 'Phone'],
  category: ['诉求分类', 'Category'],
  content: ['诉求内容', 'Content'],
  address: ['事发地址', 'Address'],
  township: ['所属乡镇/街道', 'Township'],
  county: ['区县', 'County'],
  lng: ['经度', 'Longitude'],
  lat: ['纬度', 'Latitude'],
  urgency: ['紧急程度', 'Urgency'],
  title: ['标题', 'Title'],
};

/** A value quoted back in a reason: short, on one line. */
export function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 20 ? `${line.slice(0, 20)}…` : line;
}

/** Within this much of the server's clock a call time is not "in the future" (clocks differ). */
const CLOCK_SLACK_MS = 10 * 60_000;
const EARLIEST_CALL = Date.UTC(2000, 0, 1);

export function checkWorkOrder(
  row: SheetRow,
  lookups: {
    categoryOf(text: string): CategoryChoice | 'unknown' | 'ambiguous';
    /** The first row (number) with this work-order id in the file, when it is an earlier one. */
    firstRowWith(externalId: string): number | undefined;
    now: Date;
  },
): CheckResult {
  const reasons: string[] = [];
  const text = (key: ColumnKey): string => {
    const value = cellText(row.cells[key]);
    if (value.length > MAX_LENGTH[key]) {
      const [zh, en] = FIELD_WORDS[key];
      reasons.push(`${zh}过长（最多 ${MAX_LENGTH[key]} 字） / ${en} too long (at most ${MAX_LENGTH[key]} characters)`);
      return '';
    }
    return value;
  };

  const externalId = text('externalId');
  if (!externalId) {
    if (cellText(row.cells.externalId).length === 0) reasons.push('缺少工单编号 / The work-order id is missing');
  } else if (/[\n\t]/.test(externalId)) {
    reasons.push('工单编号不能换行或含制表符 / The work-order id must be on one line');
  } else {
    const first = lookups.firstRowWith(externalId);
    if (first !== undefined && first !== row.row) {
      reasons.push(`工单编号与第 ${first} 行重复 / The same work-order id as row ${first}`);
    }
  }

  const content = text('content');
  if (!content) {
    if (cellText(row.cells.content).length === 0) reasons.push('缺少诉求内容 / The content is missing');
  } else if (content.length < 5) {
    reasons.push('诉求内容过短（至少 5 个字） / The content is too short (at least 5 characters)');
  }

  const categoryText = text('category');
  let category: CategoryChoice | null = null;
  if (!categoryText) {
    if (cellText(row.cells.category).length === 0) reasons.push('缺少诉求分类 / The category is missing');
  } else {
    const found = lookups.categoryOf(categoryText);
    if (found === 'unknown') reasons.push(`未知的诉求分类「${quote(categoryText)}」 / Unknown category`);
    else if (found === 'ambiguous')
      reasons.push(`诉求分类「${quote(categoryText)}」不唯一，请填写编码 / Ambiguous category: give its code`);
    else category = found;
  }

  const phoneText = text('phone').replace(/[\s()（）]/g, '');
  if (phoneText && !isValidPhone(phoneText)) reasons.push('联系电话格式无效 / Invalid phone number');

  let calledAt: Date | null = null;
  const called = row.cells.calledAt;
  if (called !== undefined) {
    calledAt = typeof called === 'string' && called.length > MAX_LENGTH.calledAt ? null : parseCallTime(called);
    if (!calledAt || calledAt.getTime() < EARLIEST_CALL) {
      reasons.push('来电时间无效（如 2026-12-01 09:30） / Invalid call time (e.g. 2026-12-01 09:30)');
      calledAt = null;
    } else if (calledAt.getTime() > lookups.now.getTime() + CLOCK_SLACK_MS) {
      reasons.push('来电时间晚于当前时间 / The call time is in the future');
      calledAt = null;
    }
  }

  let location: CheckedWorkOrder['location'] = null;
  const lngText = text('lng');
  const latText = text('lat');
  if (lngText || latText) {
    const lng = Number(lngText);
    const lat = Number(latText);
    if (!lngText || !latText || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      reasons.push('经度、纬度须同时填写数字 / Give both longitude and latitude as numbers');
    } else if (lng < 73 || lng > 136 || lat < 3 || lat > 54) {
      reasons.push('经纬度不在中国境内 / The coordinates are not in China');
    } else {
      location = { lng, lat };
    }
  }

  const urgencyText = text('urgency');
  const urgency = parseUrgency(urgencyText);
  if (urgency === null) reasons.push('紧急程度无效（一般、紧急、特急） / Invalid urgency (一般, 紧急, 特急)');

  const reporterName = text('reporterName') || null;
  const address = text('address') || null;
  const title = text('title') || null;
  const township = text('township') || null;
  const county = text('county') || null;

  if (reasons.length > 0 || !category || urgency === null) {
    return { ok: false, externalId: externalId || null, reasons };
  }
  return {
    ok: true,
    order: {
      externalId,
      category,
      content,
      calledAt,
      reporterName,
      phone: phoneText || null,
      address,
      township,
      county,
      location,
      urgency,
      title,
    },
  };
}
