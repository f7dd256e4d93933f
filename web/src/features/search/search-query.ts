// What a person typed into the console's search box, read the way the API reads `q` (contract 1
// of issue 14, server/modules/cases/case-search.ts): a whole case number, the end of one, an
// 11-digit mobile, or words.

export type SearchIntent =
  | { kind: 'empty' }
  | { kind: 'number'; q: string }
  | { kind: 'digits'; q: string }
  | { kind: 'mobile'; q: string }
  | { kind: 'text'; q: string };

/** 370702-2026-000123, or a demo case's 370702-2026-D000123 (as the API's case-search.ts reads them). */
export const CASE_NUMBER = /^\d{6}-\d{4}-[A-Z]?\d{6,}$/;
/** The end of a number: letters, digits and dashes, ending in at least three digits. */
const NUMBER_END = /^[0-9A-Z-]*\d{3}$/;
/** A mainland mobile number, as the API recognises one. */
export const MOBILE = /^1[3-9]\d{9}$/;

export function readSearch(typed: string): SearchIntent {
  // NFKC: full-width digits and dashes, as Chinese input methods type them, become ASCII.
  const text = typed
    .normalize('NFKC')
    .trim()
    .replace(/[‐‑–—]/g, '-');
  if (text === '') return { kind: 'empty' };
  // A phone is often read out and typed in groups: 138 1234 5678, 138-1234-5678.
  const phone = text.replace(/[\s-]/g, '');
  if (/^[\d\s-]+$/.test(text) && MOBILE.test(phone)) return { kind: 'mobile', q: phone };
  const upper = text.toUpperCase();
  if (CASE_NUMBER.test(upper)) return { kind: 'number', q: upper };
  if (NUMBER_END.test(upper)) return { kind: 'digits', q: upper };
  return { kind: 'text', q: text };
}

/** Whether a case number is what was typed: the whole number, or ends with what was typed. */
export function numberMatches(number: string, intent: SearchIntent): boolean {
  if (intent.kind === 'number') return number.toUpperCase() === intent.q;
  if (intent.kind === 'digits') return number.toUpperCase().endsWith(intent.q);
  return false;
}

/**
 * The case to open straight away, if the answer names exactly one: the first item when it is the
 * whole number typed; for the end of a number, the only item whose number ends so.
 */
export function caseToOpen<T extends { id: number; number: string }>(
  intent: SearchIntent,
  items: readonly T[],
): T | null {
  if (intent.kind === 'number') return items[0] && numberMatches(items[0].number, intent) ? items[0] : null;
  if (intent.kind === 'digits') {
    const matching = items.filter((item) => numberMatches(item.number, intent));
    return matching.length === 1 ? matching[0]! : null;
  }
  return null;
}

/** A phone number as it may be shown on screen: 138****1111. */
export function maskMobile(phone: string): string {
  return MOBILE.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}
