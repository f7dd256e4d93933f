// Exact-match look-up of a person by phone or ID number (issue 13, item 1). A masked number plus
// unlimited exact searches gives the clear number back by trying candidates, so a look-up is a
// power of the roles whose work needs it, carries a stated purpose that the audit log keeps (the
// number never), and spends a budget per actor held in the database, then 429 with Retry-After.
import { expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../platform/db/database.ts';
import type { DB } from '../../schema.ts';
import { rolesWith } from '../../../common/powers.ts';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import type { Role } from '../../../common/roles.ts';

const PHONE = '13955550123';
const MASKED_PHONE = '139****0123';
const PURPOSE = '核实来电人身份';

describeEachDialect('exact-match look-up of people by phone or ID number', (get) => {
  let personId: number | undefined;
  /** 钱七 registered once per database in the demo grid (every staff actor below sees it), with a phone. */
  async function person(): Promise<number> {
    if (personId !== undefined) return personId;
    const operator = await buildUser(get(), { role: 'operator', unit: '370702001-centre' });
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/people',
      token: operator.token,
      payload: { name: '钱七', unitId: (await get().unit('370702001001G01')).id, phone: PHONE },
    });
    expect(res.statusCode, res.body).toBe(201);
    personId = (res.json() as { id: number }).id;
    return personId;
  }

  const lookup = (token: string, query: string) =>
    get().inject({ method: 'GET', url: `/api/v1/people?${query}`, token });

  async function auditOf(userId: number) {
    return get()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('actor_user_id', '=', userId)
      .orderBy('seq')
      .execute();
  }

  it('is a power of the operator, dispatcher and mediator only', () => {
    expect([...rolesWith('person:lookup_exact')].sort()).toEqual(['dispatcher', 'mediator', 'operator']);
  });

  it('refuses a look-up by phone or ID number to the other staff roles (403, audited) but still lets them search by name', async () => {
    await person();
    const others: [Role, string][] = [
      ['admin', '370702001-centre'],
      ['leader', '370702001'],
      ['department', '370702001-dept-justice'],
      ['grid_worker', '370702001001G01'],
    ];
    for (const [role, unit] of others) {
      const user = await buildUser(get(), { role, unit });
      for (const query of [`phone=${PHONE}&purpose=x1`, `idNumber=37070219850612001X&purpose=x1`]) {
        const res = await lookup(user.token, query);
        expect(res.statusCode, `${role} ${query}: ${res.body}`).toBe(403);
        expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
        const last = (await auditOf(user.id)).at(-1)!;
        expect(last).toMatchObject({ outcome: 'denied', action: 'person:lookup_exact' });
      }
      const byName = await lookup(user.token, `q=${encodeURIComponent('钱七')}`);
      expect(byName.statusCode, `${role} by name`).toBe(200);
      expect((byName.json() as { items: { phone: string }[] }).items.map((p) => p.phone)).toContain(MASKED_PHONE);
    }
  });

  it('needs a purpose, and audits each look-up with the actor and the purpose but never the number', async () => {
    const id = await person();
    const dispatcher = await buildUser(get(), { role: 'dispatcher', unit: '370702001-centre' });
    for (const query of [`phone=${PHONE}`, `phone=${PHONE}&purpose=`, `phone=${PHONE}&purpose=%20%20`]) {
      const res = await lookup(dispatcher.token, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'purpose' }] } });
    }
    const res = await lookup(dispatcher.token, `phone=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { id: number; phone: string }[] }).items;
    expect(items.map((p) => p.id)).toEqual([id]);
    // Still masked: a look-up confirms who it is, /reveal shows the number.
    expect(items[0]!.phone).toBe(MASKED_PHONE);
    expect(res.body).not.toContain(PHONE);

    const miss = await lookup(dispatcher.token, `idNumber=37070219850612001X&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(miss.statusCode).toBe(200);
    expect((miss.json() as { items: unknown[] }).items).toEqual([]);

    const lookups = (await auditOf(dispatcher.id)).filter((r) => r.action === 'person.lookup');
    expect(lookups).toHaveLength(2);
    expect(lookups[0]).toMatchObject({ outcome: 'success', actor_username: dispatcher.username });
    expect(JSON.parse(lookups[0]!.details!)).toEqual({
      fields: ['phone'],
      purpose: PURPOSE,
      found: 1,
      personIds: [id],
    });
    expect(lookups[0]).toMatchObject({ subject_type: 'person', subject_id: String(id) });
    expect(JSON.parse(lookups[1]!.details!)).toEqual({
      fields: ['idNumber'],
      purpose: PURPOSE,
      found: 0,
      personIds: [],
    });
    const all = JSON.stringify(await get().ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('37070219850612001X');
  });

  it('allows 30 look-ups per actor in 10 minutes, then answers 429 LOOKUP_BUDGET_EXCEEDED with Retry-After', async () => {
    await person();
    const h = get();
    // A fresh window, so the budget starts whole whatever the earlier tests spent.
    h.clock.set(new Date(Math.ceil(h.clock.now().getTime() / 600_000) * 600_000 + 60_000));
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    const mediator = await buildUser(h, { role: 'mediator', unit: '370702001-cmte-territorial' });
    // Trying candidates for the masked digits: each try spends one.
    for (let i = 0; i < 30; i++) {
      const candidate = `139${String(5550100 + i).padStart(8, '0')}`.slice(0, 11);
      const res = await lookup(operator.token, `phone=${candidate}&purpose=try${i}`);
      expect(res.statusCode, `look-up ${i + 1}: ${res.body}`).toBe(200);
    }
    const over = await lookup(operator.token, `phone=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(over.statusCode, over.body).toBe(429);
    expect(over.json()).toMatchObject({ error: { code: 'LOOKUP_BUDGET_EXCEEDED' } });
    // The window started a minute ago: nine minutes to wait.
    expect(Number(over.headers['retry-after'])).toBe(540);
    expect(over.body).not.toContain('钱七');
    // Listing by name is not a look-up, and another actor has a budget of its own.
    expect((await lookup(operator.token, `q=${encodeURIComponent('钱七')}`)).statusCode).toBe(200);
    expect((await lookup(mediator.token, `phone=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`)).statusCode).toBe(
      200,
    );

    // Another app process on the same database counts against the same budget.
    const { database } = h;
    const handle = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath, poolSize: 2 });
    const other = await buildApp(h.ctx.config, { clock: h.clock, database: handle, logger: false });
    try {
      const elsewhere = await other.app.inject({
        method: 'GET',
        url: `/api/v1/people?phone=${PHONE}&purpose=x1`,
        headers: { authorization: `Bearer ${operator.token}` },
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(429);
    } finally {
      await other.app.close();
      await handle.close();
    }

    // Once the window has passed, the budget is whole again.
    h.clock.advance(540_000);
    const again = await lookup(operator.token, `phone=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as { items: { phone: string }[] }).items.map((p) => p.phone)).toEqual([MASKED_PHONE]);
  });
});
