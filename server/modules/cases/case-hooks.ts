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
