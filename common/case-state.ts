// What the case workflow reasons about, shared by server and web client: statuses, ratings, the
// state an action looks at and how the actor relates to the case.

export const CASE_STATUSES = ['registered', 'dispatched', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const OPEN_STATUSES: readonly CaseStatus[] = ['registered', 'dispatched', 'in_progress'];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

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
  /**
   * The external platform that sent the case (a 12345 hotline's service account with the scope
   * `cases:update-status`): it pushes the steps taken on its side — the caller's rating, a renewed
   * demand after an unsatisfied one, a withdrawal (EXTERNAL_STATUS_ACTIONS in common/powers.ts).
   */
  sender: boolean;
}

export const NO_RELATION: ActorRelation = {
  sender: false,
  triage: false,
  townshipDispatcher: false,
  supervisor: false,
  leadHandler: false,
  summoned: false,
  gridWorker: false,
  reporter: false,
  operator: false,
};

/** The part of the state a case's timeline alone determines. */
export type ReplayedCase = Pick<CaseState, 'status' | 'hasLead' | 'extensionPending' | 'rating'>;
