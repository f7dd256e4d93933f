// SMS through the outbox on both databases: what residents, parties and staff receive, once per
// message and phone; TD stops everything but login codes; the demo's outbox and its refusals;
// template edits; the provider's signed callback.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';
import { RoutingAdapter, deliverDue, enqueue } from '../../platform/outbox/outbox.ts';
import { signParams } from './sms-signature.ts';
import { smsChannel, type SmsContacts } from './sms-channel.ts';

interface OutboxItem {
  id: number;
  phoneMasked: string;
  template: string;
  text: string;
  status: string;
  createdAt: string;
}

const quiet = () => undefined;

async function outbox(h: Harness, token: string): Promise<OutboxItem[]> {
  const res = await h.inject({ method: 'GET', url: '/api/v1/sms-outbox', token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: OutboxItem[] }).items;
}

async function send(
  h: Harness,
  message: Omit<Parameters<typeof enqueue>[1][number], 'payload'> & { payload?: Record<string, unknown> },
) {
  await h.ctx.db.transaction().execute((trx) => enqueue(trx, [{ payload: {}, ...message }], h.ctx.clock.now()));
}

describeEachDialect('SMS', (get) => {
  let admin = '';
  const contacts = (over: Partial<SmsContacts>): SmsContacts => ({
    reporter: () => Promise.resolve(null),
    party: () => Promise.resolve(null),
    challenge: () => Promise.resolve(null),
    membersOf: () => Promise.resolve(new Set()),
    ...over,
  });

  it('sends case.received with the number and tracking code, once, however often the outbox delivers', async () => {
    const h = get();
    admin = await h.login('admin');
    const built = await buildCase(h, { reporter: { name: '王五', phone: '13700001234' } });
    const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}`, token: admin });
    const { trackingCode } = detail.json() as { trackingCode: string };
    expect(trackingCode).toMatch(/^[0-9A-Z]{10,}$/);
    const deliver = () => deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    await deliver();
    // Delivered again (a process died after sending, before the router recorded it): nothing new.
    const row = await h.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('topic', '=', 'case.received')
      .where('recipient', '=', String(built.id))
      .executeTakeFirstOrThrow();
    await h.ctx.db.deleteFrom('outbox_delivery').where('outbox_id', '=', row.id).execute();
    await h.ctx.db.updateTable('outbox').set({ status: 'pending' }).where('id', '=', row.id).execute();
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const items = (await outbox(h, admin)).filter((i) => i.text.includes(built.number));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ phoneMasked: '137****1234', template: 'case_received', status: 'sent' });
    expect(items[0]!.text).toBe(
      `【某某县矛盾纠纷调处中心】您反映的问题已受理，编号${built.number}，查询码${trackingCode}。`,
    );
    // Sealed at rest, found by its blind index.
    const stored = await h.ctx.db
      .selectFrom('sms_message')
      .selectAll()
      .where('id', '=', items[0]!.id)
      .executeTakeFirstOrThrow();
    expect(stored.phone_enc).not.toContain('13700001234');
    expect(h.ctx.cipher.decrypt(stored.phone_enc)).toBe('13700001234');
    expect(stored.phone_hash).toBe(h.ctx.cipher.blindIndex('13700001234'));
  });

  it('sends case.resolved with a link to rate that carries the tracking code in a fragment', async () => {
    const h = get();
    const built = await buildCase(h, {
      reporter: { name: '赵六', phone: '13700005678' },
      status: 'resolved',
      lead: '370702001-dept-justice',
    });
    const { trackingCode } = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}`, token: admin })
    ).json() as { trackingCode: string };
    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const items = (await outbox(h, admin)).filter((i) => i.text.includes(built.number));
    expect(items.map((i) => i.template).sort()).toEqual(['case_received', 'case_resolved']);
    const resolved = items.find((i) => i.template === 'case_resolved')!;
    expect(resolved.phoneMasked).toBe('137****5678');
    expect(resolved.text).toContain(`${h.ctx.config.publicUrl}/m#track=${trackingCode}`);
    expect(resolved.text).not.toContain('13700005678');
  });

  it('stops everything but login codes to a phone that replied TD', async () => {
    const h = get();
    const phone = '13600002468';
    const channel = smsChannel(h.ctx, {
      contacts: contacts({
        reporter: (id) => Promise.resolve({ phone, number: `N-${id}`, trackingCode: 'TRACK23456' }),
        challenge: () => Promise.resolve({ phone, code: '482913' }),
      }),
    });
    const router = new RoutingAdapter(h.ctx.db, [channel]);
    await send(h, { topic: 'case.received', recipientType: 'reporter', recipient: 9001 });
    await deliverDue(h.ctx.db, router, h.ctx.clock.now());
    const [first] = await outbox(h, admin);
    expect(first?.status).toBe('sent');
    expect(first?.text).toContain('N-9001');

    // Anything but TD changes nothing; " td " stops the phone.
    const reply = (content: string) =>
      h.inject({ method: 'POST', url: `/api/v1/sms-outbox/${first!.id}/reply`, token: admin, payload: { content } });
    expect((await reply('好的谢谢')).json()).toEqual({ optedOut: false });
    expect((await reply(' td ')).json()).toEqual({ optedOut: true });

    await send(h, { topic: 'case.received', recipientType: 'reporter', recipient: 9002 });
    await send(h, { topic: 'auth.sms_code', recipientType: 'sms_challenge', recipient: 77 });
    expect(await deliverDue(h.ctx.db, router, h.ctx.clock.now())).toMatchObject({ sent: 2, failed: 0 });
    const items = await outbox(h, admin);
    expect(items.find((i) => i.text.includes('N-9002'))).toMatchObject({ status: 'skipped' });
    expect(items.find((i) => i.template === 'login_code')).toMatchObject({
      status: 'sent',
      text: '验证码482913，5分钟内有效。',
      phoneMasked: '136****2468',
    });
    // Skipped is final: the outbox does not retry it.
    const pending = await h.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('topic', '=', 'case.received')
      .execute();
    expect(pending).toEqual([]);
  });

  it('sends red cards to the staff of the unit who opted in, and to nobody else', async () => {
    const h = get();
    const centre = await h.unit('370702001-centre');
    const inUnit = await h.userWith('dispatcher', '370702001-centre');
    const elsewhere = await h.userWith('dispatcher', '370702002-centre');
    const put = (token: string, payload: Record<string, unknown>) =>
      h.inject({ method: 'PUT', url: '/api/v1/me/sms-subscriptions', token, payload });
    expect((await put(inUnit.token, { topics: ['case.red_card'] })).json()).toMatchObject({
      error: { code: 'SMS_PHONE_REQUIRED' },
    });
    const mine = await put(inUnit.token, { topics: ['case.red_card'], phone: '13511112222' });
    expect(mine.json()).toEqual({
      phoneMasked: '135****2222',
      topics: ['case.red_card'],
      available: ['case.red_card', 'case.yellow_card'],
    });
    expect((await put(elsewhere.token, { topics: ['case.red_card'], phone: '13533334444' })).statusCode).toBe(200);
    expect((await put(elsewhere.token, { topics: [], phone: '12345' })).statusCode).toBe(400);
    const got = await h.inject({ method: 'GET', url: '/api/v1/me/sms-subscriptions', token: inUnit.token });
    expect(got.json()).toMatchObject({ phoneMasked: '135****2222', topics: ['case.red_card'] });

    await send(h, {
      topic: 'case.red_card',
      recipientType: 'unit',
      recipient: centre.id,
      subjectType: 'case',
      subjectId: 1,
      payload: { number: 'RED-1', deadline: '2026-11-30T09:00:00.000Z' },
    });
    await send(h, {
      topic: 'case.yellow_card',
      recipientType: 'unit',
      recipient: centre.id,
      payload: { number: 'YEL-1' },
    });
    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const items = await outbox(h, admin);
    const red = items.filter((i) => i.text.includes('RED-1'));
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({ phoneMasked: '135****2222', template: 'red_card' });
    expect(red[0]!.text).toContain('2026年11月30日 17:00');
    // Nobody opted in to yellow cards.
    expect(items.filter((i) => i.text.includes('YEL-1'))).toEqual([]);
  });

  it('tells the parties with a phone when a hearing or a mediation session is scheduled', async () => {
    const h = get();
    const mediator = await h.login('mediator');
    const dispatcher = await h.login('dispatcher');
    const committee = await h.ctx.db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select('membership.unit_id')
      .where('app_user.username', '=', 'mediator')
      .executeTakeFirstOrThrow();
    const built = await buildCase(h, {
      kind: 'dispute',
      categoryCode: 'DSP.NEIGHBOUR',
      status: 'in_progress',
      lead: { id: committee.unit_id },
      acceptedBy: { token: mediator },
    });
    const file = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}/mediation`, token: mediator })
    ).json() as { id: number };
    for (const [name, phone] of [
      ['张三', '13800001111'],
      ['李四', undefined],
    ] as const) {
      const res = await h.inject({
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/parties`,
        token: mediator,
        payload: { role: phone ? 'applicant' : 'respondent', kind: 'person', name, ...(phone ? { phone } : {}) },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const scheduledAt = new Date(h.ctx.clock.now().getTime() + 48 * 3_600_000).toISOString();
    const hearing = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${built.id}/hearings`,
      token: dispatcher,
      payload: {
        title: '邻里通道堆物纠纷听证会',
        scheduledAt,
        place: '城关街道办事处三楼会议室',
        agenda: '一、陈述；二、评议',
        participants: [{ name: '居民代表', kind: 'resident' }],
      },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const session = await h.inject({
      method: 'POST',
      url: `/api/v1/mediations/${file.id}/session-notices`,
      token: mediator,
      payload: { scheduledAt, place: '调委会调解室' },
    });
    expect(session.statusCode, session.body).toBe(201);
    const past = await h.inject({
      method: 'POST',
      url: `/api/v1/mediations/${file.id}/session-notices`,
      token: mediator,
      payload: { scheduledAt: '2020-01-01T00:00:00Z', place: '调委会调解室' },
    });
    expect(past.statusCode).toBe(400);
    // The outbox carries the party's id, never the phone.
    const queued = await h.ctx.db
      .selectFrom('outbox')
      .select(['payload', 'recipient'])
      .where('recipient_type', '=', 'party')
      .execute();
    expect(queued).toHaveLength(2);
    expect(JSON.stringify(queued)).not.toContain('13800001111');

    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const items = (await outbox(h, admin)).filter((i) => i.text.includes(built.number));
    expect(items.map((i) => i.template).sort()).toEqual(['hearing_scheduled', 'mediation_session_scheduled']);
    for (const item of items) expect(item.phoneMasked).toBe('138****1111');
    expect(items.find((i) => i.template === 'hearing_scheduled')!.text).toContain('城关街道办事处三楼会议室');
    expect(items.find((i) => i.template === 'mediation_session_scheduled')!.text).toContain('调委会调解室');
  });

  it('lets the administrator edit a template, refusing a placeholder it cannot fill', async () => {
    const h = get();
    const list = await h.inject({ method: 'GET', url: '/api/v1/sms-templates', token: admin });
    expect(list.statusCode).toBe(200);
    const codes = (list.json() as { items: { code: string }[] }).items.map((t) => t.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'case_received',
        'case_resolved',
        'hearing_scheduled',
        'mediation_session_scheduled',
        'red_card',
        'login_code',
      ]),
    );

    const edit = (code: string, payload: Record<string, unknown>, token = admin) =>
      h.inject({ method: 'PUT', url: `/api/v1/sms-templates/${code}`, token, payload });
    const refused = await edit('login_code', { text: '验证码{code}，发给{phone}' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'SMS_TEMPLATE_PLACEHOLDER_UNKNOWN', details: { unknown: ['phone'], allowed: ['code'] } },
    });
    expect((refused.json() as { error: { message: string } }).error.message).toContain('{phone}');
    expect((await edit('login_code', { text: '验证码{code' })).statusCode).toBe(422);
    expect((await edit('no_such', { text: '你好' })).statusCode).toBe(404);
    const dispatcher = await h.login('dispatcher');
    expect((await edit('login_code', { text: '验证码{code}' }, dispatcher)).statusCode).toBe(403);

    const saved = await edit('login_code', {
      text: '您的验证码是{code}，5分钟内有效。',
      providerTemplateId: 'SMS_100001',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      code: 'login_code',
      providerTemplateId: 'SMS_100001',
      placeholders: ['code'],
    });
    const unchanged = await h.ctx.db
      .selectFrom('sms_template')
      .select('text_zh')
      .where('code', '=', 'login_code')
      .executeTakeFirstOrThrow();
    expect(unchanged.text_zh).toBe('您的验证码是{code}，5分钟内有效。');
  });

  it('shows the outbox to administrators only, and refuses a callback that is not signed', async () => {
    const h = get();
    const operator = await h.login('operator');
    expect((await h.inject({ method: 'GET', url: '/api/v1/sms-outbox', token: operator })).statusCode).toBe(403);
    expect((await h.inject({ method: 'GET', url: '/api/v1/sms-outbox' })).statusCode).toBe(401);
    // No provider configured: no callback can be genuine.
    const params: Record<string, string> = {
      PhoneNumber: '13600002468',
      Content: 'TD',
      AccessKeyId: 'id',
      Timestamp: h.ctx.clock.now().toISOString(),
      SignatureNonce: 'n1',
    };
    params.Signature = signParams('POST', params, 'secret');
    const res = await h.inject({ method: 'POST', url: '/api/v1/sms/inbound', payload: params });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'SMS_SIGNATURE_INVALID' } });
  });
});
