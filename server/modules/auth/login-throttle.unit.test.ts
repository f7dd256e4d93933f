// The backoff schedule and what counts as one client (ADR 0010).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientKey, pauseAfter, tryAgainLater } from './login-throttle.ts';

const MINUTE = 60_000;

describe('sign-in backoff', () => {
  it('lets four mistakes go, then pauses 1, 2, 4 … 32 minutes and at most an hour', () => {
    expect([1, 2, 3, 4].map(pauseAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 12, 1000].map((n) => pauseAfter(n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it('never shortens the pause as failures grow', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => pauseAfter(n + 1) >= pauseAfter(n)));
  });

  it('says when to try again in whole minutes, rounded up, in Chinese and English', () => {
    const paused = tryAgainLater('ACCOUNT_LOCKED', 61_000);
    expect(paused.status).toBe(429);
    expect(paused.message).toBe('尝试次数过多，请 2 分钟后再试 / Too many failed attempts. Try again in 2 minutes');
    expect(paused.details).toEqual({ retryAfterSeconds: 61 });
    expect(tryAgainLater('RATE_LIMITED', 60_000).message).toBe(
      '请求过于频繁，请 1 分钟后再试 / Too many requests. Try again in 1 minute',
    );
  });
});

describe('the client an attempt counts against', () => {
  it('is the IPv4 address, also when written as IPv4-mapped IPv6', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey(null)).toBe('unknown');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const address of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:0::9',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(clientKey(address), address).toBe(network);
    }
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
  });
});
