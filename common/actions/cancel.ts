import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 不予受理 / 撤销: an open case ends without handling. */
export const cancel = defineAction({
  name: 'cancel',
  description: '撤销 / Cancel',
  fields: { reason: text('撤销原因 / Reason', 2000) },
  rule: (state, who) => ((who.triage || who.sender) && isOpen(state.status) ? 'cancelled' : null),
});
