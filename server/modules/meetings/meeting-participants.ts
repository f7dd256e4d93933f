// A meeting's participants as given (staff accounts by id; outside people by name, role and phone),
// checked and sealed; and the notices that tell them (staff: their inbox; outside people with a
// phone: an SMS), written to the outbox in the caller's transaction. Payloads carry no personal
// data: the SMS channel looks the phone and the meeting up when sending (meetingParticipantContact).
import type { AppContext, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isValidPhone } from '../../platform/crypto/personal-data.ts';
import { enqueue, type OutboxMessage } from '../../platform/outbox/outbox.ts';
import { activeUsersWithRoles, userNames } from '../auth/index.ts';
import { rolesWith } from '../../../common/powers.ts';
import type { NewParticipant, ParticipantRow } from './meetings.repository.ts';

export type ParticipantInput =
  | { userId: number; role?: string | undefined }
  | { name: string; role?: string | undefined; phone?: string | undefined };

export type MeetingNoticeTopic = 'meeting.scheduled' | 'meeting.rescheduled' | 'meeting.cancelled';

const refused = (index: number, message: string) =>
  new AppError('MEETING_PARTICIPANT_INVALID', undefined, { field: `participants/${index}`, message });

/** "138 0000-1111" → "13800001111"; landlines keep their dash. */
export function normalisedPhone(phone: string): string {
  const plain = phone.replace(/[\s()]/g, '');
  return /^1\d{3}-?\d{3,4}-?\d{3,4}$/.test(plain) ? plain.replace(/-/g, '') : plain;
}

/** Checks and seals the participants; staff named by their account's display name. */
export async function prepareParticipants(
  ctx: AppContext,
  db: Trx | AppContext['db'],
  inputs: readonly ParticipantInput[],
  already: readonly ParticipantRow[] = [],
): Promise<NewParticipant[]> {
  const staffIds = inputs.flatMap((p) => ('userId' in p ? [p.userId] : []));
  const active = new Set(await activeUsersWithRoles(db, staffIds, rolesWith('meeting:read')));
  const names = await userNames(db, staffIds);
  const seenUsers = new Set(already.flatMap((p) => (p.userId === null ? [] : [p.userId])));
  const seenPeople = new Set(already.filter((p) => p.userId === null).map((p) => p.name));
  return inputs.map((p, i) => {
    const role = p.role?.trim() || null;
    if ('userId' in p) {
      if (!active.has(p.userId)) throw refused(i, '不是有效的工作人员账号 / Not an active staff account');
      if (seenUsers.has(p.userId)) throw refused(i, '重复的参会人员 / Listed twice');
      seenUsers.add(p.userId);
      return { userId: p.userId, name: names.get(p.userId) ?? '', role, phoneEnc: null };
    }
    const name = p.name.trim();
    if (!name) throw refused(i, '请填写姓名 / Name required');
    if (seenPeople.has(name)) throw refused(i, '重复的参会人员 / Listed twice');
    seenPeople.add(name);
    const phone = p.phone === undefined || p.phone.trim() === '' ? null : normalisedPhone(p.phone);
    if (phone !== null && !isValidPhone(phone)) throw refused(i, '手机号码格式有误 / Invalid phone number');
    return { userId: null, name, role, phoneEnc: phone === null ? null : ctx.cipher.encrypt(phone) };
  });
}

/** One notice per staff participant (inbox) and per outside participant with a phone (SMS). */
export async function notifyParticipants(
  trx: Trx,
  meeting: { id: number; kind: string; scheduledAt: string },
  participants: readonly Pick<ParticipantRow, 'id' | 'userId' | 'phoneEnc'>[],
  topic: MeetingNoticeTopic,
  now: Date,
): Promise<number> {
  const payload = { kind: meeting.kind, scheduledAt: meeting.scheduledAt };
  const messages: OutboxMessage[] = participants.flatMap((p): OutboxMessage[] => {
    if (p.userId !== null)
      return [
        { topic, recipientType: 'user', recipient: p.userId, subjectType: 'meeting', subjectId: meeting.id, payload },
      ];
    // An SMS to an outside person who gave a phone: what, when and where (looked up when sending).
    if (p.phoneEnc !== null)
      return [
        {
          topic,
          recipientType: 'meeting_participant',
          recipient: p.id,
          subjectType: 'meeting',
          subjectId: meeting.id,
          payload,
        },
      ];
    return [];
  });
  await enqueue(trx, messages, now);
  return messages.length;
}
