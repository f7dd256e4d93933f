// The case workflow of DESIGN.md as pure functions over the action specs (common/actions/),
// shared by server and web client: which actions this actor may take now, and where they lead.
import { ACTION_SPECS, CASE_ACTIONS, type ActionBody, type CaseAction } from './actions/index.ts';
import {
  CASE_STATUSES,
  type ActorRelation,
  type CaseState,
  type CaseStatus,
  type Rating,
  type ReplayedCase,
} from './case-state.ts';

export * from './case-state.ts';
export { ACTION_SPECS, CASE_ACTIONS, type ActionBody, type CaseAction } from './actions/index.ts';

export type Decision = { ok: true; to: CaseStatus } | { ok: false };

/**
 * The transition table, read from each action's spec. `body` is the request when there is one:
 * the rating given decides whether `rate` closes the case.
 */
export function decide<A extends CaseAction>(
  state: CaseState,
  action: A,
  who: ActorRelation,
  body?: ActionBody<A>,
): Decision {
  // Each spec's rule takes its own body; the union of specs cannot be called with a union of bodies.
  const rule = ACTION_SPECS[action].rule as (s: CaseState, w: ActorRelation, b?: ActionBody<A>) => CaseStatus | null;
  const to = rule(state, who, body);
  return to === null ? { ok: false } : { ok: true, to };
}

/** The actions this actor may take now, for buttons and for 422 details. */
export function allowedActions(state: CaseState, who: ActorRelation): CaseAction[] {
  return CASE_ACTIONS.filter((action) => decide(state, action, who).ok);
}

/** Could this actor ever take `action` on this case, in some status? (403 when not, 422 when not now.) */
export function mayEverDo(action: CaseAction, who: ActorRelation): boolean {
  for (const status of CASE_STATUSES) {
    for (const extensionPending of [false, true]) {
      for (const rating of [null, 'unsatisfied'] as const) {
        const state: CaseState = { status, hasLead: true, extensionPending, rating, canEscalate: true };
        if (decide(state, action, who).ok) return true;
      }
    }
  }
  return false;
}

/** One step of a case's timeline, as stored and shown. */
export interface TimelineStep {
  action: string;
  toStatus: CaseStatus;
  data?: { rating?: Rating | null; approved?: boolean } | null;
}

/**
 * Rebuilds a case's workflow state from its timeline alone, by each action's `replay`. The
 * server keeps the same state in the case row; tests check the two always agree, so the timeline
 * is a complete record. Steps that are not workflow actions (`merged_in`, mediation events)
 * change nothing but may carry a status.
 */
export function replayTimeline(steps: readonly TimelineStep[]): ReplayedCase {
  const state: ReplayedCase = { status: 'registered', hasLead: false, extensionPending: false, rating: null };
  for (const step of steps) {
    const spec = (ACTION_SPECS as Partial<Record<string, (typeof ACTION_SPECS)[CaseAction]>>)[step.action];
    spec?.replay?.(state, step.data ?? {});
    state.status = step.toStatus;
  }
  return state;
}
