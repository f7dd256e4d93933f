// Case numbers under concurrent intake, on both databases: every case of a county gets its own
// number, and the numbers of intakes that all succeed follow each other without a gap. (On
// PostgreSQL the number is taken before the intake's transaction, so that the county's counter is
// not held until each intake commits; see register-case.ts.)
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';

describeEachDialect('case numbers', (get) => {
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
});
