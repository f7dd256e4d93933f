// 验证码登录: the phone's newest code signs in once; each wrong code counts, the fifth kills it.
// A phone with no account becomes a resident account (sign-up and sign-in are one step): its phone
// sealed on the account, so the cases it reports carry a number the SMS channel can reach, and one
// membership as `resident` at the served county (residentHomeUnit). Nothing of the phone or code
// reaches the audit log or the answer.
import { randomBytes } from 'node:crypto';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { countyOf, listUnits, type OrgUnitRow } from '../../org/index.ts';
import { findMemberships } from '../auth.repository.ts';
import { hashPassword } from '../passwords.ts';
import { createSession, hashToken } from '../sessions.ts';
import { SMS_CODE_MAX_ATTEMPTS, normaliseMobile, smsCodeMatches } from '../sms-codes.ts';
import { invalidPhone } from './send-sms-code.ts';
import type { LoginResult } from './login.ts';

export interface SmsLoginInput {
  phone: string;
  code: string;
  clientIp: string | null;
  previousToken?: string | undefined;
}

export async function smsLogin(ctx: AppContext, input: SmsLoginInput): Promise<LoginResult & { created: boolean }> {
  const phone = normaliseMobile(input.phone);
  if (!phone) throw invalidPhone();
  const now = ctx.clock.now();
  const at = now.toISOString();
  const phoneHash = ctx.cipher.blindIndex(phone);

  const refuse = async (
    code: 'SMS_CODE_WRONG' | 'SMS_CODE_EXPIRED' | 'SMS_CODE_USED_UP' | 'SMS_CODE_NOT_REQUESTED',
    challengeId: number | null,
    details: Record<string, unknown> = {},
  ): Promise<never> => {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: null,
          action: 'auth.sms_login',
          subjectType: challengeId === null ? null : 'sms_challenge',
          subjectId: challengeId,
          outcome: 'failure',
          clientIp: input.clientIp,
          details: { reason: code, ...details },
        },
        now,
      ),
    );
    throw new AppError(code, undefined, Object.keys(details).length > 0 ? details : undefined);
  };

  // The phone's newest challenge, whatever its state: older ones were replaced by it.
  const challenge = await ctx.db
    .selectFrom('sms_challenge')
    .select(['id', 'code_hash', 'expires_at', 'attempts', 'consumed_at'])
    .where('phone_hash', '=', phoneHash)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!challenge) return refuse('SMS_CODE_NOT_REQUESTED', null);
  if (challenge.consumed_at !== null) {
    return refuse(
      challenge.attempts >= SMS_CODE_MAX_ATTEMPTS ? 'SMS_CODE_USED_UP' : 'SMS_CODE_NOT_REQUESTED',
      challenge.id,
    );
  }
  if (challenge.expires_at <= at) return refuse('SMS_CODE_EXPIRED', challenge.id);

  // Counted before the code is compared, in one conditional statement: parallel guesses each count
  // and none gets past the fifth.
  const claimed = await ctx.db
    .updateTable('sms_challenge')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', challenge.id)
    .where('consumed_at', 'is', null)
    .where('attempts', '<', SMS_CODE_MAX_ATTEMPTS)
    .returning('attempts')
    .executeTakeFirst();
  if (!claimed) return refuse('SMS_CODE_USED_UP', challenge.id);

  if (!smsCodeMatches(ctx, challenge.code_hash, input.code)) {
    const attemptsLeft = SMS_CODE_MAX_ATTEMPTS - claimed.attempts;
    if (attemptsLeft <= 0) {
      await ctx.db
        .updateTable('sms_challenge')
        .set({ consumed_at: at, code_enc: null })
        .where('id', '=', challenge.id)
        .where('consumed_at', 'is', null)
        .execute();
      return refuse('SMS_CODE_USED_UP', challenge.id);
    }
    return refuse('SMS_CODE_WRONG', challenge.id, { attemptsLeft });
  }

  const home = await residentHomeUnit(ctx);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    // Good once: of two requests with the right code, one signs in.
    const spent = await trx
      .updateTable('sms_challenge')
      .set({ consumed_at: at, code_enc: null })
      .where('id', '=', challenge.id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return null;

    let user = await trx
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name', 'disabled'])
      .where('phone_hash', '=', phoneHash)
      .executeTakeFirst();
    const created = !user;
    if (!user) user = await createResident(ctx, trx, phone, phoneHash, home, now, input.clientIp);
    if (user.disabled === 1) return { disabled: user.id };

    if (input.previousToken) {
      await trx
        .updateTable('user_session')
        .set({ revoked_at: at })
        .where('token_hash', '=', hashToken(input.previousToken))
        .where('revoked_at', 'is', null)
        .execute();
    }
    const session = await createSession(trx, user.id, now, null, input.clientIp);
    const first = (await findMemberships(trx, [user.id]))[0];
    await ctx.audit.append(
      trx,
      {
        actor: { userId: user.id, username: user.username, role: first?.role ?? null, unitId: first?.unitId ?? null },
        action: 'auth.login',
        subjectType: 'user',
        subjectId: user.id,
        outcome: 'success',
        clientIp: input.clientIp,
        details: { method: 'sms_code', challengeId: challenge.id },
      },
      now,
    );
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      user: { id: user.id, username: user.username, displayName: user.display_name },
      restriction: null,
      created,
    };
  });
  if (outcome === null) return refuse('SMS_CODE_NOT_REQUESTED', challenge.id);
  if ('disabled' in outcome) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: null,
          action: 'auth.sms_login',
          subjectType: 'user',
          subjectId: outcome.disabled,
          outcome: 'denied',
          clientIp: input.clientIp,
          details: { reason: 'disabled' },
        },
        now,
      ),
    );
    throw new AppError('ACCOUNT_DISABLED');
  }
  return outcome;
}

// Never verified: the account signs in by SMS code only (an administrator may set a password).
let unusableHash: Promise<string> | undefined;

async function createResident(
  ctx: AppContext,
  trx: Trx,
  phone: string,
  phoneHash: string,
  home: OrgUnitRow,
  now: Date,
  clientIp: string | null,
): Promise<{ id: number; username: string; display_name: string; disabled: number }> {
  unusableHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const at = now.toISOString();
  // A random name: the username shows in lists and the audit log, the phone never does.
  const username = `r-${randomBytes(6).toString('hex')}`;
  const displayName = `居民${phone.slice(-4)}`;
  const row = await trx
    .insertInto('app_user')
    .values({
      username,
      display_name: displayName,
      password_hash: await unusableHash,
      must_change_password: 0,
      failed_login_count: 0,
      locked_until: null,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      disabled: 0,
      created_at: at,
      updated_at: at,
      phone_enc: ctx.cipher.encrypt(phone),
      phone_hash: phoneHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('membership')
    .values({ user_id: row.id, unit_id: home.id, role: 'resident', created_at: at })
    .execute();
  await ctx.audit.append(
    trx,
    {
      actor: { userId: row.id, username, role: 'resident', unitId: home.id },
      action: 'user.sign_up',
      subjectType: 'user',
      subjectId: row.id,
      outcome: 'success',
      clientIp,
      details: { method: 'sms_code', role: 'resident', unitId: home.id },
    },
    now,
  );
  return { id: row.id, username, display_name: displayName, disabled: 0 };
}

/**
 * Where a self-registered resident's membership is anchored: the county this install serves (the
 * county of its first grid: a county install draws grids for its own county only), else the root
 * of the tree. Residents may report anywhere; the anchor gives the map its county and a report
 * without a point its region.
 */
export async function residentHomeUnit(ctx: AppContext): Promise<OrgUnitRow> {
  const everywhere = ['/'];
  const [grid] = await listUnits(ctx.db, { type: 'region', level: 'grid', scopePaths: everywhere, limit: 1 });
  const county = grid ? await countyOf(ctx.db, grid) : undefined;
  if (county) return county;
  const [root] = await listUnits(ctx.db, { type: 'region', level: 'province', scopePaths: everywhere, limit: 1 });
  if (!root) throw new Error('no org tree: load the reference data first (npx concord migrate)');
  return root;
}
