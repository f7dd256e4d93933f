// Case numbers under concurrent intake, on both databases: every case of a county gets its own
// number, and the numbers of intakes that all succeed follow each other without a gap. (On
// PostgreSQL the number is taken before the intake's transaction, so that the county's counter is
// not held until each intake commits; see register-case.ts.)
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { nextNumberUnflushed } from './cases.repository.ts';

describeEachDialect('case numbers', (get, dialect) => {
  it('gives 24 concurrent intakes of one county 24 numbers in a row', async () => {
    const h = get();
    const token = await h.login('operator');
    const grids = ['370702001001G01', '370702001002', '370702002001'];
    const unitIds = await Promise.all(grids.map(async (code) => (await h.unit(code)).id));
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        h.inject({
          method: 'POST',
          url: '/api/v1/cases',
          token,
          payload: {
            kind: 'complaint',
            categoryCode: 'CMP.NOISE',
            channel: 'hotline',
            description: `第${i}位来电：楼下商铺夜间噪音扰民，影响休息`,
            unitId: unitIds[i % unitIds.length],
          },
        }),
      ),
    );
    for (const res of answers) expect(res.statusCode, res.body).toBe(201);
    const numbers = answers.map((res) => res.json<{ number: string }>().number);
    for (const number of numbers) expect(number).toMatch(/^370702-2026-\d{6}$/);
    const serials = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 24 }, (_, i) => serials[0]! + i));
  });

  // PostgreSQL only: the number's statement commits without waiting for its flush; the setting
  // must end with that statement, or every later intake on the pooled connection would commit
  // unflushed too and an acknowledged case could be lost in a crash.
  (dialect === 'postgres' ? it : ((() => undefined) as unknown as typeof it))(
    'takes numbers one after the other and leaves the connection committing durably',
    async () => {
      const { ctx } = get();
      await ctx.db.connection().execute(async (connection) => {
        const first = await nextNumberUnflushed(connection, 'test:unflushed');
        const second = await nextNumberUnflushed(connection, 'test:unflushed');
        expect([first, second]).toEqual([1, 2]);
        const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(connection);
        expect(rows[0]!.synchronous_commit).toBe('on');
      });
      const row = await ctx.db
        .selectFrom('case_counter')
        .select('next')
        .where('scope', '=', 'test:unflushed')
        .executeTakeFirst();
      expect(row?.next).toBe(2);
    },
  );

  // PostgreSQL only: after a crash or failover lost the counter's last unflushed commits, the
  // counter stands behind numbers cases hold; the next intake must still be answered, with the
  // next free number.
  (dialect === 'postgres' ? it : ((() => undefined) as unknown as typeof it))(
    'answers an intake whose county counter fell behind a held number with the next free one',
    async () => {
      const h = get();
      const held = (await buildCase(h)).number;
      // The counter loses its last two commits: the next two numbers it gives are both held.
      await h.ctx.db
        .updateTable('case_counter')
        .set((eb) => ({ next: eb('next', '-', 2) }))
        .where('scope', '=', '370702:2026')
        .execute();
      // Answered 201 (buildCase throws on any other answer), with the next free number.
      const next = (await buildCase(h)).number;
      expect(Number(next.slice(-6))).toBe(Number(held.slice(-6)) + 1);
    },
  );
});
