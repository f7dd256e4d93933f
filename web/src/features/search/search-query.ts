// What a person typed into the console's search box, read the way the API reads `q` (contract 1
// of issue 14): a whole case number, the last digits of one, an 11-digit mobile, or words.

export type SearchIntent =
  | { kind: 'empty' }
  | { kind: 'number'; q: string }
  | { kind: 'digits'; q: string }
  | { kind: 'mobile'; q: string }
  | { kind: 'text'; q: string };

/** 370702-2026-000123: the county code, the year and a six-digit sequence. */
export const CASE_NUMBER = /^\d{6}-\d{4}-\d{6}$/;
/** A mainland mobile number, as the API recognises one. */
export const MOBILE = /^1[3-9]\d{9}$/;
/** The fewest trailing digits the API matches against case numbers. */
export const MIN_DIGITS = 3;

export function readSearch(typed: string): SearchIntent {
  // Digits are often read out and typed with spaces ("138 0000 1111") or full-width characters.
  const text = typed.normalize('NFKC').trim();
  if (text === '') return { kind: 'empty' };
  const compact = text.replace(/\s+/g, '').replace(/[‐‑–—]/g, '-');
  if (CASE_NUMBER.test(compact)) return { kind: 'number', q: compact };
  if (MOBILE.test(compact)) return { kind: 'mobile', q: compact };
  const digits = compact.replace(/-/g, '');
  if (/^[\d-]+$/.test(compact) && digits.length >= MIN_DIGITS) return { kind: 'digits', q: digits };
  return { kind: 'text', q: text };
}

/** Whether a case number is what was typed: the whole number, or ends with the typed digits. */
export function numberMatches(number: string, intent: SearchIntent): boolean {
  if (intent.kind === 'number') return number === intent.q;
  if (intent.kind === 'digits') return number.replace(/-/g, '').endsWith(intent.q);
  return false;
}

/**
 * The case to open straight away, if the answer names exactly one: the first item when it is the
 * whole number typed; for trailing digits, the only item whose number ends with them.
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
