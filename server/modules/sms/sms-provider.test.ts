// The HTTP provider adapter against a local server that checks the signature as the provider
// does: a signed SendSms with the template id and its parameters; a provider that refuses makes
// the outbox retry with backoff and end in a dead letter; the provider's signed callback stops a
// phone (403 for a wrong signature). Outside demo mode the SMS outbox does not exist.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { enqueue, MAX_ATTEMPTS } from '../../platform/outbox/outbox.ts';
import { signParams, verifySignedParams } from './sms-signature.ts';

const SECRET = 'provider-secret-for-tests';
const KEY_ID = 'LTAI-test';

interface Received {
  params: Record<string, string>;
  signatureOk: boolean;
}
const received: Received[] = [];
let refuse = false;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const provider = createServer((request, response) => {
  void bodyOf(request).then((body) => {
    const params = Object.fromEntries(new URLSearchParams(body));
    const signatureOk = verifySignedParams('POST', params, SECRET) && params.AccessKeyId === KEY_ID;
    received.push({ params, signatureOk });
    response.setHeader('content-type', 'application/json');
    if (!signatureOk) {
      response.end(JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'bad signature' }));
    } else if (refuse) {
      response.statusCode = 503;
      response.end(JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: 'busy' }));
    } else {
      response.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${received.length}`, RequestId: 'r' }));
    }
  });
});
await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
const port = (provider.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));

async function enqueueLoginCode(h: Harness, id: number) {
  await h.ctx.db
    .transaction()
    .execute((trx) =>
      enqueue(
        trx,
        [{ topic: 'auth.sms_code', recipientType: 'sms_challenge', recipient: id, payload: {} }],
        h.ctx.clock.now(),
      ),
    );
}

describeEachDialect(
  'SMS through an HTTP provider',
  (get) => {
    it('signs SendSms as the provider checks it, and a provider that refuses leaves a dead letter', async () => {
      const h = get();
      received.length = 0;
      const admin = await h.login('admin');
      // Red cards to a subscriber exercise the whole path through the configured gateway.
      const me = await h.userWith('dispatcher', '370702001-centre');
      await h.inject({
        method: 'PUT',
        url: '/api/v1/me/sms-subscriptions',
        token: me.token,
        payload: { topics: ['case.red_card'], phone: '13912345678' },
      });
      const centre = await h.unit('370702001-centre');
      const redCard = () =>
        h.ctx.db.transaction().execute((trx) =>
          enqueue(
            trx,
            [
              {
                topic: 'case.red_card',
                recipientType: 'unit',
                recipient: centre.id,
                payload: { number: 'P-1', deadline: '2026-11-30T09:00:00Z' },
              },
            ],
            h.ctx.clock.now(),
          ),
        );
      // Without a provider template id nothing can be sent: retried, not lost.
      await redCard();
      expect(
        await deliverNotifications(
          h.ctx,
          notificationRouter(h.ctx, () => undefined),
        ),
      ).toMatchObject({ failed: 1 });
      expect(received).toHaveLength(0);

      const edit = await h.inject({
        method: 'PUT',
        url: '/api/v1/sms-templates/red_card',
        token: admin,
        payload: { text: '红牌：事件{number}已超时（{deadline}）。', providerTemplateId: 'SMS_2001' },
      });
      expect(edit.statusCode, edit.body).toBe(200);
      h.clock.advance(120_000);
      expect(
        await deliverNotifications(
          h.ctx,
          notificationRouter(h.ctx, () => undefined),
        ),
      ).toMatchObject({ sent: 1 });
      expect(received).toHaveLength(1);
      const [first] = received;
      expect(first!.signatureOk).toBe(true);
      expect(first!.params).toMatchObject({
        Action: 'SendSms',
        PhoneNumbers: '13912345678',
        SignName: '测试签名',
        TemplateCode: 'SMS_2001',
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
      });
      expect(JSON.parse(first!.params.TemplateParam!)).toEqual({ number: 'P-1', deadline: '2026年11月30日 17:00' });
      const stored = await h.ctx.db.selectFrom('sms_message').selectAll().executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ gateway: 'http', provider_message_id: 'biz-1', status: 'sent' });

      // The provider refuses every attempt: backoff, then a dead letter the notifications page lists.
      refuse = true;
      await redCard();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await deliverNotifications(
          h.ctx,
          notificationRouter(h.ctx, () => undefined),
        );
        h.clock.advance(3_600_000);
      }
      refuse = false;
      // Hours have passed on the clock: a fresh session.
      const dead = await h.inject({
        method: 'GET',
        url: '/api/v1/notifications?status=dead',
        token: await h.login('admin'),
      });
      expect(dead.statusCode, dead.body).toBe(200);
      const letters = (dead.json() as { items: { topic: string; lastError: string }[] }).items;
      expect(letters.find((l) => l.topic === 'case.red_card')?.lastError).toContain('isv.BUSINESS_LIMIT_CONTROL');
      expect(JSON.stringify(letters)).not.toContain('13912345678');
    });

    it('takes a signed TD reply from the provider and refuses a wrong signature', async () => {
      const h = get();
      const callback = (over: Record<string, string> = {}, secret = SECRET) => {
        const params: Record<string, string> = {
          PhoneNumber: '+8613912345678',
          Content: ' 退订 ',
          AccessKeyId: KEY_ID,
          Timestamp: h.ctx.clock.now().toISOString(),
          SignatureNonce: `n-${Math.random()}`,
          ...over,
        };
        params.Signature = signParams('POST', params, secret);
        return h.inject({ method: 'POST', url: '/api/v1/sms/inbound', payload: params });
      };
      expect((await callback({}, 'wrong-secret')).statusCode).toBe(403);
      expect((await callback({ AccessKeyId: 'someone-else' })).statusCode).toBe(403);
      expect((await callback({ Timestamp: '2020-01-01T00:00:00Z' })).statusCode).toBe(403);
      const ok = await callback();
      expect(ok.json()).toEqual({ ok: true, optedOut: true });
      const rows = await h.ctx.db.selectFrom('sms_opt_out').selectAll().execute();
      expect(rows.map((r) => r.phone_hash)).toEqual([h.ctx.cipher.blindIndex('13912345678')]);

      // A login code still goes; it is not kept readable when sent for real.
      const before = received.length;
      await h.inject({
        method: 'PUT',
        url: '/api/v1/sms-templates/login_code',
        token: await h.login('admin'),
        payload: { text: '验证码{code}，5分钟内有效。', providerTemplateId: 'SMS_1000' },
      });
      await enqueueLoginCode(h, 1);
      await deliverNotifications(
        h.ctx,
        notificationRouter(h.ctx, () => undefined),
      );
      // No challenge 1 exists (auth answers null): nothing to send, nothing recorded.
      expect(received.length).toBe(before);
    });
  },
  {
    config: {
      smsProvider: {
        url: `http://127.0.0.1:${port}/`,
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        signName: '测试签名',
      },
      publicUrl: 'https://concord.example.gov.cn',
    },
  },
);

describeEachDialect(
  'the SMS outbox outside demo mode',
  (get) => {
    it('does not exist', async () => {
      const h = get();
      const operator = await h.userWith('operator', '370702-centre');
      const res = await h.inject({ method: 'GET', url: '/api/v1/sms-outbox', token: operator.token });
      expect(res.statusCode).toBe(404);
      const reply = await h.inject({
        method: 'POST',
        url: '/api/v1/sms-outbox/1/reply',
        token: operator.token,
        payload: { content: 'TD' },
      });
      expect(reply.statusCode).toBe(404);
    });
  },
  { config: { mode: 'production' } },
);
