// 按时签收 has two forms: acceptedOnTime (kpi.ts) judges one timeline in TypeScript, and
// acceptanceColumns/countAccepted* (kpi-sql.ts) count many cases in SQL (rankings). Random timelines
// of dispatches, accepts and other steps — deadlines set, missing or not strings, several
// dispatches, accepts before any dispatch — are stored as case_event rows, and the SQL counts per
// unit equal what acceptedOnTime says of the same timelines, on both databases.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { acceptedOnTime } from './kpi.ts';
import { countKpisByUnit } from './stats-by-unit.repository.ts';

const INSTANTS = [
  '2027-03-01T01:00:00.000Z',
  '2027-03-01T15:59:59.999Z',
  '2027-03-02T01:00:00.000Z',
  '2027-03-05T09:00:00.000Z',
  '2027-03-05T09:00:00.001Z',
];

const data = fc.oneof(
  fc.constantFrom(...INSTANTS).map((acceptBy) => JSON.stringify({ acceptBy, leadUnitId: 3 })),
  fc.constant(JSON.stringify({ leadUnitId: 3 })),
  fc.constant(JSON.stringify({ acceptBy: 20270305 })),
  fc.constant(JSON.stringify({ acceptBy: null })),
  fc.constant(null),
);

const event = fc.record({
  action: fc.constantFrom('dispatch', 'dispatch', 'accept', 'accept', 'return', 'resolve', 'supervise'),
  at: fc.constantFrom(...INSTANTS),
  data,
});

describeEachDialect('按时签收 in SQL equals acceptedOnTime', (get) => {
  it('counts accepted and accepted-on-time per unit as the TypeScript rule judges each timeline', async () => {
    const h = get();
    const seed = await buildCase(h, { title: '按时签收样本' });
    const row = await h.ctx.db
      .selectFrom('case_record')
      .selectAll()
      .where('id', '=', seed.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...template } = row;
    const [unitA, unitB] = [(await h.unit('370702001001')).id, (await h.unit('370702001002')).id];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ unit: fc.boolean(), events: fc.array(event, { maxLength: 6 }) }), { maxLength: 8 }),
        async (cases) => {
          // Each run counts the cases of its own day.
          const day = new Date(Date.UTC(2030, 0, 1) + ++run * 86_400_000);
          const from = day.toISOString();
          const to = new Date(day.getTime() + 86_400_000).toISOString();
          const expected = new Map<number, { accepted: number; acceptedOnTime: number }>();
          for (const [k, c] of cases.entries()) {
            const lead = c.unit ? unitA : unitB;
            const inserted = await h.ctx.db
              .insertInto('case_record')
              .values({
                ...template,
                number: `${row.number}-A${run}-${k}`,
                tracking_code: `${row.tracking_code}${run}x${k}`.slice(-32),
                lead_unit_id: lead,
                created_at: from,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            if (c.events.length > 0) {
              await h.ctx.db
                .insertInto('case_event')
                .values(
                  c.events.map((e, seq) => ({
                    case_id: inserted.id,
                    seq: seq + 10,
                    action: e.action,
                    from_status: 'dispatched',
                    to_status: 'in_progress',
                    at: e.at,
                    data: e.data,
                  })),
                )
                .execute();
            }
            const onTime = acceptedOnTime(c.events.map((e) => ({ ...e, from_status: 'dispatched' })));
            const counts = expected.get(lead) ?? { accepted: 0, acceptedOnTime: 0 };
            if (onTime !== null) {
              counts.accepted++;
              if (onTime) counts.acceptedOnTime++;
            }
            expected.set(lead, counts);
          }
          const counted = await countKpisByUnit(h.ctx.db, {
            buckets: { by: 'lead', unitIds: [unitA, unitB] },
            from,
            to,
            now: to,
          });
          for (const unit of [unitA, unitB]) {
            const got = counted.get(unit);
            const want = expected.get(unit) ?? { accepted: 0, acceptedOnTime: 0 };
            expect({ accepted: got?.accepted ?? 0, acceptedOnTime: got?.acceptedOnTime ?? 0 }).toEqual(want);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts a dispatch with a deadline answered in time, and one answered late', async () => {
    const h = get();
    const seed = await buildCase(h, { title: '按时签收固定样本' });
    const row = await h.ctx.db
      .selectFrom('case_record')
      .selectAll()
      .where('id', '=', seed.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...template } = row;
    const unit = (await h.unit('370702001003')).id;
    const from = '2031-01-01T00:00:00.000Z';
    for (const [k, at] of ['2031-01-02T00:00:00.000Z', '2031-01-04T00:00:00.000Z'].entries()) {
      const inserted = await h.ctx.db
        .insertInto('case_record')
        .values({
          ...template,
          number: `${row.number}-F${k}`,
          tracking_code: `${row.tracking_code}f${k}`.slice(-32),
          lead_unit_id: unit,
          created_at: from,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await h.ctx.db
        .insertInto('case_event')
        .values([
          {
            case_id: inserted.id,
            seq: 10,
            action: 'dispatch',
            from_status: 'registered',
            to_status: 'dispatched',
            at: from,
            data: JSON.stringify({ acceptBy: '2031-01-03T00:00:00.000Z' }),
          },
          {
            case_id: inserted.id,
            seq: 11,
            action: 'accept',
            from_status: 'dispatched',
            to_status: 'in_progress',
            at,
            data: null,
          },
        ])
        .execute();
    }
    const counted = await countKpisByUnit(h.ctx.db, {
      buckets: { by: 'lead', unitIds: [unit] },
      from,
      to: '2031-01-02T00:00:00.000Z',
      now: from,
    });
    expect(counted.get(unit)).toMatchObject({ all: 2, accepted: 2, acceptedOnTime: 1 });
  });
});
