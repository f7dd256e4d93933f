// Access-matrix rows: SMS (issue 15) — the demo's outbox, templates, a staff member's own alerts,
// and the notice of a mediation session to the parties. The provider's callback is public (signed).
import { anywhere, refusedToAll, workFile, type Fixture, type Row } from './expectations.ts';
import { hoursFromNow, newFile } from './fixtures.ts';

/** One message in the demo's SMS outbox to reply to. */
async function newSmsMessage(f: Fixture): Promise<number> {
  const { cipher, clock } = f.h.ctx;
  const row = await f.h.ctx.db
    .insertInto('sms_message')
    .values({
      outbox_id: null,
      phone_enc: cipher.encrypt('13700009999'),
      phone_hash: cipher.blindIndex('13700009999'),
      phone_masked: '137****9999',
      template_code: 'case_received',
      text: '您反映的问题已受理',
      status: 'sent',
      gateway: 'local',
      provider_message_id: null,
      created_at: clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const SMS_ROWS: Record<string, Row> = {
  // The matrix runs in demo mode: the outbox exists; administrators read it wherever they work.
  'GET /api/v1/sms-outbox': {
    build: () => ({ method: 'GET', url: '/api/v1/sms-outbox' }),
    access: anywhere('sms:manage'),
  },
  'POST /api/v1/sms-outbox/:id/reply': {
    build: async (f) => ({
      method: 'POST',
      url: `/api/v1/sms-outbox/${await newSmsMessage(f)}/reply`,
      payload: { content: '收到' },
    }),
    access: anywhere('sms:manage'),
  },
  'GET /api/v1/sms-templates': {
    build: () => ({ method: 'GET', url: '/api/v1/sms-templates' }),
    access: anywhere('sms:manage'),
  },
  // The templates serve the whole province: the matrix's administrator (a township centre's) is refused.
  'PUT /api/v1/sms-templates/:code': {
    build: () => ({
      method: 'PUT',
      url: '/api/v1/sms-templates/login_code',
      payload: { text: '验证码{code}，5分钟内有效。' },
    }),
    access: refusedToAll('sms:manage'),
  },
  'GET /api/v1/me/sms-subscriptions': {
    build: () => ({ method: 'GET', url: '/api/v1/me/sms-subscriptions' }),
    access: anywhere('sms:subscribe'),
  },
  'PUT /api/v1/me/sms-subscriptions': {
    build: () => ({ method: 'PUT', url: '/api/v1/me/sms-subscriptions', payload: { topics: [] } }),
    access: anywhere('sms:subscribe'),
  },
  'POST /api/v1/mediations/:id/session-notices': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/session-notices`,
      payload: { scheduledAt: hoursFromNow(f, 24).toISOString(), place: '城关街道人民调解室' },
    }),
    access: workFile(201),
  },
};
