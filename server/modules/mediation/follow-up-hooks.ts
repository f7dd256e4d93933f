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

/**
 * A follow-up found the agreement kept (issue 19 §3: the points module credits the parties who
 * have a resident account). The parties are given by the blind indexes of their phones only —
 * nothing in clear leaves mediation; a party without a phone, or whose phone has no account, earns
 * nothing.
 */
export interface KeptAgreement {
  followUpId: number;
  fileId: number;
  fileNumber: string;
  caseId: number;
  committeeId: number;
  visitedAt: string;
  /** Blind indexes of the phones of the agreement's person parties (ctx.cipher.blindIndex). */
  partyPhoneHashes: string[];
}

export type KeptAgreementHook = (trx: Trx, kept: KeptAgreement) => Promise<void>;

const keptHooks = new WeakMap<AppContext, KeptAgreementHook[]>();

export function onAgreementKept(ctx: AppContext, hook: KeptAgreementHook): void {
  keptHooks.set(ctx, [...(keptHooks.get(ctx) ?? []), hook]);
}

export async function runAgreementKeptHooks(ctx: AppContext, trx: Trx, kept: KeptAgreement): Promise<void> {
  for (const hook of keptHooks.get(ctx) ?? []) await hook(trx, kept);
}
