import { describe, expect, it } from 'vitest';
import { redactUrl } from './app.ts';

describe('request log redaction', () => {
  it('hides personal query values whatever their case, and number-shaped values anywhere', () => {
    expect(redactUrl('/api/v1/people?phone=13812341234&limit=5')).toBe('/api/v1/people?phone=***&limit=5');
    expect(redactUrl('/api/v1/people?IDNUMBER=37070219850612001X')).toBe('/api/v1/people?IDNUMBER=***');
    expect(redactUrl('/api/v1/people?q=%E5%BC%A0%E4%B8%89')).toBe('/api/v1/people?q=***');
    expect(redactUrl('/api/v1/whatever?x=13812341234')).toBe('/api/v1/whatever?x=***');
    expect(redactUrl('/api/v1/x/37070219850612001x/y')).toBe('/api/v1/x/***/y');
  });

  it('keeps official division codes and ids readable', () => {
    expect(redactUrl('/api/v1/units?code=370702001001&parentId=1175')).toBe(
      '/api/v1/units?code=370702001001&parentId=1175',
    );
    expect(redactUrl('/api/v1/units?code=370702001001G01')).toBe('/api/v1/units?code=370702001001G01');
  });
});
