// Whom a reporter notice goes to (issue 15): the outbox carries only the case id, and the channel
// that sends (SMS) asks here when it sends. The phone is decrypted for that send only; nothing here
// is logged or stored.
import type { AppContext } from '../../context.ts';

export interface ReporterContact {
  phone: string | null;
  name: string | null;
  number: string;
  trackingCode: string;
}

/** For notification channels only: the reporter's phone in clear, or null when none was given. */
export async function reporterContact(ctx: AppContext, caseId: number): Promise<ReporterContact | null> {
  const row = await ctx.db
    .selectFrom('case_record')
    .select(['number', 'tracking_code', 'reporter_name', 'reporter_phone_enc'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    phone: row.reporter_phone_enc ? ctx.cipher.decrypt(row.reporter_phone_enc) : null,
    name: row.reporter_name,
    number: row.number,
    trackingCode: row.tracking_code,
  };
}
