// What a resident may send to intake (issue 13, item 10): only the channels a resident really
// uses, and at most so many reports an hour from one account and from one client address, so a
// script cannot flood a centre's triage queue. Staff record what the phone and the window bring.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

/** Long and uncommon enough for the password rules. */
const PASSWORD = 'Intake-test-7391';
const STAFF_ONLY = ['court_referral', 'police_referral', 'petition_referral', 'grid_patrol', 'hotline', 'window'];

describeEachDialect(
  'what a resident may send to intake',
  (get) => {
    const casesBy = async (user: BuiltUser) =>
      Number(
        (
          await get()
            .ctx.db.selectFrom('case_record')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('created_by', '=', user.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const resident = () => buildUser(get(), { role: 'resident', unit: '370702001001', password: PASSWORD });
    let grid = 0;
    const send = (user: { token: string }, remoteAddress: string, channel = 'web') =>
      get().inject({
        method: 'POST',
        url: '/api/v1/cases',
        token: user.token,
        remoteAddress,
        payload: {
          kind: 'complaint',
          categoryCode: 'CMP.NOISE',
          channel,
          description: '楼下烧烤店油烟扰民',
          unitId: grid,
        },
      });

    it('lets a resident report through web or api, but not through a channel only staff use', async () => {
      grid = (await get().unit('370702001001G01')).id;
      const user = await resident();
      for (const channel of STAFF_ONLY) {
        const res = await send(user, '198.51.100.20', channel);
        expect(res.statusCode, `${channel}: ${res.body}`).toBe(422);
        const error = (res.json() as { error: { code: string; message: string; details: unknown } }).error;
        expect(error.code).toBe('CHANNEL_STAFF_ONLY');
        // Chinese first, then English.
        expect(error.message).toMatch(/^[^A-Za-z]*工作人员[^/]*\/ .*staff/);
        expect(error.details).toMatchObject({ field: 'channel', allowed: ['web', 'api'] });
      }
      expect(await casesBy(user)).toBe(0);
      for (const channel of ['web', 'api']) {
        const res = await send(user, '198.51.100.20', channel);
        expect(res.statusCode, `${channel}: ${res.body}`).toBe(201);
      }
      // Staff still record hotline and window cases.
      const operator = await buildUser(get(), { role: 'operator', unit: '370702001-centre', password: PASSWORD });
      for (const channel of ['hotline', 'window']) {
        const res = await send(operator, '198.51.100.20', channel);
        expect(res.statusCode, `${channel}: ${res.body}`).toBe(201);
      }
    });

    it('takes 10 reports an hour from a resident, then answers 429 CASE_INTAKE_LIMITED with Retry-After', async () => {
      const h = get();
      grid = (await h.unit('370702001001G01')).id;
      // The start of an hour, plus 15 minutes: 45 minutes to the next window.
      h.clock.set(new Date(Math.ceil(h.clock.now().getTime() / 3_600_000) * 3_600_000 + 15 * 60_000));
      const user = await resident();
      for (let i = 0; i < 10; i++) {
        const res = await send(user, '198.51.100.21');
        expect(res.statusCode, `report ${i + 1}: ${res.body}`).toBe(201);
      }
      // From another address too: the account's own budget is spent.
      const over = await send(user, '198.51.100.22');
      expect(over.statusCode, over.body).toBe(429);
      expect(over.json()).toMatchObject({ error: { code: 'CASE_INTAKE_LIMITED' } });
      expect(Number(over.headers['retry-after'])).toBe(45 * 60);
      expect(await casesBy(user)).toBe(10);
      // Another resident is not held back, nor is staff recording many calls.
      expect((await send(await resident(), '198.51.100.23')).statusCode).toBe(201);
      const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre', password: PASSWORD });
      for (let i = 0; i < 12; i++) expect((await send(operator, '198.51.100.21', 'hotline')).statusCode).toBe(201);
      // The next hour, the resident may report again.
      h.clock.advance(45 * 60_000);
      // (Signed in again: a session idle for 30 minutes ends.)
      const token = await h.login(user.username, user.password);
      expect((await send({ token }, '198.51.100.21')).statusCode).toBe(201);
    });

    it('takes 30 reports an hour from residents behind one address (IPv6: one /64)', async () => {
      const h = get();
      grid = (await h.unit('370702001001G01')).id;
      h.clock.set(new Date(Math.ceil(h.clock.now().getTime() / 3_600_000) * 3_600_000 + 30 * 60_000));
      const address = (i: number) => `2001:db8:7:1::${(i + 1).toString(16)}`;
      const residents = [await resident(), await resident(), await resident(), await resident()];
      let sent = 0;
      for (const user of residents.slice(0, 3)) {
        for (let i = 0; i < 10; i++) {
          const res = await send(user, address(sent++));
          expect(res.statusCode, `report ${sent}: ${res.body}`).toBe(201);
        }
      }
      const over = await send(residents[3]!, address(sent++));
      expect(over.statusCode, over.body).toBe(429);
      expect(over.json()).toMatchObject({ error: { code: 'CASE_INTAKE_LIMITED' } });
      expect(Number(over.headers['retry-after'])).toBe(30 * 60);
      expect(await casesBy(residents[3]!)).toBe(0);
      // The same resident from another network is taken.
      expect((await send(residents[3]!, '2001:db8:7:2::1')).statusCode).toBe(201);
    });
  },
  { config: { intakeLimits: { perResident: 10, perAddress: 30 } } },
);
