// Residents sign up and in by a code sent by SMS (issue 15): the code reaches the SMS channel only
// (smsChallengeMessage, once), signs in once, dies after five wrong tries or five minutes; asking
// is limited per phone and per client address; a new phone becomes one resident account, reused on
// every later sign-in; neither the phone nor the code appears in answers, the outbox or the audit log.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { smsChallengeMessage } from './index.ts';

interface ErrorJson {
  error: { code: string; message: string; details?: { retryAfterSeconds?: number; attemptsLeft?: number } };
}

let phoneSeq = 0;
/** A fresh mainland mobile per call, so tests never share a phone's limits. */
function newPhone(): string {
  phoneSeq += 1;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

const askCode = (get: () => Harness, phone: string, ip = '198.51.100.1') =>
  get().inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone }, remoteAddress: ip });

const signIn = (get: () => Harness, phone: string, code: string, ip = '198.51.100.1') =>
  get().inject({ method: 'POST', url: '/api/v1/auth/sms-login', payload: { phone, code }, remoteAddress: ip });

/** Asks a code and takes it the way the SMS channel does. */
async function codeFor(get: () => Harness, phone: string, ip?: string): Promise<string> {
  const res = await askCode(get, phone, ip);
  expect(res.statusCode, res.body).toBe(202);
  const challenge = await get()
    .ctx.db.selectFrom('sms_challenge')
    .select('id')
    .where('phone_hash', '=', get().ctx.cipher.blindIndex(phone))
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const message = await smsChallengeMessage(get().ctx, challenge.id);
  expect(message?.phone).toBe(phone);
  return message!.code;
}

function errorOf(res: LightMyRequestResponse): ErrorJson['error'] {
  return res.json<ErrorJson>().error;
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describeEachDialect('resident sign-up and sign-in by SMS code', (get) => {
  it('sends a code through the outbox, signs a new phone up once and reuses the account after', async () => {
    const h = get();
    const phone = newPhone();
    const sent = await askCode(get, phone, '198.51.100.10');
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });

    const challenge = await h.ctx.db
      .selectFrom('sms_challenge')
      .selectAll()
      .where('phone_hash', '=', h.ctx.cipher.blindIndex(phone))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(challenge)).not.toContain(phone);
    expect(challenge).toMatchObject({ attempts: 0, consumed_at: null, client: '198.51.100.10' });
    const outbox = await h.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'auth.sms_code')
      .where('recipient', '=', String(challenge.id))
      .executeTakeFirstOrThrow();
    expect(outbox.recipient_type).toBe('sms_challenge');

    // The channel takes the code once; the sealed copy is gone after.
    const message = await smsChallengeMessage(h.ctx, challenge.id);
    expect(message).toEqual({ phone, code: expect.stringMatching(/^\d{6}$/) as unknown });
    const code = message!.code;
    expect(JSON.stringify(outbox)).not.toContain(code);
    expect(challenge.code_hash).not.toContain(code);
    expect(await smsChallengeMessage(h.ctx, challenge.id)).toBeNull();
    const after = await h.ctx.db
      .selectFrom('sms_challenge')
      .select('code_enc')
      .where('id', '=', challenge.id)
      .executeTakeFirstOrThrow();
    expect(after.code_enc).toBeNull();

    const first = await signIn(get, phone, code, '198.51.100.10');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.body).not.toContain(phone);
    expect(first.body).not.toContain(code);
    const answer = first.json<{ token: string; user: { id: number; username: string; displayName: string } }>();
    expect(answer.user.displayName).toBe(`居民${phone.slice(-4)}`);
    expect(first.headers['set-cookie']).toContain('concord_session=');
    // The same code is good once.
    const again = await signIn(get, phone, code, '198.51.100.10');
    expect(errorOf(again).code).toBe('SMS_CODE_NOT_REQUESTED');

    const me = await h.inject({ method: 'GET', url: '/api/v1/me', token: answer.token });
    expect(me.statusCode, me.body).toBe(200);
    const county = await h.unit('370702');
    expect(me.json<{ memberships: unknown[] }>().memberships).toEqual([
      expect.objectContaining({ role: 'resident', unitId: county.id }),
    ]);

    h.clock.advance(61_000);
    const second = await signIn(get, phone, await codeFor(get, phone, '198.51.100.10'), '198.51.100.10');
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<{ user: { id: number } }>().user.id).toBe(answer.user.id);
    const accounts = await h.ctx.db
      .selectFrom('app_user')
      .select(['id', 'phone_enc'])
      .where('phone_hash', '=', h.ctx.cipher.blindIndex(phone))
      .execute();
    expect(accounts).toHaveLength(1);
    expect(h.ctx.cipher.decrypt(accounts[0]!.phone_enc!)).toBe(phone);

    // Audited: the code sent, the sign-up, both sign-ins — none with the phone or the code.
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('actor_user_id', '=', answer.user.id),
          eb.and([eb('subject_type', '=', 'sms_challenge'), eb('subject_id', '=', String(challenge.id))]),
        ]),
      )
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.sms_code', 'user.sign_up', 'auth.login', 'auth.login']),
    );
    const signUps = audit.filter((a) => a.action === 'user.sign_up');
    expect(signUps).toHaveLength(1);
    const written = JSON.stringify(audit);
    expect(written).not.toContain(phone);
    expect(written).not.toContain(phone.slice(-4) + '"');
    expect(written).not.toContain(code);
  });

  it('gives the resident’s reports the account’s phone, so SMS can reach them', async () => {
    const h = get();
    const phone = newPhone();
    const token = (await signIn(get, phone, await codeFor(get, phone, '198.51.100.11'), '198.51.100.11')).json<{
      token: string;
    }>().token;
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token,
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'web',
        description: '楼下烧烤店每天深夜噪音扰民，油烟很大，影响休息',
        unitId: (await h.unit('370702001001G01')).id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(phone);
    const row = await h.ctx.db
      .selectFrom('case_record')
      .select(['reporter_phone_hash', 'reporter_name'])
      .where('id', '=', created.json<{ id: number }>().id)
      .executeTakeFirstOrThrow();
    expect(row.reporter_phone_hash).toBe(h.ctx.cipher.blindIndex(phone));
    expect(row.reporter_name).toBe(`居民${phone.slice(-4)}`);
  });

  it('counts wrong codes: the fifth kills the code, the right one no longer signs in', async () => {
    const h = get();
    const phone = newPhone();
    const ip = '198.51.100.12';
    const code = await codeFor(get, phone, ip);
    const left: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signIn(get, phone, wrongCode(code), ip);
      expect(res.statusCode, res.body).toBe(401);
      expect(errorOf(res).code).toBe('SMS_CODE_WRONG');
      left.push(errorOf(res).details?.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await signIn(get, phone, wrongCode(code), ip);
    expect(errorOf(fifth).code).toBe('SMS_CODE_USED_UP');
    const right = await signIn(get, phone, code, ip);
    expect(right.statusCode).toBe(401);
    expect(errorOf(right).code).toBe('SMS_CODE_USED_UP');
    const account = await h.ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('phone_hash', '=', h.ctx.cipher.blindIndex(phone))
      .executeTakeFirst();
    expect(account).toBeUndefined();
    // A new code works again (after the minute between codes).
    h.clock.advance(61_000);
    const fresh = await signIn(get, phone, await codeFor(get, phone, ip), ip);
    expect(fresh.statusCode, fresh.body).toBe(200);
  });

  it('refuses an expired code, a replaced code, and a phone that asked for none', async () => {
    const h = get();
    const ip = '198.51.100.13';
    const phone = newPhone();
    const code = await codeFor(get, phone, ip);
    h.clock.advance(5 * 60_000 + 1000);
    const late = await signIn(get, phone, code, ip);
    expect(late.statusCode).toBe(401);
    expect(errorOf(late).code).toBe('SMS_CODE_EXPIRED');
    expect(errorOf(late).message).toContain('验证码已过期');

    const older = await codeFor(get, phone, ip);
    h.clock.advance(61_000);
    const newer = await codeFor(get, phone, ip);
    if (older !== newer) {
      const replaced = await signIn(get, phone, older, ip);
      expect(errorOf(replaced).code).toBe('SMS_CODE_WRONG');
    }
    expect((await signIn(get, phone, newer, ip)).statusCode).toBe(200);

    const never = await signIn(get, newPhone(), '123456', ip);
    expect(never.statusCode).toBe(401);
    expect(errorOf(never).code).toBe('SMS_CODE_NOT_REQUESTED');
  });

  it('limits codes per phone: one a minute, five an hour, with Retry-After', async () => {
    const h = get();
    const phone = newPhone();
    const ip = '198.51.100.14';
    expect((await askCode(get, phone, ip)).statusCode).toBe(202);
    h.clock.advance(20_000);
    const soon = await askCode(get, phone, ip);
    expect(soon.statusCode, soon.body).toBe(429);
    expect(errorOf(soon).code).toBe('SMS_CODE_RATE_LIMITED');
    expect(soon.headers['retry-after']).toBe('40');
    expect(errorOf(soon).details?.retryAfterSeconds).toBe(40);
    expect(errorOf(soon).message).toContain('请 1 分钟后再试');
    // The refused request left the earlier code alive.
    const open = await h.ctx.db
      .selectFrom('sms_challenge')
      .select('id')
      .where('phone_hash', '=', h.ctx.cipher.blindIndex(phone))
      .where('consumed_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);

    for (let i = 0; i < 4; i++) {
      h.clock.advance(60_000);
      const res = await askCode(get, phone, ip);
      expect(res.statusCode, res.body).toBe(202);
    }
    h.clock.advance(60_000);
    const sixth = await askCode(get, phone, ip);
    expect(sixth.statusCode, sixth.body).toBe(429);
    // The first of the five was asked 20 + 5 × 60 s ago: the hour ends 3,280 s from now.
    expect(sixth.headers['retry-after']).toBe(String(3600 - 320));
    expect(errorOf(sixth).message).toContain('请 55 分钟后再试');
    // Another phone from the same address is not held up.
    expect((await askCode(get, newPhone(), ip)).statusCode).toBe(202);
  });

  it('limits codes per client address, whatever the phones', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i++) {
      const res = await askCode(get, newPhone(), ip);
      expect(res.statusCode, res.body).toBe(202);
    }
    const over = await askCode(get, newPhone(), ip);
    expect(over.statusCode, over.body).toBe(429);
    expect(errorOf(over).code).toBe('SMS_CODE_RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not.
    expect((await askCode(get, newPhone(), '203.0.113.78')).statusCode).toBe(202);
  });

  it('refuses what is not a mainland mobile or a six-digit code, and creates nothing', async () => {
    const h = get();
    const before = await h.ctx.db
      .selectFrom('sms_challenge')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const phone of ['12345678901', '0536-8888888', '1381234567', 'abc', '']) {
      const res = await askCode(get, phone, '198.51.100.15');
      expect(res.statusCode, `${phone}: ${res.body}`).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    }
    const bad = await signIn(get, newPhone(), '12345', '198.51.100.15');
    expect(bad.statusCode).toBe(400);
    const after = await h.ctx.db
      .selectFrom('sms_challenge')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A number as people type it is accepted.
    const spaced = await askCode(get, '+86 137 0000 1234', '198.51.100.15');
    expect(spaced.statusCode, spaced.body).toBe(202);
  });

  it('refuses the right code for a disabled account', async () => {
    const h = get();
    const phone = newPhone();
    const ip = '198.51.100.16';
    const first = await signIn(get, phone, await codeFor(get, phone, ip), ip);
    const userId = first.json<{ user: { id: number } }>().user.id;
    await h.ctx.db.updateTable('app_user').set({ disabled: 1 }).where('id', '=', userId).execute();
    h.clock.advance(61_000);
    const refused = await signIn(get, phone, await codeFor(get, phone, ip), ip);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(errorOf(refused).code).toBe('ACCOUNT_DISABLED');
  });
});
