// The security headers worked out once: helmet's full set for Concord's policy, as helmet itself
// would set them on each response.
import { describe, expect, it } from 'vitest';
import { securityHeadersOf } from './security-headers.ts';

describe('security headers', () => {
  it("records helmet's headers for the policy once, and the header it removes", () => {
    const { set, removed } = securityHeadersOf({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } },
    });
    const headers = new Map(set.map(([name, value]) => [name.toLowerCase(), value]));
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(removed.map((n) => n.toLowerCase())).toContain('x-powered-by');
  });

  it('refuses a policy helmet refuses, at start-up rather than on a request', () => {
    expect(() =>
      securityHeadersOf({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ['self'] } } }),
    ).toThrow();
  });
});
