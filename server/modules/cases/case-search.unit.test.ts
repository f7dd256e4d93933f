// What the search box makes of what people type (issue 14).
import { describe, expect, it } from 'vitest';
import { classifySearch } from './case-search.ts';

describe('classifySearch', () => {
  it('takes an 11-digit mobile number, also read out in groups, as a phone look-up', () => {
    for (const q of ['13812345678', ' 138 1234 5678 ', '138-1234-5678', '19912345678']) {
      expect(classifySearch(q), q).toEqual({ kind: 'phone', phone: q.replace(/[\s-]/g, '') });
    }
  });

  it('takes a whole case number as an exact number, in any case', () => {
    expect(classifySearch('370702-2026-000123')).toMatchObject({ kind: 'number', exact: '370702-2026-000123' });
    expect(classifySearch(' 370702-2026-d000123')).toMatchObject({ kind: 'number', exact: '370702-2026-D000123' });
  });

  it('takes three or more final digits (or the end of a number) as a number suffix', () => {
    for (const [q, suffix] of [
      ['123', '123'],
      ['000123', '000123'],
      ['2026-000123', '2026-000123'],
      ['d000123', 'D000123'],
      // Eleven digits that are no mobile number, a landline.
      ['12345678901', '12345678901'],
      ['05368123456', '05368123456'],
    ]) {
      expect(classifySearch(q!), q).toMatchObject({ kind: 'number', suffix });
    }
  });

  it('searches words otherwise', () => {
    for (const q of ['12', '噪音', '幸福路123号', '1381234567a', "123' or 1=1"]) {
      expect(classifySearch(q).kind, q).toBe('text');
    }
    expect(classifySearch('楼上 噪音')).toMatchObject({
      kind: 'text',
      words: expect.arrayContaining(['噪音']) as string[],
    });
  });
});
