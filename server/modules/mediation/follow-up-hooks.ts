// Modules above mediation (warnings) react to a follow-up that found an agreement broken inside the
// follow-up's own transaction, so the agreement_breach warning exists when the answer is sent
// instead of waiting for the hourly scan. A hook that throws rolls the follow-up back.
import type { AppContext, Trx } from '../../context.ts';
import type { BrokenAgreement } from './broken-agreements.ts';

export type BrokenAgreementHook = (trx: Trx, broken: BrokenAgreement) => Promise<void>;

// Keyed by the app's context so that several apps in one process (tests) keep their own hooks.
const hooks = new WeakMap<AppContext, BrokenAgreementHook[]>();

export function onAgreementBroken(ctx: AppContext, hook: BrokenAgreementHook): void {
  hooks.set(ctx, [...(hooks.get(ctx) ?? []), hook]);
}

export async function runAgreementBrokenHooks(ctx: AppContext, trx: Trx, broken: BrokenAgreement): Promise<void> {
  for (const hook of hooks.get(ctx) ?? []) await hook(trx, broken);
}
