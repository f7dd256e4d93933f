// A 429 says when to try again (issue 14, item 9): the console reads the wait the server sends
// (login-throttle.ts: details.retryAfterSeconds and Retry-After) and says "请在 N 分钟后重试";
// describeError (error-alert.tsx) shows this sentence in place of the catalogue's "请稍后再试".
import { describe, expect, it } from 'vitest';
import { ApiError } from '../web/src/shared/api.ts';
import { lockoutText } from '../web/src/shared/lockout.ts';
import { MESSAGES, type MessageKey } from '../web/src/shared/messages.ts';
import type { Bilingual } from '../web/src/shared/bilingual.ts';

function i18n(locale: 'zh-CN' | 'en') {
  const pick = (text: Bilingual) => (locale === 'zh-CN' ? text.zh : text.en);
  return {
    pick,
    t: (key: MessageKey, vars: Record<string, string | number> = {}) =>
      Object.entries(vars).reduce((text, [name, v]) => text.replaceAll(`{${name}}`, String(v)), pick(MESSAGES[key])),
  };
}

/** What the server answers a sign-in paused for `seconds` (tryAgainLater). */
const locked = (seconds: number) =>
  new ApiError(
    429,
    'ACCOUNT_LOCKED',
    '尝试次数过多，请稍后再试 / Too many attempts; try again later',
    { retryAfterSeconds: seconds },
    `尝试次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试 / Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes`,
  );

describe('a refusal for going too fast', () => {
  it('says in how many minutes to try again, rounded up, in either language', () => {
    expect(lockoutText(locked(241), i18n('zh-CN'))).toBe('登录失败次数过多，请在 5 分钟后重试');
    expect(lockoutText(locked(241), i18n('en'))).toBe('Too many failed attempts. Try again in 5 min');
    expect(lockoutText(locked(3), i18n('zh-CN'))).toBe('登录失败次数过多，请在 1 分钟后重试');
  });

  it('takes the wait from Retry-After when the body does not carry it', () => {
    const budget = new ApiError(429, 'LOOKUP_BUDGET_EXCEEDED', '精确查找次数已达上限，请稍后再试 / Too many');
    budget.retryAfter = 1800;
    expect(lockoutText(budget, i18n('zh-CN'))).toBe('精确查找次数已达上限，请在 30 分钟后重试');
  });

  it('leaves other refusals, and a 429 that names no wait, to the catalogue’s sentence', () => {
    expect(lockoutText(new ApiError(403, 'FORBIDDEN', '无权 / No'), i18n('zh-CN'))).toBeNull();
    const vague = new ApiError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试 / Too many requests; try again later');
    expect(lockoutText(vague, i18n('zh-CN'))).toBeNull();
  });
});
