// Modules above cases (mediation) react to workflow actions inside the action's own transaction:
// a committee's acceptance registers the mediation file and receipts a referral, a resolution
// returns the result to the sender. A hook that throws rolls the whole action back.
import type { AppContext, Trx } from '../../context.ts';
import type { CaseAction, CaseStatus } from '../../../common/workflow.ts';
import type { Actor } from '../auth/index.ts';
import type { CaseRow } from './cases.repository.ts';

export interface CaseActionEvent {
  action: CaseAction;
  /** The case as it was before the action. */
  before: CaseRow;
  to: CaseStatus;
  actor: Actor;
  at: string;
  data: Record<string, unknown>;
  clientIp: string | null;
}

export type CaseActionHook = (trx: Trx, event: CaseActionEvent) => Promise<void>;

// Keyed by the app's context so that several apps in one process (tests) keep their own hooks.
const hooks = new WeakMap<AppContext, CaseActionHook[]>();

export function onCaseAction(ctx: AppContext, hook: CaseActionHook): void {
  hooks.set(ctx, [...(hooks.get(ctx) ?? []), hook]);
}

export async function runCaseActionHooks(ctx: AppContext, trx: Trx, event: CaseActionEvent): Promise<void> {
  for (const hook of hooks.get(ctx) ?? []) await hook(trx, event);
}

/**
 * A case just registered (any channel), inside intake's own transaction: the warnings module reads
 * the new case and the recent ones around it and raises its warnings there, so a warning exists
 * when the 201 returns. A hook that throws rolls the intake back.
 */
export interface CaseRegisteredEvent {
  /** The case as written (after a direct answer, resolved). */
  row: CaseRow;
  /** Its category's name as intake read it (so that a hook need not read it again). */
  categoryName: string;
  /** Null for a public report without an account. */
  actor: Actor | null;
  at: string;
}

export type CaseRegisteredHook = (trx: Trx, event: CaseRegisteredEvent) => Promise<void>;

const registeredHooks = new WeakMap<AppContext, CaseRegisteredHook[]>();

export function onCaseRegistered(ctx: AppContext, hook: CaseRegisteredHook): void {
  registeredHooks.set(ctx, [...(registeredHooks.get(ctx) ?? []), hook]);
}

export async function runCaseRegisteredHooks(ctx: AppContext, trx: Trx, event: CaseRegisteredEvent): Promise<void> {
  for (const hook of registeredHooks.get(ctx) ?? []) await hook(trx, event);
}
