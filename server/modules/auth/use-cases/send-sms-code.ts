// 获取验证码: a six-digit code for a mainland mobile, sent through the outbox (topic auth.sms_code;
// the SMS channel asks smsChallengeMessage for the phone and code). Public, so it answers alike
// whether the phone has an account or not, and it is limited per phone (one a minute, five an hour,
// counted from the challenges themselves) and per client address (thirty an hour). A new code
// replaces the phone's older ones.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { countHit, tryAgainIn } from '../rate-window.ts';
import { clientKey } from '../login-throttle.ts';
import {
  SMS_CODES_PER_ADDRESS_HOUR,
  SMS_CODES_PER_PHONE_HOUR,
  SMS_CODE_TTL_MS,
  SMS_RESEND_AFTER_MS,
  hashSmsCode,
  newSmsCode,
  normaliseMobile,
} from '../sms-codes.ts';

const HOUR_MS = 60 * 60_000;
const TOO_OFTEN = { zh: '获取验证码过于频繁', en: 'Codes asked for too often' };

export interface SentSmsCode {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export function invalidPhone(): AppError {
  return new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'phone', message: '请输入有效的手机号码 / Enter a valid mainland mobile number' },
  ]);
}

export async function sendSmsCode(
  ctx: AppContext,
  input: { phone: string; clientIp: string | null },
): Promise<SentSmsCode> {
  const phone = normaliseMobile(input.phone);
  if (!phone) throw invalidPhone();
  const now = ctx.clock.now();
  const client = clientKey(input.clientIp);

  const fromAddress = await countHit(ctx.db, 'sms_code_address', client, HOUR_MS, now);
  if (fromAddress.hits > SMS_CODES_PER_ADDRESS_HOUR) {
    await auditRefusal(ctx, input.clientIp, 'address_limit', now);
    throw tryAgainIn('SMS_CODE_RATE_LIMITED', TOO_OFTEN, fromAddress.retryAfterSeconds);
  }

  const phoneHash = ctx.cipher.blindIndex(phone);
  const code = newSmsCode();
  let refusal: { reason: string; retryAfterSeconds: number } | null = null;
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      // The replaced codes first: on PostgreSQL the open row stays locked until this transaction
      // ends, so a concurrent request for the same phone waits and then sees this one's code.
      await trx
        .updateTable('sms_challenge')
        .set({ consumed_at: now.toISOString(), code_enc: null })
        .where('phone_hash', '=', phoneHash)
        .where('consumed_at', 'is', null)
        .execute();
      const lastHour = await trx
        .selectFrom('sms_challenge')
        .select('created_at')
        .where('phone_hash', '=', phoneHash)
        .where('created_at', '>', new Date(now.getTime() - HOUR_MS).toISOString())
        .orderBy('created_at', 'desc')
        .execute();
      const newest = lastHour[0];
      const oldest = lastHour[lastHour.length - 1];
      const secondsUntil = (ms: number) => Math.max(1, Math.ceil((ms - now.getTime()) / 1000));
      if (newest && Date.parse(newest.created_at) + SMS_RESEND_AFTER_MS > now.getTime()) {
        refusal = {
          reason: 'phone_minute',
          retryAfterSeconds: secondsUntil(Date.parse(newest.created_at) + SMS_RESEND_AFTER_MS),
        };
      } else if (oldest && lastHour.length >= SMS_CODES_PER_PHONE_HOUR) {
        refusal = { reason: 'phone_hour', retryAfterSeconds: secondsUntil(Date.parse(oldest.created_at) + HOUR_MS) };
      }
      if (refusal) throw new Refused();

      const row = await trx
        .insertInto('sms_challenge')
        .values({
          phone_hash: phoneHash,
          phone_enc: ctx.cipher.encrypt(phone),
          code_hash: hashSmsCode(ctx, code),
          code_enc: ctx.cipher.encrypt(code),
          expires_at: new Date(now.getTime() + SMS_CODE_TTL_MS).toISOString(),
          attempts: 0,
          consumed_at: null,
          created_at: now.toISOString(),
          client,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueue(
        trx,
        [
          {
            topic: 'auth.sms_code',
            recipientType: 'sms_challenge',
            recipient: row.id,
            payload: { minutes: SMS_CODE_TTL_MS / 60_000 },
          },
        ],
        now,
      );
      await ctx.audit.append(
        trx,
        {
          actor: null,
          action: 'auth.sms_code',
          subjectType: 'sms_challenge',
          subjectId: row.id,
          outcome: 'success',
          clientIp: input.clientIp,
          details: null,
        },
        now,
      );
    })
    .catch((error: unknown) => {
      if (!(error instanceof Refused)) throw error;
    });

  if (refusal) {
    const { reason, retryAfterSeconds } = refusal as { reason: string; retryAfterSeconds: number };
    await auditRefusal(ctx, input.clientIp, reason, now);
    throw tryAgainIn('SMS_CODE_RATE_LIMITED', TOO_OFTEN, retryAfterSeconds);
  }
  return { expiresInSeconds: SMS_CODE_TTL_MS / 1000, resendAfterSeconds: SMS_RESEND_AFTER_MS / 1000 };
}

/** Thrown inside the transaction to roll back the replaced codes of a refused request. */
class Refused extends Error {}

async function auditRefusal(ctx: AppContext, clientIp: string | null, reason: string, now: Date): Promise<void> {
  await ctx.db
    .transaction()
    .execute((trx) =>
      ctx.audit.append(
        trx,
        { actor: null, action: 'auth.sms_code', outcome: 'denied', clientIp, details: { reason } },
        now,
      ),
    );
}
