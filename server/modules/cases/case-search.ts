// What the one search box was given: a whole case number, its last digits, a caller's mobile
// number, or words. Pure; the route decides who may search how.
import { searchWords } from './search-text.ts';

export type CaseSearch =
  /** A mainland mobile number: that reporter's cases (an exact look-up, budgeted and audited). */
  | { kind: 'phone'; phone: string }
  /** A case number, whole or its end: those cases first, then the text search for the same words. */
  | { kind: 'number'; exact?: string; suffix?: string; words: string[] }
  | { kind: 'text'; words: string[] };

const MOBILE = /^1[3-9]\d{9}$/;
/** 370702-2026-000123, or a demo case's 370702-2026-D000123. */
const WHOLE_NUMBER = /^\d{6}-\d{4}-[A-Z]?\d{6,}$/;
/** The end of a number: letters, digits and dashes only, ending in at least three digits. */
const NUMBER_END = /^[0-9A-Z-]*\d{3}$/;

export function classifySearch(q: string): CaseSearch {
  const text = q.trim();
  // A phone is often read out in groups: 138 1234 5678, 138-1234-5678.
  const compact = text.replace(/[\s-]/g, '');
  if (/^[\d\s-]+$/.test(text) && MOBILE.test(compact)) return { kind: 'phone', phone: compact };
  const upper = text.toUpperCase();
  if (WHOLE_NUMBER.test(upper)) return { kind: 'number', exact: upper, words: searchWords(text) };
  if (NUMBER_END.test(upper)) return { kind: 'number', suffix: upper, words: searchWords(text) };
  return { kind: 'text', words: searchWords(text) };
}
