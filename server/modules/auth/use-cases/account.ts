// The signed-in user's own account: sign out, change password, enrol a second factor.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { TOTP_REQUIRED_ROLES } from '../../../../common/roles.ts';
import type { Actor } from '../access.policy.ts';
import { findUserById } from '../auth.repository.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import { generateTotpSecret, matchTotpStep, otpauthUri } from '../totp.ts';
import { auditActorOf } from '../auth.hook.ts';
import { claimAttempt, clearFailures, clientKey, tryAgainLater, type ThrottleKey } from '../login-throttle.ts';

export async function logout(ctx: AppContext, actor: Actor, clientIp: string | null): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('user_session')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', actor.sessionId)
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action: 'auth.logout',
        subjectType: 'user',
        subjectId: actor.userId,
        outcome: 'success',
        clientIp,
      },
      now,
    );
  });
}

function needsTotp(ctx: AppContext, actor: Actor, totpEnabled: boolean): boolean {
  return (
    ctx.config.mode !== 'demo' &&
    !totpEnabled &&
    actor.memberships.some((m) => m.role !== 'service_account' && TOTP_REQUIRED_ROLES.includes(m.role))
  );
}

export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  clientIp: string | null,
): Promise<{ restriction: Actor['restriction'] }> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录 / Please sign in');
  // Whoever holds a session (a workstation left signed in) must not guess the current password
  // faster than a sign-in could: the same per-address backoff (ADR 0010).
  const key: ThrottleKey = { scope: 'password', subject: String(actor.userId), client: clientKey(clientIp) };
  const claim = await claimAttempt(ctx.db, key, ctx.clock.now());
  if (!claim.allowed) throw tryAgainLater('ACCOUNT_LOCKED', claim.retryAfterMs);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor),
          action: 'auth.change_password',
          subjectType: 'user',
          subjectId: actor.userId,
          outcome: 'failure',
          clientIp,
          details: { reason: 'current_password', failures: claim.failures },
        },
        ctx.clock.now(),
      ),
    );
    throw new AppError('VALIDATION_FAILED', '当前密码错误 / The current password is wrong', [
      { field: 'currentPassword', message: '当前密码错误 / Wrong password' },
    ]);
  }
  await clearFailures(ctx.db, key);
  const problem = await passwordProblem(input.newPassword, user.username);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ field: 'newPassword', message: problem }]);
  if (input.newPassword === input.currentPassword) {
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同 / Choose a different password', [
      { field: 'newPassword', message: '与当前密码相同 / Same as the current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  const restriction: Actor['restriction'] = needsTotp(ctx, actor, user.totp_enabled === 1) ? 'totp_enrollment' : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, must_change_password: 0, updated_at: now.toISOString() })
      .where('id', '=', actor.userId)
      .execute();
    // Every other session of this user ends with the old password.
    await trx
      .updateTable('user_session')
      .set({ revoked_at: now.toISOString() })
      .where('user_id', '=', actor.userId)
      .where('id', '!=', actor.sessionId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx.updateTable('user_session').set({ restriction }).where('id', '=', actor.sessionId).execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action: 'auth.change_password',
        subjectType: 'user',
        subjectId: actor.userId,
        outcome: 'success',
        clientIp,
      },
      now,
    );
  });
  return { restriction };
}

export async function startTotpEnrollment(
  ctx: AppContext,
  actor: Actor,
  clientIp: string | null,
): Promise<{ secret: string; otpauthUri: string }> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录 / Please sign in');
  if (user.totp_enabled === 1) throw new AppError('TOTP_ALREADY_ENABLED');
  const secret = generateTotpSecret();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ totp_secret: ctx.cipher.encrypt(secret), updated_at: now.toISOString() })
      .where('id', '=', actor.userId)
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action: 'auth.totp_setup',
        subjectType: 'user',
        subjectId: actor.userId,
        outcome: 'success',
        clientIp,
      },
      now,
    );
  });
  return { secret, otpauthUri: otpauthUri(secret, user.username) };
}

export async function confirmTotpEnrollment(
  ctx: AppContext,
  actor: Actor,
  otp: string,
  clientIp: string | null,
): Promise<void> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user?.totp_secret || user.totp_enabled === 1) {
    throw new AppError('TOTP_SETUP_NOT_STARTED');
  }
  const now = ctx.clock.now();
  const step = matchTotpStep(ctx.cipher.decrypt(user.totp_secret), otp, now);
  if (step === null) {
    throw new AppError('VALIDATION_FAILED', '动态口令错误 / Wrong one-time code', [
      { field: 'otp', message: '动态口令错误 / Wrong one-time code' },
    ]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    // The confirming code is spent too: whoever saw it over a shoulder cannot sign in with it.
    const enabled = await trx
      .updateTable('app_user')
      .set({ totp_enabled: 1, totp_last_step: step, updated_at: now.toISOString() })
      .where('id', '=', actor.userId)
      .where('totp_enabled', '=', 0)
      .executeTakeFirst();
    if (Number(enabled.numUpdatedRows) !== 1) throw new AppError('TOTP_SETUP_NOT_STARTED');
    await trx
      .updateTable('user_session')
      .set({ restriction: null })
      .where('id', '=', actor.sessionId)
      .where('restriction', '=', 'totp_enrollment')
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action: 'auth.totp_confirm',
        subjectType: 'user',
        subjectId: actor.userId,
        outcome: 'success',
        clientIp,
      },
      now,
    );
  });
}
