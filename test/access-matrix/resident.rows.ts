// Access-matrix rows: residents signing up and in by SMS code, and the categories a report without
// an account may have (issue 15). These routes are public:
// every role and anonymous callers get the same answer; each request uses a phone of its own and
// an address of its own, so no request meets another's rate limit.
import { smsChallengeMessage } from '../../server/modules/auth/index.ts';
import { open, type Fixture, type Row } from './expectations.ts';

let sequence = 0;
/** A mobile no other request of this run has used, and a documentation address (RFC 5737) for it. */
function freshCaller(): { phone: string; remoteAddress: string } {
  sequence += 1;
  return {
    phone: `137${String(process.pid % 10000).padStart(4, '0')}${String(sequence).padStart(4, '0')}`,
    remoteAddress: `192.0.2.${sequence % 250}`,
  };
}

/** A code asked for and taken as the SMS channel takes it: what a resident types in. */
async function codeSent(f: Fixture, phone: string, remoteAddress: string): Promise<string> {
  const res = await f.h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone }, remoteAddress });
  if (res.statusCode !== 202) throw new Error(`sms-code: ${res.statusCode} ${res.body}`);
  const challenge = await f.h.ctx.db
    .selectFrom('sms_challenge')
    .select('id')
    .where('phone_hash', '=', f.h.ctx.cipher.blindIndex(phone))
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const message = await smsChallengeMessage(f.h.ctx, challenge.id);
  if (!message) throw new Error('no code to send');
  return message.code;
}

export const RESIDENT_ROWS: Record<string, Row> = {
  'GET /api/v1/public/categories': {
    build: () => ({ method: 'GET', url: '/api/v1/public/categories' }),
    anonymous: true,
    access: open(200),
  },
  'POST /api/v1/auth/sms-code': {
    build: () => {
      const { phone, remoteAddress } = freshCaller();
      return { method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone }, remoteAddress };
    },
    anonymous: true,
    access: open(202),
  },
  'POST /api/v1/auth/sms-login': {
    build: async (f) => {
      const { phone, remoteAddress } = freshCaller();
      const code = await codeSent(f, phone, remoteAddress);
      return { method: 'POST', url: '/api/v1/auth/sms-login', payload: { phone, code }, remoteAddress };
    },
    anonymous: true,
    access: open(200),
  },
};
