// The table of case actions: one spec per action (its own file), in the order the web offers them.
// Adding an action: a file here, its line below, and its effect in server/modules/cases/actions/.
import { Type, type Static } from 'typebox';
import { accept } from './accept.ts';
import { assignLeader } from './assign-leader.ts';
import { cancel } from './cancel.ts';
import { close } from './close.ts';
import { decideExtension } from './decide-extension.ts';
import { dispatch } from './dispatch.ts';
import { escalate } from './escalate.ts';
import { merge } from './merge.ts';
import { rate } from './rate.ts';
import { reopen } from './reopen.ts';
import { report } from './report.ts';
import { requestExtension } from './request-extension.ts';
import { resolve } from './resolve.ts';
import { returnCase } from './return.ts';
import { supervise } from './supervise.ts';
import { whistle } from './whistle.ts';

const SPECS = [
  dispatch,
  accept,
  returnCase,
  escalate,
  whistle,
  report,
  requestExtension,
  decideExtension,
  supervise,
  assignLeader,
  resolve,
  rate,
  reopen,
  close,
  cancel,
  merge,
] as const;

type Spec = (typeof SPECS)[number];
export type CaseAction = Spec['name'];

export const CASE_ACTIONS: readonly CaseAction[] = SPECS.map((spec) => spec.name);

export const ACTION_SPECS = Object.fromEntries(SPECS.map((spec) => [spec.name, spec])) as {
  [S in Spec as S['name']]: S;
}; // Object.fromEntries loses the per-key types that the mapped type restores.

/** The body of one action, e.g. `ActionBody<'resolve'>` = `{action:'resolve', version, result}`. */
export type ActionBody<A extends CaseAction = CaseAction> = A extends CaseAction
  ? Static<(typeof ACTION_SPECS)[A]['request']>
  : never;

/**
 * The request body of POST /cases/{id}/actions: one branch per action, told apart by `action`,
 * so a validator reports the missing fields of the branch the client chose (a `resolve` without
 * `result` is a 400 naming `result`).
 */
export const ActionRequestBody = Type.Unsafe<ActionBody>({
  // ajv's discriminator checks only objects and stands in for oneOf: without `type`, a body that
  // is a bare string or number would pass validation.
  type: 'object',
  oneOf: SPECS.map((spec) => spec.request),
  discriminator: { propertyName: 'action' },
  description: '办理操作，按 action 区分 / A workflow action, by `action`',
});

export function isCaseAction(value: string): value is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(value);
}

export type { ActionSpec, EventData } from './spec.ts';
