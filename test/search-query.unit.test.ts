// How the header search reads what was typed (issue 14, item 1): a whole case number, its last
// digits, a caller's mobile, or words (as server/modules/cases/case-search.ts reads them) — and which answer opens a case straight away.
import { describe, expect, it } from 'vitest';
import { caseToOpen, maskMobile, readSearch } from '../web/src/features/search/search-query.ts';

const item = (id: number, number: string) => ({ id, number });

describe('the header search', () => {
  it('tells a case number, trailing digits, a mobile and words apart', () => {
    expect(readSearch(' 370702-2026-000123 ')).toEqual({ kind: 'number', q: '370702-2026-000123' });
    expect(readSearch('３７０７０２－２０２６－０００１２３')).toEqual({ kind: 'number', q: '370702-2026-000123' });
    expect(readSearch('000123')).toEqual({ kind: 'digits', q: '000123' });
    expect(readSearch('2026-000123')).toEqual({ kind: 'digits', q: '2026-000123' });
    expect(readSearch('370702-2026-d000123')).toEqual({ kind: 'number', q: '370702-2026-D000123' });
    expect(readSearch('d000123')).toEqual({ kind: 'digits', q: 'D000123' });
    expect(readSearch('138 0000 1111')).toEqual({ kind: 'mobile', q: '13800001111' });
    expect(readSearch('138-0000-1111')).toEqual({ kind: 'mobile', q: '13800001111' });
    expect(readSearch('12800001111')).toEqual({ kind: 'digits', q: '12800001111' });
    expect(readSearch('12')).toEqual({ kind: 'text', q: '12' });
    expect(readSearch('幸福小区 噪音')).toEqual({ kind: 'text', q: '幸福小区 噪音' });
    expect(readSearch('   ')).toEqual({ kind: 'empty' });
  });

  it('opens the case when the first answer is the whole number typed', () => {
    const intent = readSearch('370702-2026-000123');
    expect(caseToOpen(intent, [item(7, '370702-2026-000123'), item(8, '370702-2026-100123')])?.id).toBe(7);
    expect(caseToOpen(intent, [item(8, '370702-2026-100123')])).toBeNull();
    expect(caseToOpen(intent, [])).toBeNull();
  });

  it('opens the case the last digits name only when exactly one number ends with them', () => {
    const intent = readSearch('0123');
    expect(caseToOpen(intent, [item(7, '370702-2026-000123'), item(9, '370702-2026-000456')])?.id).toBe(7);
    expect(caseToOpen(intent, [item(7, '370702-2026-000123'), item(8, '370702-2026-100123')])).toBeNull();
    expect(caseToOpen(readSearch('2026-000123'), [item(7, '370702-2026-000123')])?.id).toBe(7);
    expect(caseToOpen(readSearch('幸福'), [item(7, '370702-2026-000123')])).toBeNull();
  });

  it('masks a mobile for the screen', () => {
    expect(maskMobile('13800001111')).toBe('138****1111');
  });
});
