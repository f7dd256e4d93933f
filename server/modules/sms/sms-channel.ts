// The SMS channel of the outbox (server/notifications.ts): which messages become text messages,
// to which phones (looked up when sending: payloads carry no personal data), with which template.
// Each (message, phone) is sent once: a second delivery of the same outbox message finds its
// sms_message row and sends nothing. A phone that replied TD is skipped (recorded, not retried),
// except for login codes, which the phone's owner has just asked for.
import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import type { DeliveredMessage, NotificationChannel } from '../../platform/outbox/outbox.ts';
import { accountPhone, activeMembers, smsChallengeMessage } from '../auth/index.ts';
import { reporterContact } from '../cases/index.ts';
import { partyContact } from '../mediation/index.ts';
import { cadreContact } from '../workforce/index.ts';
import { meetingParticipantContact } from '../meetings/index.ts';
import { ROLES } from '../../../common/roles.ts';
import { gatewayFor, type SmsGateway } from './sms-gateway.ts';
import { alreadyHandled, findTemplate, insertMessage, isOptedOut, subscribersOf } from './sms.repository.ts';
import { renderTemplate, type SmsTemplateCode } from '../../../common/sms-templates.ts';
import { normalisePhone } from './opt-out.ts';

/** Topics each recipient type may receive by SMS, and the template of each. */
const TEMPLATE_OF: Record<string, Record<string, SmsTemplateCode>> = {
  reporter: { 'case.received': 'case_received', 'case.resolved': 'case_resolved' },
  party: { 'hearing.scheduled': 'hearing_scheduled', 'mediation.session_scheduled': 'mediation_session_scheduled' },
  sms_challenge: { 'auth.sms_code': 'login_code' },
  // The sweeper's cards go to units; staff of the unit who opted in get them by SMS.
  unit: { 'case.red_card': 'red_card', 'case.yellow_card': 'yellow_card' },
  // A grid's cadres have no account (ADR 0030): a task for them, a whistle that calls them in.
  cadre: { 'grid_task.assigned': 'cadre_task', 'case.whistled': 'cadre_whistle' },
  // A meeting's outside participants (issue 19 §2): told of it, of a new time or place, of its cancellation.
  meeting_participant: {
    'meeting.scheduled': 'meeting_scheduled',
    'meeting.rescheduled': 'meeting_rescheduled',
    'meeting.cancelled': 'meeting_cancelled',
  },
  // An urgent notice of a township or village (issue 19 §7) to each resident account with a phone.
  user: { 'notice.urgent': 'notice_urgent' },
};

/** Topics staff may opt in to (GET/PUT /api/v1/me/sms-subscriptions). */
export const STAFF_SMS_TOPICS = ['case.red_card', 'case.yellow_card'] as const;
export type StaffSmsTopic = (typeof STAFF_SMS_TOPICS)[number];

interface Recipient {
  phone: string;
  params: Record<string, string>;
}

/** Where the channel finds phones; tests may stand in for any of them. */
export interface SmsContacts {
  reporter(caseId: number): Promise<{ phone: string | null; number: string; trackingCode: string } | null>;
  party(partyId: number): Promise<{ phone: string | null } | null>;
  challenge(id: number): Promise<{ phone: string; code: string } | null>;
  /** A grid cadre's phone (workforce's, when a test leaves it out). */
  cadre?(cadreId: number): Promise<{ phone: string | null } | null>;
  /** Of `userIds`, those holding a membership at the unit. */
  membersOf(unitId: number, userIds: number[]): Promise<Set<number>>;
}

export function contactsOf(ctx: AppContext): SmsContacts {
  return {
    reporter: async (caseId) => {
      const contact = await reporterContact(ctx, caseId);
      return contact && { phone: contact.phone, number: contact.number, trackingCode: contact.trackingCode };
    },
    party: (partyId) => partyContact(ctx, partyId),
    cadre: (cadreId) => cadreContact(ctx, cadreId),
    // Auth hands the code over once and forgets it: a second delivery finds nothing to send.
    challenge: (id) => smsChallengeMessage(ctx, id),
    membersOf: async (unitId, userIds) => {
      const members = new Set<number>();
      for (const role of ROLES) {
        for (const id of await activeMembers(ctx.db, { unitId, role, userIds })) members.add(id);
      }
      return members;
    },
  };
}

/** 2026-12-10T01:30:00Z → 2026年12月10日 09:30 (China Standard Time, which has no summer time). */
export function chinaTime(iso: string): string {
  const date = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日 ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

async function recipientsOf(ctx: AppContext, contacts: SmsContacts, message: DeliveredMessage): Promise<Recipient[]> {
  const id = Number(message.recipient);
  if (!Number.isSafeInteger(id)) return [];
  const payload = message.payload;
  switch (message.recipientType) {
    case 'reporter': {
      const contact = await contacts.reporter(id);
      if (!contact?.phone) return [];
      const params: Record<string, string> = { number: contact.number, trackingCode: contact.trackingCode };
      // A fragment, never a query: the tracking code stays out of server logs and Referer headers.
      if (message.topic === 'case.resolved') params.link = `${ctx.config.publicUrl}/m#track=${contact.trackingCode}`;
      return [{ phone: contact.phone, params }];
    }
    case 'party': {
      const contact = await contacts.party(id);
      if (!contact?.phone) return [];
      return [
        {
          phone: contact.phone,
          params: {
            number: text(payload.number),
            time: chinaTime(text(payload.scheduledAt)),
            place: text(payload.place),
          },
        },
      ];
    }
    case 'sms_challenge': {
      const challenge = await contacts.challenge(id);
      return challenge ? [{ phone: challenge.phone, params: { code: challenge.code } }] : [];
    }
    case 'cadre': {
      const contact = await (contacts.cadre ? contacts.cadre(id) : cadreContact(ctx, id));
      if (!contact?.phone) return [];
      const params: Record<string, string> =
        message.topic === 'case.whistled'
          ? {
              grid: text(payload.grid),
              number: text(payload.number),
              deadline: text(payload.deadline) ? chinaTime(text(payload.deadline)) : '',
            }
          : { grid: text(payload.grid), kind: text(payload.kind), due: text(payload.due) };
      return [{ phone: contact.phone, params }];
    }
    case 'user': {
      const phone = await accountPhone(ctx, id);
      if (!phone) return [];
      return [{ phone, params: { unit: text(payload.unit), title: text(payload.title) } }];
    }
    case 'unit': {
      const subscribers = await subscribersOf(ctx.db, message.topic);
      if (subscribers.length === 0) return [];
      const members = await contacts.membersOf(
        id,
        subscribers.map((s) => s.user_id),
      );
      const deadline = text(payload.deadline);
      return subscribers
        .filter((s) => members.has(s.user_id))
        .map((s) => ({
          phone: ctx.cipher.decrypt(s.phone_enc),
          params: { number: text(payload.number), deadline: deadline ? chinaTime(deadline) : '' },
        }));
    }
    case 'meeting_participant': {
      const contact = await meetingParticipantContact(ctx, id);
      if (!contact?.phone) return [];
      return [
        {
          phone: contact.phone,
          params: {
            kind: contact.kind,
            title: contact.title,
            time: chinaTime(contact.scheduledAt),
            place: contact.place,
          },
        },
      ];
    }
    default:
      return [];
  }
}

export function smsChannel(
  ctx: AppContext,
  options: { gateway?: SmsGateway; contacts?: SmsContacts } = {},
): NotificationChannel {
  const gateway = options.gateway ?? gatewayFor(ctx.config.smsProvider, () => ctx.clock.now());
  const contacts = options.contacts ?? contactsOf(ctx);
  return {
    name: 'sms',
    accepts: (message) => TEMPLATE_OF[message.recipientType]?.[message.topic] !== undefined,
    async deliver(message) {
      const code = TEMPLATE_OF[message.recipientType]?.[message.topic];
      if (!code) return;
      const template = await findTemplate(ctx.db, code);
      if (!template) throw new Error(`no SMS template ${code}`);
      const recipients = await recipientsOf(ctx, contacts, message);
      // Several staff may share a phone: one text each.
      const seen = new Set<string>();
      for (const recipient of recipients) {
        const phone = normalisePhone(recipient.phone);
        const phoneHash = ctx.cipher.blindIndex(phone);
        if (seen.has(phoneHash)) continue;
        seen.add(phoneHash);
        if (await alreadyHandled(ctx.db, message.id, phoneHash)) continue;
        const body = renderTemplate(template.text_zh, recipient.params);
        const skipped = code !== 'login_code' && (await isOptedOut(ctx.db, phoneHash));
        const providerId = skipped
          ? null
          : await gateway.send(phone, body, {
              templateCode: code,
              providerTemplateId: template.provider_template_id,
              params: recipient.params,
            });
        await insertMessage(ctx.db, {
          outbox_id: message.id,
          phone_enc: ctx.cipher.encrypt(phone),
          phone_hash: phoneHash,
          phone_masked: maskPhone(phone),
          template_code: code,
          // A login code sent for real is not kept readable: only the local gateway's outbox shows it.
          text:
            code === 'login_code' && gateway.name !== 'local'
              ? renderTemplate(template.text_zh, { code: '******' })
              : body,
          status: skipped ? 'skipped' : 'sent',
          gateway: gateway.name,
          provider_message_id: providerId,
          created_at: ctx.clock.now().toISOString(),
        });
      }
    },
  };
}
