// 退订: a phone that replies TD (or 退订) receives nothing more but the login codes it asks for.
import type { AppContext } from '../../context.ts';

/** TD, td, " 退订 " … : the whole reply, trimmed, case-insensitive. */
export function isStopWord(content: string): boolean {
  const word = content.trim().toUpperCase();
  return word === 'TD' || word === '退订';
}

/** Mainland numbers as providers write them (+86 138…, 86138…, 138 1234 1234) → 13812341234. */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+/, '');
  return /^861[3-9]\d{9}$/.test(digits) ? digits.slice(2) : digits;
}

/** Records a reply; answers whether it stopped the phone (false: not a stop word). */
export async function handleReply(
  ctx: AppContext,
  phone: string,
  content: string,
  source: 'reply' | 'simulated',
): Promise<boolean> {
  if (!isStopWord(content)) return false;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sms_opt_out')
      .values({ phone_hash: ctx.cipher.blindIndex(normalisePhone(phone)), source, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('phone_hash').doNothing())
      .execute();
    // Who stopped is not written down in clear: the opt-out row holds only the blind index.
    await ctx.audit.append(
      trx,
      { actor: null, action: 'sms.opt_out', subjectType: 'sms_opt_out', subjectId: source, outcome: 'success' },
      now,
    );
  });
  return true;
}
