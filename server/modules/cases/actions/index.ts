// The table of action effects, one per action of common/actions/: the mapped type makes an action
// without its effect a compile error.
import type { CaseAction } from '../../../../common/workflow.ts';
import type { ActionEffect } from './effect.ts';
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

export const ACTION_EFFECTS: { [A in CaseAction]: ActionEffect<A> } = {
  dispatch,
  accept,
  return: returnCase,
  escalate,
  whistle,
  report,
  request_extension: requestExtension,
  decide_extension: decideExtension,
  supervise,
  assign_leader: assignLeader,
  resolve,
  rate,
  reopen,
  close,
  cancel,
  merge,
};

export type { ActionEffect, ActionEnv, Plan } from './effect.ts';
export { RETURN_LIMIT_DAYS } from './return.ts';
