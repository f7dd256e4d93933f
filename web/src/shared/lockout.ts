// A refusal for going too fast (429) says when to try again: "请在 N 分钟后重试", from the wait the
// server sends (the body's details.retryAfterSeconds, or the Retry-After header), never only
// "稍后" (server/modules/auth/login-throttle.ts, rate-window.ts).
import { ApiError } from './api.ts';
import type { Bilingual } from './bilingual.ts';
import type { MessageKey } from './messages.ts';
import { LOCKOUT_REASONS } from './messages/desk.ts';

/** The part of the console's I18n this needs (i18n.tsx; kept apart so unit tests run without JSX). */
interface Say {
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  pick: (text: Bilingual) => string;
}

/** The seconds a 429 asks the client to wait, when it says. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const details = error.details;
  const inBody =
    typeof details === 'object' && details !== null && 'retryAfterSeconds' in details
      ? (details as { retryAfterSeconds?: unknown }).retryAfterSeconds
      : undefined;
  const seconds = typeof inBody === 'number' ? inBody : error.retryAfter;
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/** "登录失败次数过多，请在 5 分钟后重试", or null when the error is no timed refusal. */
export function lockoutText(error: unknown, i18n: Say): string | null {
  const seconds = retryAfterSeconds(error);
  if (seconds === null || !(error instanceof ApiError)) return null;
  const reason = i18n.pick(LOCKOUT_REASONS[error.code] ?? LOCKOUT_REASONS.other!);
  return i18n.t('desk.lockout.retryIn', { reason, minutes: Math.max(1, Math.ceil(seconds / 60)) });
}
