import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 退回: a mis-sent case goes back to triage, within the return limit (RETURN_LIMIT_EXCEEDED). */
export const returnCase = defineAction({
  name: 'return',
  description: '退回：非本单位职责 / Return a case that is not the unit’s to handle',
  fields: { reason: text('退回原因 / Reason', 2000) },
  rule: (state, who) => (who.leadHandler && state.status === 'dispatched' ? 'registered' : null),
  replay: (state) => {
    state.hasLead = false;
    state.extensionPending = false;
  },
});
