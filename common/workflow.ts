// The case workflow of DESIGN.md as one pure function, shared by server and web client: given a
// case's state and how the actor relates to it, which actions are allowed and where they lead.

export const CASE_STATUSES = ['registered', 'dispatched', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'dispatch',
  'accept',
  'return',
  'escalate',
  'whistle',
  'report',
  'request_extension',
  'decide_extension',
  'supervise',
  'resolve',
  'rate',
  'reopen',
  'close',
  'cancel',
  'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const OPEN_STATUSES: readonly CaseStatus[] = ['registered', 'dispatched', 'in_progress'];

export interface CaseState {
  status: CaseStatus;
  /** A lead unit has been chosen (reopen goes back to it). */
  hasLead: boolean;
  /** An extension request waits for a decision. */
  extensionPending: boolean;
  /** The rating given to the current result, if any. */
  rating: Rating | null;
  /** The case's centre has a parent centre to escalate to. */
  canEscalate: boolean;
}

/** How the actor relates to this case; computed by the server from memberships and assignments. */
export interface ActorRelation {
  /** A dispatcher whose jurisdiction covers the case. */
  triage: boolean;
  /** A dispatcher anchored at a township covering the case (街乡吹哨). */
  townshipDispatcher: boolean;
  /** A dispatcher or leader covering the case. */
  supervisor: boolean;
  /** A member (department or committee) of the lead unit. */
  leadHandler: boolean;
  /** A member of a unit summoned by a whistle that has not reported yet. */
  summoned: boolean;
  /** A grid worker whose grid holds the case. */
  gridWorker: boolean;
  /** The resident who reported the case. */
  reporter: boolean;
  /** An operator covering the case (rates on a return call). */
  operator: boolean;
}

export const NO_RELATION: ActorRelation = {
  triage: false,
  townshipDispatcher: false,
  supervisor: false,
  leadHandler: false,
  summoned: false,
  gridWorker: false,
  reporter: false,
  operator: false,
};

export type Decision = { ok: true; to: CaseStatus } | { ok: false };

const open = (s: CaseState) => OPEN_STATUSES.includes(s.status);

/**
 * The transition table. `rating` is the rating the actor gives (only for `rate`): a satisfied
 * rating closes the case; an unsatisfied one leaves it resolved for the dispatcher to reopen.
 */
export function decide(state: CaseState, action: CaseAction, who: ActorRelation, rating?: Rating): Decision {
  const to = (status: CaseStatus): Decision => ({ ok: true, to: status });
  const no: Decision = { ok: false };
  switch (action) {
    case 'dispatch':
      return who.triage && state.status === 'registered' ? to('dispatched') : no;
    case 'accept':
      return who.leadHandler && state.status === 'dispatched' ? to('in_progress') : no;
    case 'return':
      return who.leadHandler && state.status === 'dispatched' ? to('registered') : no;
    case 'escalate':
      return (who.triage || who.gridWorker) &&
        state.canEscalate &&
        (state.status === 'registered' || state.status === 'in_progress')
        ? to('registered')
        : no;
    case 'whistle':
      return who.townshipDispatcher && (state.status === 'registered' || state.status === 'in_progress')
        ? to(state.status)
        : no;
    case 'report':
      return who.summoned && open(state) ? to(state.status) : no;
    case 'request_extension':
      return who.leadHandler && state.status === 'in_progress' && !state.extensionPending ? to(state.status) : no;
    case 'decide_extension':
      return who.triage && state.extensionPending && open(state) ? to(state.status) : no;
    case 'supervise':
      return who.supervisor && open(state) ? to(state.status) : no;
    case 'resolve':
      return (who.leadHandler && state.status === 'in_progress') || (who.gridWorker && state.status === 'registered')
        ? to('resolved')
        : no;
    case 'rate':
      if (!(who.reporter || who.operator) || state.status !== 'resolved' || state.rating !== null) return no;
      return to(rating === 'unsatisfied' ? 'resolved' : 'closed');
    case 'reopen':
      return who.triage &&
        state.hasLead &&
        state.rating === 'unsatisfied' &&
        (state.status === 'resolved' || state.status === 'closed')
        ? to('dispatched')
        : no;
    case 'close':
      return who.triage && state.status === 'resolved' ? to('closed') : no;
    case 'cancel':
    case 'merge':
      return who.triage && open(state) ? to('cancelled') : no;
  }
}

/** The actions this actor may take now, for buttons and for 422 details. */
export function allowedActions(state: CaseState, who: ActorRelation): CaseAction[] {
  return CASE_ACTIONS.filter((action) => decide(state, action, who, 'satisfied').ok);
}

/** Could this actor ever take `action` on this case, in some status? (403 when not, 422 when not now.) */
export function mayEverDo(action: CaseAction, who: ActorRelation): boolean {
  for (const status of CASE_STATUSES) {
    for (const extensionPending of [false, true]) {
      for (const rating of [null, 'unsatisfied'] as const) {
        const state: CaseState = { status, hasLead: true, extensionPending, rating, canEscalate: true };
        if (decide(state, action, who, 'satisfied').ok) return true;
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

export type ReplayedCase = Pick<CaseState, 'status' | 'hasLead' | 'extensionPending' | 'rating'>;

/**
 * Rebuilds a case's workflow state from its timeline alone. The server keeps the same state in
 * the case row; tests check the two always agree, so the timeline is a complete record.
 */
export function replayTimeline(steps: readonly TimelineStep[]): ReplayedCase {
  const state: ReplayedCase = { status: 'registered', hasLead: false, extensionPending: false, rating: null };
  for (const step of steps) {
    switch (step.action) {
      case 'dispatch':
        state.hasLead = true;
        break;
      case 'return':
      case 'escalate':
        state.hasLead = false;
        state.extensionPending = false;
        break;
      case 'request_extension':
        state.extensionPending = true;
        break;
      case 'decide_extension':
        state.extensionPending = false;
        break;
      case 'rate':
        state.rating = step.data?.rating ?? null;
        break;
      case 'resolve':
      case 'reopen':
        state.rating = null;
        state.extensionPending = false;
        break;
      default:
        break;
    }
    state.status = step.toStatus;
  }
  return state;
}
