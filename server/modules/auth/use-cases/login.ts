import { sql } from 'kysely';
// 登录: password (argon2id), lockout after 5 failures for 15 minutes, TOTP where enrolled,
// a fresh session token each time (the presented one, if any, is revoked).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { TOTP_REQUIRED_ROLES, isRole } from '../../../../common/roles.ts';
import { findMemberships, findUserByUsername } from '../auth.repository.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { verifyTotp } from '../totp.ts';
import { createSession, hashToken } from '../sessions.ts';
import type { Actor } from '../access.policy.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

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
  const user = await findUserByUsername(ctx.db, input.username);
  const fail = async (code: 'INVALID_CREDENTIALS' | 'OTP_INVALID', reason: string, countFailure: boolean) => {
    await ctx.db.transaction().execute(async (trx) => {
      let lockedUntil: string | null = null;
      if (user && countFailure) {
        // Atomic: parallel wrong guesses each count, and the fifth one locks.
        const counted = await trx
          .updateTable('app_user')
          .set({ failed_login_count: sql`failed_login_count + 1`, updated_at: now.toISOString() })
          .where('id', '=', user.id)
          .returning('failed_login_count')
          .executeTakeFirst();
        if ((counted?.failed_login_count ?? 0) >= MAX_FAILED_LOGINS) {
          lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString();
          await trx
            .updateTable('app_user')
            .set({ failed_login_count: 0, locked_until: lockedUntil })
            .where('id', '=', user.id)
            .execute();
        }
      }
      await ctx.audit.append(
        trx,
        {
          actor: user ? { userId: user.id, username: user.username, role: null, unitId: null } : null,
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          outcome: 'failure',
          clientIp: input.clientIp,
          details: {
            reason,
            ...(lockedUntil ? { lockedUntil } : {}),
            ...(user ? {} : { usernameLength: input.username.length }),
          },
        },
        now,
      );
    });
    if (code === 'OTP_INVALID') throw new AppError('OTP_INVALID', '动态口令错误 / Wrong one-time code');
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误 / Wrong username or password');
  };

  if (!user) {
    decoyHash ??= hashPassword('concord-decoy-password-1');
    await verifyPassword(await decoyHash, input.password);
    return fail('INVALID_CREDENTIALS', 'unknown_user', false);
  }
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: { userId: user.id, username: user.username, role: null, unitId: null },
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user.id,
          outcome: 'denied',
          clientIp: input.clientIp,
          details: { reason: 'locked' },
        },
        now,
      ),
    );
    throw new AppError(
      'ACCOUNT_LOCKED',
      '登录失败次数过多，账号已锁定 15 分钟 / Too many failed attempts; locked for 15 minutes',
      {
        lockedUntil: user.locked_until,
      },
    );
  }
  if (!(await verifyPassword(user.password_hash, input.password))) return fail('INVALID_CREDENTIALS', 'password', true);
  if (user.disabled === 1) return fail('INVALID_CREDENTIALS', 'disabled', false);
  if (user.totp_enabled === 1) {
    if (input.otp === undefined || input.otp === '') {
      throw new AppError('OTP_REQUIRED', '请输入动态口令 / Enter your one-time code');
    }
    const secret = user.totp_secret ? ctx.cipher.decrypt(user.totp_secret) : '';
    if (!verifyTotp(secret, input.otp, now)) return fail('OTP_INVALID', 'otp', true);
  }

  const memberships = await findMemberships(ctx.db, [user.id]);
  const needsTotp =
    ctx.config.mode !== 'demo' &&
    user.totp_enabled !== 1 &&
    memberships.some((m) => isRole(m.role) && TOTP_REQUIRED_ROLES.includes(m.role));
  const restriction: Actor['restriction'] =
    user.must_change_password === 1 ? 'password_change' : needsTotp ? 'totp_enrollment' : null;

  return ctx.db.transaction().execute(async (trx) => {
    if (input.previousToken) {
      await trx
        .updateTable('user_session')
        .set({ revoked_at: now.toISOString() })
        .where('token_hash', '=', hashToken(input.previousToken))
        .where('revoked_at', 'is', null)
        .execute();
    }
    await trx
      .updateTable('app_user')
      .set({ failed_login_count: 0, locked_until: null, updated_at: now.toISOString() })
      .where('id', '=', user.id)
      .execute();
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
