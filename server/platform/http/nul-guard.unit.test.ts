import { describe, expect, it } from 'vitest';
import { fieldWithNul } from './nul-guard.ts';
import { jsonExcess } from './json-body.ts';

describe('the NUL guard', () => {
  it('names the field holding U+0000, in a value or a key, at any depth', () => {
    expect(fieldWithNul('a\u0000')).toBe('');
    expect(fieldWithNul('plain')).toBeUndefined();
    expect(fieldWithNul({ reporter: { name: '张\u0000三' } })).toBe('reporter.name');
    expect(fieldWithNul({ terms: ['ok', 'b\u0000'] })).toBe('terms.1');
    expect(fieldWithNul({ a: { ['k\u0000ey']: 1 } })).toBe('a.key');
    expect(fieldWithNul({ a: [{ b: 1 }, { c: null, d: 'fine' }], e: 5 })).toBeUndefined();
    expect(fieldWithNul(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(fieldWithNul(null)).toBeUndefined();
  });

  it('walks a body nested 200,000 levels deep without recursion, naming the field at the bottom', () => {
    const depth = 200_000;
    const deep = JSON.parse('['.repeat(depth) + '"x\\u0000"' + ']'.repeat(depth)) as unknown;
    expect(fieldWithNul(deep)).toBe(Array(depth).fill('0').join('.'));
    const clean = JSON.parse('{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth)) as unknown;
    expect(fieldWithNul(clean)).toBeUndefined();
  });
});

describe('measuring a JSON text before parsing it', () => {
  it('counts nesting and keys outside strings only', () => {
    expect(jsonExcess('{"a":1}', 1, 1)).toBeUndefined();
    expect(jsonExcess('{"a":{"b":1}}', 1, 10)).toBe('depth');
    expect(jsonExcess('[[]]', 2, 0)).toBeUndefined();
    expect(jsonExcess('[[[]]]', 2, 0)).toBe('depth');
    expect(jsonExcess('{"a":1,"b":2}', 5, 1)).toBe('keys');
    // Depth is the deepest point, not the number of containers.
    expect(jsonExcess('[[],[],[],[]]', 2, 0)).toBeUndefined();
    // Inside strings, brackets, colons and escaped quotes are text.
    expect(jsonExcess('{"a":"[[[[{{{{::::"}', 1, 1)).toBeUndefined();
    expect(jsonExcess('{"a":"\\"[[[[:::"}', 1, 1)).toBeUndefined();
    expect(jsonExcess('{"a\\\\":"[[["}', 1, 1)).toBeUndefined();
    expect(jsonExcess('["\\\\",[[[]]]]', 3, 0)).toBe('depth');
  });
});
