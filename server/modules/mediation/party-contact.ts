// A mediation party's phone, for the SMS channel only (issue 15): decrypted when a notice is sent,
// never carried in an outbox payload.
import type { AppContext } from '../../context.ts';

export async function partyContact(ctx: AppContext, partyId: number): Promise<{ phone: string | null } | null> {
  const row = await ctx.db
    .selectFrom('mediation_party')
    .select('phone_enc')
    .where('id', '=', partyId)
    .executeTakeFirst();
  if (!row) return null;
  return { phone: row.phone_enc === null ? null : ctx.cipher.decrypt(row.phone_enc) };
}
