// Sign-in codes sent by SMS (issue 15): six digits from the CSPRNG, kept as a salted HMAC under the
// blind-index key (never in clear), valid 5 minutes and 5 tries, good once. The sealed code lives
// only until the SMS channel takes it (smsChallengeMessage), so a copy of the database taken later
// holds no code that could sign anyone in.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppContext, Db, Trx } from '../../context.ts';

export const SMS_CODE_TTL_MS = 5 * 60_000;
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** One code per phone a minute … */
export const SMS_RESEND_AFTER_MS = 60_000;
/** … and five an hour. */
export const SMS_CODES_PER_PHONE_HOUR = 5;
/** Codes asked from one client address in an hour (a shared office or NAT address: generous). */
export const SMS_CODES_PER_ADDRESS_HOUR = 30;

/** A mainland mobile number as typed ("138 1234 5678", "+86 13812345678") → 11 digits, or null. */
export function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s-]/g, '');
  if (/^(\+86|0086|86)1\d{10}$/.test(digits)) digits = digits.slice(digits.length - 11);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** Six digits, uniformly from the CSPRNG (leading zeros kept). */
export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hashSmsCode(ctx: Pick<AppContext, 'cipher'>, code: string): string {
  const salt = randomBytes(12).toString('base64url');
  return `${salt}$${ctx.cipher.blindIndex(`sms-code:${salt}:${code}`)}`;
}

export function smsCodeMatches(ctx: Pick<AppContext, 'cipher'>, stored: string, code: string): boolean {
  const [salt, digest] = stored.split('$');
  if (!salt || !digest) return false;
  const candidate = Buffer.from(ctx.cipher.blindIndex(`sms-code:${salt}:${code}`));
  const expected = Buffer.from(digest);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** The phone's newest challenge that is not consumed (signed in with, superseded or killed). */
export function latestOpenChallenge(db: Db | Trx, phoneHash: string) {
  return db
    .selectFrom('sms_challenge')
    .selectAll()
    .where('phone_hash', '=', phoneHash)
    .where('consumed_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/**
 * For the SMS channel only (recipientType `sms_challenge`): the phone and the code to send, once.
 * The sealed code is cleared as it is handed over, so the code exists in clear only in the SMS
 * itself; a challenge that is consumed, superseded or expired answers null (nothing to send: the
 * resident asks for a new code, allowed again after a minute). Never call it anywhere else.
 */
export async function smsChallengeMessage(
  ctx: AppContext,
  id: number | string,
): Promise<{ phone: string; code: string } | null> {
  const challengeId = Number(id);
  if (!Number.isSafeInteger(challengeId)) return null;
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sms_challenge')
      .select(['phone_enc', 'code_enc', 'expires_at', 'consumed_at'])
      .where('id', '=', challengeId)
      .executeTakeFirst();
    if (!row?.code_enc) return null;
    // Conditional, so two deliveries racing hand the code to one of them only.
    const cleared = await trx
      .updateTable('sms_challenge')
      .set({ code_enc: null })
      .where('id', '=', challengeId)
      .where('code_enc', '=', row.code_enc)
      .executeTakeFirst();
    if (Number(cleared.numUpdatedRows) !== 1) return null;
    if (row.consumed_at !== null || row.expires_at <= now) return null;
    return { phone: ctx.cipher.decrypt(row.phone_enc), code: ctx.cipher.decrypt(row.code_enc) };
  });
}

/** A resident account's own phone (signed up by SMS code), in clear, for its reports; else null. */
export async function accountPhone(ctx: AppContext, userId: number): Promise<string | null> {
  const row = await ctx.db.selectFrom('app_user').select('phone_enc').where('id', '=', userId).executeTakeFirst();
  return row?.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null;
}
