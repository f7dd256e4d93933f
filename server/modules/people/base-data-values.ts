// Pure rules of base data: the natural keys (a standard address, a credit code), their checks, and
// how cells and fields are cleaned. The import, the edits and the tests share them.

/** Text as people paste it: control and invisible characters removed, trimmed. */
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

/**
 * One house per standard address: full-width forms folded (NFKC: "１２号" = "12号"), spaces removed,
 * letters in upper case, so "和平路 12 号" and "和平路１２号" are the same house.
 */
export function addressKey(address: string): string {
  return cleanText(address).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a credit code (GB 32100-2015). */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CHARS[check]!;
}

/** 统一社会信用代码: 18 characters of its alphabet (no I, O, S, V, Z), the last a checksum. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCheckChar(code.slice(0, 17)) === code[17];
}

export function normalizeCreditCode(code: string): string {
  return cleanText(code).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function normalizePhone(phone: string): string {
  return cleanText(phone).normalize('NFKC').replace(/[\s]+/g, '');
}

export function normalizeIdNumber(id: string): string {
  return cleanText(id).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** GCJ-02 bounds of mainland China, loosely: a point outside is a typo. */
export function isPlausibleLngLat(lng: number, lat: number): boolean {
  return lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54;
}
