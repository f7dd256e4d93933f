import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { isValidIdNumber } from '../../platform/crypto/personal-data.ts';

const PHONE = '13812341234';
const MASKED_PHONE = '138****1234';
/** Why a look-up by number is made: required with `phone` or `idNumber` (exact-lookup.test.ts). */
const PURPOSE = encodeURIComponent('核实当事人身份');

/** GB 11643 checksum character for the first 17 digits. */
function checksum(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, c, i) => acc + weights[i]! * Number(c), 0);
  return '10X98765432'[sum % 11]!;
}

// A 潍城区 number born 1985-06-12 whose checksum is X (so lower-case input must be normalised).
const ID_NUMBER = '37070219850612001' + checksum('37070219850612001');
const MASKED_ID = '3***************1X';

interface PersonJson {
  id: number;
  name: string;
  unitId: number;
  unitName: string;
  phone: string | null;
  idNumber: string | null;
  note: string | null;
  createdAt: string;
  abilities: { revealPhone: boolean; revealIdNumber: boolean };
}

const logChunks: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer | string, _encoding, done) {
    logChunks.push(chunk.toString());
    done();
  },
});

describeEachDialect(
  'people registry with personal data',
  (get) => {
    const tokens = new Map<string, string>();
    async function token(username: string): Promise<string> {
      if (!tokens.has(username)) tokens.set(username, await get().login(username));
      return tokens.get(username)!;
    }

    let registration: Promise<{ res: LightMyRequestResponse; person: PersonJson }> | undefined;
    /** 王五 registered once per database by the county operator in 城关街道's first village. */
    function registered() {
      registration ??= (async () => {
        const village = await get().unit('370702001001');
        const res = await get().inject({
          method: 'POST',
          url: '/api/v1/people',
          token: await token('operator'),
          payload: {
            name: '王五',
            unitId: village.id,
            phone: PHONE,
            idNumber: ID_NUMBER.toLowerCase(),
            note: '邻里纠纷当事人',
          },
        });
        return { res, person: res.json() as PersonJson };
      })();
      return registration;
    }

    async function list(tokenValue: string, query = ''): Promise<PersonJson[]> {
      const res = await get().inject({ method: 'GET', url: `/api/v1/people${query}`, token: tokenValue });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: PersonJson[] }).items;
    }

    async function auditRows(personId: number) {
      return get()
        .ctx.db.selectFrom('audit_log')
        .selectAll()
        .where('subject_type', '=', 'person')
        .where('subject_id', '=', String(personId))
        .orderBy('seq')
        .execute();
    }

    it('uses a valid test ID number', () => {
      expect(isValidIdNumber(ID_NUMBER)).toBe(true);
      expect(ID_NUMBER).toHaveLength(18);
    });

    it('registers a person and answers with the phone and ID number masked', async () => {
      const { res, person } = await registered();
      expect(res.statusCode, res.body).toBe(201);
      const village = await get().unit('370702001001');
      expect(person).toMatchObject({
        name: '王五',
        unitId: village.id,
        unitName: village.name,
        phone: MASKED_PHONE,
        idNumber: MASKED_ID,
        note: '邻里纠纷当事人',
        abilities: { revealPhone: true, revealIdNumber: true },
      });
      expect(res.body).not.toContain(PHONE);
      expect(res.body).not.toContain(ID_NUMBER);
      expect(res.body.toUpperCase()).not.toContain(ID_NUMBER);

      const created = (await auditRows(person.id)).filter((r) => r.action === 'person.create');
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ outcome: 'success', actor_username: 'operator' });
    });

    it('stores neither the phone nor the ID number in clear', async () => {
      const { person } = await registered();
      const row = await get()
        .ctx.db.selectFrom('person')
        .selectAll()
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(row.phone_enc).toBeTruthy();
      expect(row.id_number_enc).toBeTruthy();
      expect(row.phone_enc).not.toContain(PHONE);
      expect(row.id_number_enc).not.toContain(ID_NUMBER);
      expect(row.id_number_enc!.toUpperCase()).not.toContain(ID_NUMBER);
      const whole = JSON.stringify(row);
      expect(whole).not.toContain(PHONE);
      expect(whole.toUpperCase()).not.toContain(ID_NUMBER);
      // Nor anywhere in the audit log.
      const audit = JSON.stringify(await get().ctx.db.selectFrom('audit_log').selectAll().execute());
      expect(audit).not.toContain(PHONE);
      expect(audit.toUpperCase()).not.toContain(ID_NUMBER);
    });

    it('masks the list and the detail view, and finds the person by phone or ID number', async () => {
      const { person } = await registered();
      const operator = await token('operator');
      const one = await get().inject({ method: 'GET', url: `/api/v1/people/${person.id}`, token: operator });
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ id: person.id, phone: MASKED_PHONE, idNumber: MASKED_ID });
      expect(one.body).not.toContain(PHONE);

      const res = await get().inject({ method: 'GET', url: '/api/v1/people?limit=500', token: operator });
      expect(res.body).not.toContain(PHONE);
      expect(res.body.toUpperCase()).not.toContain(ID_NUMBER);
      const listed = (res.json() as { items: PersonJson[] }).items.find((p) => p.id === person.id);
      expect(listed).toMatchObject({ phone: MASKED_PHONE, idNumber: MASKED_ID });

      expect((await list(operator, `?phone=${PHONE}&purpose=${PURPOSE}`)).map((p) => p.id)).toEqual([person.id]);
      expect(
        (await list(operator, `?idNumber=${ID_NUMBER.toLowerCase()}&purpose=${PURPOSE}`)).map((p) => p.id),
      ).toEqual([person.id]);
      expect(await list(operator, `?phone=13812341235&purpose=${PURPOSE}`)).toEqual([]);
      expect((await list(operator, `?q=${encodeURIComponent('王五')}`)).map((p) => p.id)).toContain(person.id);
    });

    it('reveals the clear phone to the operator and records it in the audit log', async () => {
      const { person } = await registered();
      const res = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: await token('operator'),
        payload: { fields: ['phone'] },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ phone: PHONE });
      const reveal = (await auditRows(person.id)).filter((r) => r.action === 'person.reveal');
      expect(reveal).toHaveLength(1);
      expect(reveal[0]).toMatchObject({ outcome: 'success', actor_username: 'operator' });
      expect(JSON.parse(reveal[0]!.details!)).toEqual({ fields: ['phone'] });
      expect(reveal[0]!.details).not.toContain(PHONE);
    });

    it('refuses the leader, who may read but not reveal, with 403 and a denied audit row', async () => {
      const { person } = await registered();
      const leader = await token('leader');
      const read = await get().inject({ method: 'GET', url: `/api/v1/people/${person.id}`, token: leader });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        phone: MASKED_PHONE,
        abilities: { revealPhone: false, revealIdNumber: false },
      });

      const before = (await auditRows(person.id)).length;
      const res = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: leader,
        payload: { fields: ['phone'] },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(res.body).not.toContain(PHONE);
      const rows = (await auditRows(person.id)).slice(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ outcome: 'denied', actor_username: 'leader' });
      expect(rows.some((r) => r.action === 'person.reveal')).toBe(false);
    });

    it('reveals the ID number to the operator but not to the dispatcher', async () => {
      const { person } = await registered();
      const dispatcher = await token('dispatcher');
      const viewed = await get().inject({ method: 'GET', url: `/api/v1/people/${person.id}`, token: dispatcher });
      expect(viewed.json()).toMatchObject({ abilities: { revealPhone: true, revealIdNumber: false } });

      const before = (await auditRows(person.id)).length;
      const refused = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: dispatcher,
        payload: { fields: ['idNumber'] },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(refused.body.toUpperCase()).not.toContain(ID_NUMBER);
      const deniedRows = (await auditRows(person.id)).slice(before);
      expect(deniedRows.map((r) => [r.outcome, r.actor_username])).toEqual([['denied', 'dispatcher']]);

      // Asking for both when only one is allowed reveals nothing.
      const both = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: dispatcher,
        payload: { fields: ['phone', 'idNumber'] },
      });
      expect(both.statusCode).toBe(403);
      expect(both.body).not.toContain(PHONE);

      const allowed = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: await token('operator'),
        payload: { fields: ['idNumber'] },
      });
      expect(allowed.statusCode, allowed.body).toBe(200);
      expect(allowed.json()).toEqual({ idNumber: ID_NUMBER });
      const last = (await auditRows(person.id)).at(-1)!;
      expect(last).toMatchObject({ action: 'person.reveal', outcome: 'success', actor_username: 'operator' });
      expect(JSON.parse(last.details!)).toEqual({ fields: ['idNumber'] });
    });

    it('rejects an invalid phone or ID number with 400 naming each field, and stores nothing', async () => {
      const village = await get().unit('370702001001');
      const operator = await token('operator');
      const count = async () =>
        Number(
          (
            await get()
              .ctx.db.selectFrom('person')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const badId = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0');
      expect(isValidIdNumber(badId)).toBe(false);

      const both = await get().inject({
        method: 'POST',
        url: '/api/v1/people',
        token: operator,
        payload: { name: '赵六', unitId: village.id, phone: '12345', idNumber: badId },
      });
      expect(both.statusCode).toBe(400);
      const body = both.json() as { error: { code: string; details: { field: string; message: string }[] } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.map((d) => d.field).sort()).toEqual(['idNumber', 'phone']);
      for (const d of body.error.details) expect(d.message).toBeTruthy();

      const phoneOnly = await get().inject({
        method: 'POST',
        url: '/api/v1/people',
        token: operator,
        payload: { name: '赵六', unitId: village.id, phone: '2381234123' },
      });
      expect(phoneOnly.statusCode).toBe(400);
      expect((phoneOnly.json() as typeof body).error.details.map((d) => d.field)).toEqual(['phone']);

      const idOnly = await get().inject({
        method: 'POST',
        url: '/api/v1/people',
        token: operator,
        payload: { name: '赵六', unitId: village.id, idNumber: '37070219850612' },
      });
      expect(idOnly.statusCode).toBe(400);
      expect((idOnly.json() as typeof body).error.details.map((d) => d.field)).toEqual(['idNumber']);

      expect(await count()).toBe(before);
    });

    it("hides a 城关街道 person from 南关街道's dispatcher and shows it to 城关街道's", async () => {
      const { person } = await registered();
      const outsider = await get().userWith('dispatcher', '370702002-centre');
      const insider = await get().userWith('dispatcher', '370702001-centre');

      const hidden = await get().inject({ method: 'GET', url: `/api/v1/people/${person.id}`, token: outsider.token });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(hidden.body).not.toContain('王五');
      expect((await list(outsider.token, '?limit=500')).map((p) => p.id)).not.toContain(person.id);
      expect(await list(outsider.token, `?phone=${PHONE}&purpose=${PURPOSE}`)).toEqual([]);
      const reveal = await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: outsider.token,
        payload: { fields: ['phone'] },
      });
      expect(reveal.statusCode).toBe(404);
      expect(reveal.body).not.toContain(PHONE);

      const shown = await get().inject({ method: 'GET', url: `/api/v1/people/${person.id}`, token: insider.token });
      expect(shown.statusCode).toBe(200);
      expect(shown.json()).toMatchObject({ id: person.id, name: '王五', phone: MASKED_PHONE });
      expect((await list(insider.token, '?limit=500')).map((p) => p.id)).toContain(person.id);
      expect((await list(insider.token, `?phone=${PHONE}&purpose=${PURPOSE}`)).map((p) => p.id)).toEqual([person.id]);
    });

    it('never writes the clear phone or ID number to the request log, even from a query string', async () => {
      const { person } = await registered();
      const operator = await token('operator');
      const urls = [
        `/api/v1/people?phone=${PHONE}`,
        `/api/v1/people?phone=${PHONE}&purpose=${PURPOSE}`,
        `/api/v1/people?idNumber=${ID_NUMBER}&purpose=${PURPOSE}`,
        `/api/v1/people?limit=10&idNumber=${ID_NUMBER.toLowerCase()}&phone=${PHONE}&purpose=${PURPOSE}`,
        `/api/v1/people?q=${PHONE}`,
        `/api/v1/people?phone=${PHONE}&phone=${PHONE}`,
      ];
      for (const url of urls) {
        const res = await get().inject({ method: 'GET', url, token: operator });
        expect(res.statusCode, url).toBeLessThan(500);
      }
      await get().inject({
        method: 'POST',
        url: `/api/v1/people/${person.id}/reveal`,
        token: operator,
        payload: { fields: ['phone', 'idNumber'] },
      });
      const log = logChunks.join('');
      // The log is really being captured, with these requests in it.
      expect(log).toContain('/api/v1/people?');
      expect(log).toContain(`/api/v1/people/${person.id}/reveal`);
      expect(log).not.toContain(PHONE);
      expect(log.toUpperCase()).not.toContain(ID_NUMBER);
    });
  },
  { logStream },
);
