import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_ACTIONS,
  NO_RELATION,
  OPEN_STATUSES,
  RATINGS,
  allowedActions,
  decide,
  type ActorRelation,
  type CaseState,
  type CaseStatus,
} from './workflow.ts';

const start: CaseState = {
  status: 'registered',
  hasLead: false,
  extensionPending: false,
  rating: null,
  canEscalate: true,
};
const dispatcher: ActorRelation = { ...NO_RELATION, triage: true, supervisor: true, townshipDispatcher: true };
const handler: ActorRelation = { ...NO_RELATION, leadHandler: true };
const reporter: ActorRelation = { ...NO_RELATION, reporter: true };

describe('case workflow', () => {
  it('walks the closed loop: dispatch, accept, resolve, rate', () => {
    expect(decide(start, 'dispatch', dispatcher)).toEqual({ ok: true, to: 'dispatched' });
    const dispatched = { ...start, status: 'dispatched' as const, hasLead: true };
    expect(decide(dispatched, 'accept', handler)).toEqual({ ok: true, to: 'in_progress' });
    expect(decide(dispatched, 'return', handler)).toEqual({ ok: true, to: 'registered' });
    const inProgress = { ...dispatched, status: 'in_progress' as const };
    expect(decide(inProgress, 'resolve', handler)).toEqual({ ok: true, to: 'resolved' });
    const resolved = { ...inProgress, status: 'resolved' as const };
    expect(decide(resolved, 'rate', reporter, { action: 'rate', version: 1, rating: 'satisfied' })).toEqual({
      ok: true,
      to: 'closed',
    });
    expect(decide(resolved, 'rate', reporter, { action: 'rate', version: 1, rating: 'unsatisfied' })).toEqual({
      ok: true,
      to: 'resolved',
    });
    expect(decide({ ...resolved, rating: 'unsatisfied' }, 'reopen', dispatcher)).toEqual({
      ok: true,
      to: 'dispatched',
    });
    expect(decide({ ...resolved, rating: 'satisfied' }, 'reopen', dispatcher)).toEqual({ ok: false });
  });

  it('offers nobody anything on a cancelled case, and nothing to a stranger', () => {
    const cancelled: CaseState = { ...start, status: 'cancelled' };
    const everyone: ActorRelation = Object.fromEntries(
      Object.keys(NO_RELATION).map((k) => [k, true]),
    ) as unknown as ActorRelation;
    expect(allowedActions(cancelled, everyone)).toEqual([]);
    for (const status of ['registered', 'dispatched', 'in_progress', 'resolved', 'closed'] as CaseStatus[]) {
      expect(allowedActions({ ...start, status, hasLead: true }, NO_RELATION)).toEqual([]);
    }
  });

  it('lets a grid worker resolve on the spot only before dispatch', () => {
    const gridWorker = { ...NO_RELATION, gridWorker: true };
    expect(decide(start, 'resolve', gridWorker).ok).toBe(true);
    expect(decide({ ...start, status: 'dispatched', hasLead: true }, 'resolve', gridWorker).ok).toBe(false);
  });

  it('never leaves the set of statuses, never leaves a final status, and keeps allowedActions honest', () => {
    const statusArb = fc.constantFrom<CaseStatus>(
      'registered',
      'dispatched',
      'in_progress',
      'resolved',
      'closed',
      'cancelled',
    );
    const relationArb = fc.record<ActorRelation>({
      triage: fc.boolean(),
      townshipDispatcher: fc.boolean(),
      supervisor: fc.boolean(),
      leadHandler: fc.boolean(),
      summoned: fc.boolean(),
      gridWorker: fc.boolean(),
      reporter: fc.boolean(),
      operator: fc.boolean(),
      sender: fc.boolean(),
    });
    const stateArb = fc.record<CaseState>({
      status: statusArb,
      hasLead: fc.boolean(),
      extensionPending: fc.boolean(),
      rating: fc.option(fc.constantFrom(...RATINGS), { nil: null }),
      canEscalate: fc.boolean(),
    });
    fc.assert(
      fc.property(
        stateArb,
        relationArb,
        fc.constantFrom(...CASE_ACTIONS),
        fc.constantFrom(...RATINGS),
        (state, who, action, rating) => {
          const decision = decide(state, action, who, action === 'rate' ? { action, version: 1, rating } : undefined);
          if (state.status === 'cancelled') expect(decision.ok).toBe(false);
          if (decision.ok) {
            // Only reopen leaves a closed case, and only after an unsatisfied rating.
            if (state.status === 'closed') expect(action).toBe('reopen');
            if (decision.to === 'cancelled') expect(OPEN_STATUSES).toContain(state.status);
            expect(allowedActions(state, who)).toContain(action);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
