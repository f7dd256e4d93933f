// The work-order sheet's pure parts: headers as people type them, cells cleaned, call times read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, columnOf, numberText, parseCallTime, parseUrgency } from './import-columns.ts';
import { checkWorkOrder } from './import-check.ts';

describe('work-order columns', () => {
  it('matches headers with spaces, full-width forms, stars and colons, in any spelling it knows', () => {
    expect(columnOf('工单编号')).toBe('externalId');
    expect(columnOf(' 工单编号　')).toBe('externalId');
    expect(columnOf('＊诉求分类')).toBe('category');
    expect(columnOf('所属乡镇（街道）')).toBe('township');
    expect(columnOf('所属乡镇／街道')).toBe('township');
    expect(columnOf('区 县：')).toBe('county');
    expect(columnOf('经度')).toBe('lng');
    expect(columnOf('备注')).toBeUndefined();
  });

  it('cleans control, direction and zero-width characters and lone surrogates, keeping line breaks', () => {
    expect(cleanText(' a\u0000b\u0007c\r\nd\u202e e\u200b\ud800 ')).toBe('abc\nd e');
    expect(cleanText('𠮷野家')).toBe('𠮷野家');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = cleanText(s);
        // eslint-disable-next-line no-control-regex -- no control character may be left
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e]/);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
    );
  });

  it('keeps whole numbers as Excel holds them (ids and phones typed as numbers)', () => {
    expect(numberText(202611260001)).toBe('202611260001');
    expect(numberText(13800138000)).toBe('13800138000');
    expect(numberText(1.5)).toBe('1.5');
  });

  it('reads call times as Beijing time from dates, serial days and text', () => {
    const at = '2026-12-01T01:30:00.000Z';
    expect(parseCallTime(new Date(Date.UTC(2026, 11, 1, 9, 30)))?.toISOString()).toBe(at);
    expect(parseCallTime('2026-12-01 09:30')?.toISOString()).toBe(at);
    expect(parseCallTime('2026/12/1 9:30:00')?.toISOString()).toBe(at);
    expect(parseCallTime('2026年12月1日 9时30分')?.toISOString()).toBe(at);
    expect(parseCallTime('2026-12-01')?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(parseCallTime(46357.5625)?.toISOString()).toBe('2026-12-01T05:30:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', '昨天', '2026-12-01 25:00', '', -1, Number.NaN]) {
      expect(parseCallTime(bad)).toBeNull();
    }
  });

  it('folds urgencies', () => {
    expect(parseUrgency('')).toBe('normal');
    expect(parseUrgency('特急')).toBe('critical');
    expect(parseUrgency('紧急')).toBe('urgent');
    expect(parseUrgency('马上')).toBeNull();
  });

  it('gives every reason of a row at once', () => {
    const result = checkWorkOrder(
      {
        row: 7,
        cells: { externalId: 'X-1', phone: '123', content: '短', calledAt: '2099-01-01 10:00', urgency: '马上' },
        original: [],
      },
      { categoryOf: () => 'unknown', firstRowWith: () => 3, now: new Date('2026-11-27T01:00:00Z') },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons).toEqual([
      '工单编号与第 3 行重复 / The same work-order id as row 3',
      '诉求内容过短（至少 5 个字） / The content is too short (at least 5 characters)',
      '缺少诉求分类 / The category is missing',
      '联系电话格式无效 / Invalid phone number',
      '来电时间晚于当前时间 / The call time is in the future',
      '紧急程度无效（一般、紧急、特急） / Invalid urgency (一般, 紧急, 特急)',
    ]);
  });
});
