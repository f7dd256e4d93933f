// Refused requests on protected records as security events (issue 13, item 10): one account that
// keeps hitting 404s and 403s is walking ids or probing powers. Each refusal is counted per actor
// in the database; past 20 in a 10-minute window the administrators over that account hear of it
// once: an audit row `security.alert` and an outbox message to each of them.
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/harness.ts';
import { buildUser, type BuiltUser } from './support/factories.ts';

const PASSWORD = 'Refusal-test-4821';
const WINDOW_MS = 10 * 60_000;

describeEachDialect('refused requests as security events', (get) => {
  const alertsAbout = (user: BuiltUser) =>
    get()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'security.alert')
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', String(user.id))
      .orderBy('seq')
      .execute();
  const messagesAbout = (user: BuiltUser) =>
    get()
      .ctx.db.selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'security.alert')
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', String(user.id))
      .orderBy('id')
      .execute();

  /** `n` refusals: a walk over case ids that do not exist (404), then account lists it may not read (403). */
  async function refuse(user: { token: string }, n: number, from = 0) {
    for (let i = 0; i < n; i++) {
      const res =
        i % 3 === 2
          ? await get().inject({ method: 'GET', url: '/api/v1/users', token: user.token })
          : await get().inject({ method: 'GET', url: `/api/v1/cases/${900_000 + from + i}`, token: user.token });
      expect([403, 404], res.body).toContain(res.statusCode);
    }
  }

  it('alerts the administrators over an account on its 21st refusal in 10 minutes, once', async () => {
    const h = get();
    // A fresh window: 10 minutes from its start.
    h.clock.set(new Date(Math.ceil(h.clock.now().getTime() / WINDOW_MS) * WINDOW_MS));
    const prober = await buildUser(h, { role: 'department', unit: '370702001-dept-justice', password: PASSWORD });
    const townshipAdmin = await buildUser(h, { role: 'admin', unit: '370702001-centre', password: PASSWORD });
    const otherAdmin = await buildUser(h, { role: 'admin', unit: '370702002-centre', password: PASSWORD });
    const provinceAdmin = await h.ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();

    await refuse(prober, 20);
    // Successful requests are not refusals.
    for (let i = 0; i < 5; i++) {
      expect((await h.inject({ method: 'GET', url: '/api/v1/me', token: prober.token })).statusCode).toBe(200);
    }
    expect(await alertsAbout(prober)).toEqual([]);
    expect(await messagesAbout(prober)).toEqual([]);

    await refuse(prober, 1, 20);
    const alerts = await alertsAbout(prober);
    expect(alerts).toHaveLength(1);
    // Raised by the system about the account, not by the account itself.
    expect(alerts[0]).toMatchObject({ actor_user_id: null, outcome: 'success' });
    expect(JSON.parse(alerts[0]!.details!)).toMatchObject({
      username: prober.username,
      refusals: 21,
      threshold: 20,
      windowMinutes: 10,
    });
    const recipients = (await messagesAbout(prober)).map((m) => [m.recipient_type, Number(m.recipient)]);
    expect(recipients).toContainEqual(['user', townshipAdmin.id]);
    expect(recipients).toContainEqual(['user', provinceAdmin.id]);
    expect(recipients).not.toContainEqual(['user', otherAdmin.id]);
    expect(recipients.every(([type]) => type === 'user')).toBe(true);

    // More refusals in the same window: no second alert.
    await refuse(prober, 15, 21);
    expect(await alertsAbout(prober)).toHaveLength(1);
    // Another account's refusals are its own.
    const other = await buildUser(h, { role: 'department', unit: '370702001-dept-justice', password: PASSWORD });
    await refuse(other, 20);
    expect(await alertsAbout(other)).toEqual([]);

    // The next window counts afresh and alerts again past the threshold.
    h.clock.advance(WINDOW_MS);
    await refuse(prober, 20, 40);
    expect(await alertsAbout(prober)).toHaveLength(1);
    await refuse(prober, 1, 60);
    expect(await alertsAbout(prober)).toHaveLength(2);
  });
});
