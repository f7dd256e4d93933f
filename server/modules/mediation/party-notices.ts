// SMS notices to a dispute's parties (issue 15): a hearing or a mediation session is scheduled.
// The outbox message names the party by id; the SMS channel looks the phone up when sending.
import type { Trx } from '../../context.ts';
import { enqueue, type OutboxMessage } from '../../platform/outbox/outbox.ts';

export type PartyNoticeTopic = 'hearing.scheduled' | 'mediation.session_scheduled';

/** Enqueues one notice per party of the case's mediation file who gave a phone; answers how many. */
export async function notifyParties(
  trx: Trx,
  caseId: number,
  notice: {
    topic: PartyNoticeTopic;
    subjectType: 'hearing' | 'mediation_file';
    subjectId: number;
    /** The case number, the time and the place: what the SMS says (no personal data). */
    payload: { number: string; scheduledAt: string; place: string };
  },
  now: Date,
): Promise<number> {
  const parties = await trx
    .selectFrom('mediation_party')
    .innerJoin('mediation_file', 'mediation_file.id', 'mediation_party.file_id')
    .select('mediation_party.id')
    .where('mediation_file.case_id', '=', caseId)
    .where('mediation_party.phone_enc', 'is not', null)
    .orderBy('mediation_party.id')
    .execute();
  const messages: OutboxMessage[] = parties.map((p) => ({
    topic: notice.topic,
    recipientType: 'party',
    recipient: p.id,
    subjectType: notice.subjectType,
    subjectId: notice.subjectId,
    payload: notice.payload,
  }));
  await enqueue(trx, messages, now);
  return messages.length;
}
