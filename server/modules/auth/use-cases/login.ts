// 登录: password (argon2id), failures throttled per account and client address with backoff
// (ADR 0010), TOTP where enrolled, a fresh session token each time (the presented one, if any, is
// revoked).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { TOTP_REQUIRED_ROLES, isRole } from '../../../../common/roles.ts';
import { findMemberships, findUserByUsername, spendTotpStep } from '../auth.repository.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { matchTotpStep } from '../totp.ts';
import { createSession, hashToken } from '../sessions.ts';
import type { Actor } from '../access.policy.ts';
import {
  claimAttempt,
  clearFailures,
  clientKey,
  forgetOldFailures,
  refundAttempt,
  tryAgainLater,
  type ThrottleKey,
} from '../login-throttle.ts';

export interface LoginInput {
  username: string;
  password: string;
  otp?: string | undefined;
  clientIp: string | null;
  /** The token the client already holds, rotated away on success. */
  previousToken?: string | undefined;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; displayName: string };
  restriction: Actor['restriction'];
}

// Spent on unknown usernames so their timing matches a real verification.
let decoyHash: Promise<string> | undefined;

export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const now = ctx.clock.now();
  // Keyed by the username as typed, known or not: an unknown name is paused exactly like a real
  // one, so the pause tells nobody which accounts exist.
  const key: ThrottleKey = { scope: 'login', subject: input.username, client: clientKey(input.clientIp) };
  const claim = await claimAttempt(ctx.db, key, now);
  const user = await findUserByUsername(ctx.db, input.username);
  const auditActor = user ? { userId: user.id, username: user.username, role: null, unitId: null } : null;
  const unknownDetails = user ? {} : { usernameLength: input.username.length };

  if (!claim.allowed) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: auditActor,
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          outcome: 'denied',
          clientIp: input.clientIp,
          details: { reason: 'throttled', retryAfterSeconds: Math.ceil(claim.retryAfterMs / 1000), ...unknownDetails },
        },
        now,
      ),
    );
    throw tryAgainLater('ACCOUNT_LOCKED', claim.retryAfterMs);
  }

  // The attempt is already counted (claimAttempt): a failure only needs its audit record.
  const fail = async (code: 'INVALID_CREDENTIALS' | 'OTP_INVALID', reason: string): Promise<never> => {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: auditActor,
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          outcome: 'failure',
          clientIp: input.clientIp,
          details: { reason, failures: claim.failures, ...unknownDetails },
        },
        now,
      ),
    );
    if (code === 'OTP_INVALID') throw new AppError('OTP_INVALID', '动态口令错误 / Wrong one-time code');
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误 / Wrong username or password');
  };

  if (!user) {
    decoyHash ??= hashPassword('concord-decoy-password-1');
    await verifyPassword(await decoyHash, input.password);
    return fail('INVALID_CREDENTIALS', 'unknown_user');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) return fail('INVALID_CREDENTIALS', 'password');
  if (user.disabled === 1) return fail('INVALID_CREDENTIALS', 'disabled');
  if (user.totp_enabled === 1) {
    if (input.otp === undefined || input.otp === '') {
      // The right password, the code still to come: neither a failure nor a success.
      await refundAttempt(ctx.db, key, claim.failures);
      throw new AppError('OTP_REQUIRED', '请输入动态口令 / Enter your one-time code');
    }
    const secret = user.totp_secret ? ctx.cipher.decrypt(user.totp_secret) : '';
    const step = matchTotpStep(secret, input.otp, now);
    if (step === null) return fail('OTP_INVALID', 'otp');
    if (!(await spendTotpStep(ctx.db, user.id, step))) return fail('OTP_INVALID', 'otp_reused');
  }

  const memberships = await findMemberships(ctx.db, [user.id]);
  const needsTotp =
    ctx.config.mode !== 'demo' &&
    user.totp_enabled !== 1 &&
    memberships.some((m) => isRole(m.role) && TOTP_REQUIRED_ROLES.includes(m.role));
  const restriction: Actor['restriction'] =
    user.must_change_password === 1 ? 'password_change' : needsTotp ? 'totp_enrollment' : null;

  await forgetOldFailures(ctx.db, now);
  return ctx.db.transaction().execute(async (trx) => {
    if (input.previousToken) {
      await trx
        .updateTable('user_session')
        .set({ revoked_at: now.toISOString() })
        .where('token_hash', '=', hashToken(input.previousToken))
        .where('revoked_at', 'is', null)
        .execute();
    }
    await clearFailures(trx, key);
    const session = await createSession(trx, user.id, now, restriction, input.clientIp);
    const first = memberships[0];
    await ctx.audit.append(
      trx,
      {
        actor: { userId: user.id, username: user.username, role: first?.role ?? null, unitId: first?.unitId ?? null },
        action: 'auth.login',
        subjectType: 'user',
        subjectId: user.id,
        outcome: 'success',
        clientIp: input.clientIp,
        details: restriction ? { restriction } : null,
      },
      now,
    );
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      user: { id: user.id, username: user.username, displayName: user.display_name },
      restriction,
    };
  });
}
