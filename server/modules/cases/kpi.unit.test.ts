// The KPI rules themselves, without a database: what each says of a case, and the properties the
// rollup reader relies on.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CASE_STATUSES, RATINGS } from '../../../common/workflow.ts';
import { acceptedOnTime, holds, holdsOn, inputsOf, isOverdue, KPIS, type KpiCase, type KpiEvent } from './kpi.ts';

const NOW = '2027-03-04T02:00:00.000Z';
const base: KpiCase = {
  status: 'in_progress',
  rating: null,
  resolved_at: null,
  handle_deadline: null,
  stage_deadline: null,
  reopen_count: 0,
  supervise_count: 0,
  red_carded_at: null,
};
const is = (name: keyof typeof KPIS, c: Partial<KpiCase>, events: KpiEvent[] = []) =>
  holds(KPIS[name].rule, { ...base, ...c }, { now: NOW, events });
const event = (
  action: string,
  at: string,
  data: Record<string, unknown> = {},
  from: string | null = null,
): KpiEvent => ({
  action,
  from_status: from,
  at,
  data: JSON.stringify(data),
});

describe('KPI rules', () => {
  it('judge handling by the handling deadline, and count a case still open after it as late', () => {
    const deadline = '2027-03-03T15:59:59.999Z';
    const onTime = { status: 'resolved' as const, resolved_at: '2027-03-03T09:00:00.000Z', handle_deadline: deadline };
    const late = { status: 'closed' as const, resolved_at: '2027-03-04T01:00:00.000Z', handle_deadline: deadline };
    const stillOpen = { status: 'in_progress' as const, handle_deadline: deadline, stage_deadline: deadline };
    expect([is('handledOnTime', onTime), is('handlingDue', onTime)]).toEqual([true, true]);
    expect([is('handledOnTime', late), is('handlingDue', late)]).toEqual([false, true]);
    expect([is('handledOnTime', stillOpen), is('overdueInHandling', stillOpen), is('handlingDue', stillOpen)]).toEqual([
      false,
      true,
      true,
    ]);
    // Not due yet, on the spot (no deadline), or cancelled: not judged.
    expect(is('handlingDue', { ...stillOpen, handle_deadline: '2027-03-05T15:59:59.999Z' })).toBe(false);
    expect(is('handlingDue', { status: 'closed', resolved_at: '2027-03-01T01:00:00.000Z' })).toBe(false);
    expect(is('handlingDue', { status: 'cancelled', handle_deadline: deadline })).toBe(false);
  });

  it('call a case overdue while it is open past the deadline of its running stage', () => {
    const past = '2027-03-03T15:59:59.999Z';
    expect(is('overdue', { status: 'registered', stage_deadline: past })).toBe(true);
    expect(is('overdue', { status: 'dispatched', stage_deadline: '2027-03-04T15:59:59.999Z' })).toBe(false);
    expect(is('overdue', { status: 'resolved', stage_deadline: past })).toBe(false);
    expect(isOverdue({ status: 'in_progress', stage_deadline: past }, new Date(NOW))).toBe(true);
    expect(isOverdue({ status: 'in_progress', stage_deadline: null }, new Date(NOW))).toBe(false);
  });

  it('count satisfied and basically satisfied over rated cases, responses and reopenings', () => {
    expect(RATINGS.map((rating) => is('satisfied', { rating }))).toEqual([true, true, false]);
    expect([is('rated', { rating: 'unsatisfied' }), is('rated', {})]).toEqual([true, false]);
    expect(is('reopened', { reopen_count: 1 })).toBe(true);
    expect(is('responded', {}, [event('register', NOW), event('dispatch', NOW)])).toBe(true);
    expect(is('responded', {}, [event('register', NOW), event('resolve', NOW, {}, 'registered')])).toBe(true);
    expect(is('responded', {}, [event('register', NOW), event('resolve', NOW, {}, 'in_progress')])).toBe(false);
    expect(is('resolved', { status: 'closed' }) && !is('resolved', { status: 'cancelled' })).toBe(true);
  });

  it('judge acceptance by the deadline of the assignment it answered', () => {
    const dispatch = (acceptBy: string) => event('dispatch', '2027-03-01T01:00:00.000Z', { acceptBy });
    const friday = '2027-03-05T15:59:59.999Z';
    expect(acceptedOnTime([dispatch(friday), event('accept', '2027-03-05T09:00:00.000Z')])).toBe(true);
    expect(acceptedOnTime([dispatch('2027-03-01T15:59:59.999Z'), event('accept', '2027-03-02T01:00:00.000Z')])).toBe(
      false,
    );
    // Returned and dispatched again: the second assignment's deadline counts; only the first acceptance is judged.
    expect(
      acceptedOnTime([
        dispatch('2027-03-01T15:59:59.999Z'),
        event('return', '2027-03-01T02:00:00.000Z'),
        dispatch(friday),
        event('accept', '2027-03-04T01:00:00.000Z'),
        event('accept', '2027-03-20T01:00:00.000Z'),
      ]),
    ).toBe(true);
    expect(acceptedOnTime([dispatch(friday)])).toBeNull();
    expect(acceptedOnTime([event('dispatch', NOW), event('accept', NOW)])).toBeNull();
  });

  it('refuse to judge a rule on columns that were not given', () => {
    expect(() => holdsOn(KPIS.overdue.rule, { status: 'registered' }, { now: NOW })).toThrow(/stage_deadline/);
    expect(() => holds(KPIS.overdue.rule, base)).toThrow(/now/);
    expect(() => holds(KPIS.responded.rule, base)).toThrow(/timeline/);
    expect([...inputsOf(KPIS.handlingDue.rule)].sort()).toEqual(
      ['handle_deadline', 'now', 'resolved_at', 'status'].sort(),
    );
  });

  it('never count a case both resolved with a deadline and overdue in handling (the rollups add the two)', () => {
    const instant = fc.option(
      fc
        .date({ min: new Date('2027-01-01'), max: new Date('2027-06-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    );
    const row = fc.record({
      status: fc.constantFrom(...CASE_STATUSES),
      rating: fc.option(fc.constantFrom(...RATINGS)),
      resolved_at: instant,
      handle_deadline: instant,
      stage_deadline: instant,
      reopen_count: fc.nat(3),
      supervise_count: fc.nat(2),
      red_carded_at: instant,
    });
    fc.assert(
      fc.property(row, (c) => {
        // Only the workflow's rows: a resolution is set exactly while resolved or closed.
        fc.pre((c.resolved_at !== null) === (c.status === 'resolved' || c.status === 'closed'));
        const both = holds(KPIS.resolvedWithDeadline.rule, c) && holds(KPIS.overdueInHandling.rule, c, { now: NOW });
        expect(both).toBe(false);
        expect(holds(KPIS.handlingDue.rule, c, { now: NOW })).toBe(
          holds(KPIS.resolvedWithDeadline.rule, c) || holds(KPIS.overdueInHandling.rule, c, { now: NOW }),
        );
      }),
    );
  });
});
