// Administration of accounts: create, add or remove a membership, disable or enable, reset a
// password. Used by the admin API (actor = an admin) and by the CLI (actor = null, the system).
import { randomBytes } from 'node:crypto';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { ROLES, isRole, type Role } from '../../../../common/roles.ts';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { findMembershipUnit, findUserById, findUserByUsername, revokeSessionsOfUser } from '../auth.repository.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import { clearAllFailures } from '../login-throttle.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';

export interface CommandMeta {
  actor: AuditActor | null;
  clientIp: string | null;
}

export interface NewMembership {
  unitId: number;
  role: string;
}

/** A readable temporary password: 12 characters from an unambiguous alphabet, with digits. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(10);
  const letters = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${letters}${(randomBytes(1)[0]! % 90) + 10}`;
}

/** A temporary password that meets the rules (ten random letters hardly ever spell a common word,
 * but the rules are checked, not assumed). */
async function ruleAbidingTemporaryPassword(username: string): Promise<string> {
  for (;;) {
    const candidate = temporaryPassword();
    if ((await passwordProblem(candidate, username)) === null) return candidate;
  }
}

/** Refuses a password the rules do not allow, naming `field` (VALIDATION_FAILED, bilingual). */
async function checkPassword(password: string, username: string, field: string): Promise<void> {
  const problem = await passwordProblem(password, username);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ field, message: problem }]);
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw new AppError('VALIDATION_FAILED', '角色无效 / Unknown role', [
      { field: 'role', message: `应为 ${ROLES.join(', ')} / One of ${ROLES.join(', ')}` },
    ]);
  }
  return role;
}

async function insertMembership(trx: Trx, userId: number, membership: NewMembership, now: string): Promise<number> {
  const unit = await findMembershipUnit(trx, membership.unitId);
  if (!unit) {
    throw new AppError('VALIDATION_FAILED', '单位不存在 / Unknown unit', [
      { field: 'unitId', message: '单位不存在 / Unknown unit' },
    ]);
  }
  const existing = await trx
    .selectFrom('membership')
    .select('id')
    .where('user_id', '=', userId)
    .where('unit_id', '=', membership.unitId)
    .where('role', '=', membership.role)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx
    .insertInto('membership')
    .values({ user_id: userId, unit_id: membership.unitId, role: membership.role, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createUser(
  ctx: AppContext,
  meta: CommandMeta,
  input: {
    username: string;
    displayName: string;
    password?: string | undefined;
    memberships?: NewMembership[] | undefined;
    mustChangePassword?: boolean;
    /**
     * 'demo_seed' lets the demo seed give its accounts the contract's password `demo1234`, which
     * the rules refuse (8 characters, common); it is refused outside demo mode.
     */
    passwordRules?: 'enforce' | 'demo_seed';
  },
): Promise<{ id: number; temporaryPassword: string | null }> {
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.username)) {
    throw new AppError('VALIDATION_FAILED', '用户名无效 / Invalid username', [
      {
        field: 'username',
        message: '3–32 位小写字母、数字、_ . -，以字母开头 / 3–32 lowercase letters, digits, _ . -',
      },
    ]);
  }
  for (const m of input.memberships ?? []) checkRole(m.role);
  const generated = input.password === undefined ? await ruleAbidingTemporaryPassword(input.username) : null;
  const password = input.password ?? generated!;
  if (input.passwordRules === 'demo_seed') {
    if (ctx.config.mode !== 'demo') throw new Error('demo accounts are created in demo mode only');
  } else {
    await checkPassword(password, input.username, 'password');
  }
  if (await findUserByUsername(ctx.db, input.username)) {
    throw new AppError('USERNAME_TAKEN', undefined, [{ field: 'username', message: '已存在 / Taken' }]);
  }
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        failed_login_count: 0,
        locked_until: null,
        totp_secret: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 0,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const m of input.memberships ?? []) await insertMembership(trx, row.id, m, now.toISOString());
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'user.create',
        subjectType: 'user',
        subjectId: row.id,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: { username: input.username, memberships: input.memberships ?? [] },
      },
      now,
    );
    return row.id;
  });
  return { id, temporaryPassword: generated };
}

async function requireUser(ctx: AppContext, userId: number) {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('NOT_FOUND', '用户不存在 / No such user');
  return user;
}

export async function addMembership(
  ctx: AppContext,
  meta: CommandMeta,
  userId: number,
  membership: NewMembership,
): Promise<number> {
  checkRole(membership.role);
  await requireUser(ctx, userId);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertMembership(trx, userId, membership, now.toISOString());
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'user.add_membership',
        subjectType: 'user',
        subjectId: userId,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: { ...membership },
      },
      now,
    );
    return id;
  });
}

export async function removeMembership(
  ctx: AppContext,
  meta: CommandMeta,
  userId: number,
  membershipId: number,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('membership')
      .where('id', '=', membershipId)
      .where('user_id', '=', userId)
      .returning(['unit_id', 'role'])
      .executeTakeFirst();
    if (!removed) throw new AppError('NOT_FOUND', '成员关系不存在 / No such membership');
    // A role taken away must not live on in an open session.
    await revokeSessionsOfUser(trx, userId, now.toISOString());
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'user.remove_membership',
        subjectType: 'user',
        subjectId: userId,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: { unitId: removed.unit_id, role: removed.role },
      },
      now,
    );
  });
}

export async function setUserDisabled(
  ctx: AppContext,
  meta: CommandMeta,
  userId: number,
  disabled: boolean,
): Promise<void> {
  await requireUser(ctx, userId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ disabled: disabled ? 1 : 0, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    if (disabled) await revokeSessionsOfUser(trx, userId, now.toISOString());
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: disabled ? 'user.disable' : 'user.enable',
        subjectType: 'user',
        subjectId: userId,
        outcome: 'success',
        clientIp: meta.clientIp,
      },
      now,
    );
  });
}

/** Sets a new temporary password (or the given one), lifts every sign-in pause of the account, and
 * forces a change at next login. */
export async function resetPassword(
  ctx: AppContext,
  meta: CommandMeta,
  userId: number,
  newPassword?: string,
): Promise<{ temporaryPassword: string }> {
  const user = await requireUser(ctx, userId);
  const password = newPassword ?? (await ruleAbidingTemporaryPassword(user.username));
  await checkPassword(password, user.username, 'password');
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        password_hash: passwordHash,
        must_change_password: 1,
        failed_login_count: 0,
        locked_until: null,
        updated_at: now.toISOString(),
      })
      .where('id', '=', userId)
      .execute();
    await revokeSessionsOfUser(trx, userId, now.toISOString());
    await clearAllFailures(trx, 'login', [user.username]);
    await clearAllFailures(trx, 'password', [String(userId)]);
    // The owner hears of it (a reset they did not ask for is a takeover attempt), never the password.
    await enqueue(
      trx,
      [
        {
          topic: 'account.password_reset',
          recipientType: 'user',
          recipient: userId,
          subjectType: 'user',
          subjectId: userId,
          payload: {
            username: user.username,
            resetBy: meta.actor?.username ?? 'system',
            at: now.toISOString(),
            message:
              '您的密码已被管理员重置，下次登录须修改密码；如非您本人申请，请立即联系管理员 / Your password was reset by an administrator and must be changed at your next sign-in; if you did not ask for this, contact your administrator now',
          },
        },
      ],
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'user.reset_password',
        subjectType: 'user',
        subjectId: userId,
        outcome: 'success',
        clientIp: meta.clientIp,
      },
      now,
    );
  });
  return { temporaryPassword: password };
}

/** Those of `usernames` whose account signs in with `password` (the start-up check for the demo's
 * published password in production). */
export async function accountsWithPassword(ctx: AppContext, usernames: string[], password: string): Promise<string[]> {
  const found: string[] = [];
  for (const username of usernames) {
    const user = await findUserByUsername(ctx.db, username);
    if (user && (await verifyPassword(user.password_hash, password))) found.push(username);
  }
  return found;
}
