import { defineAction } from './spec.ts';
import { note } from './fields.ts';

/** 签收: the lead unit takes the assignment; the handling clock runs. */
export const accept = defineAction({
  name: 'accept',
  description: '签收 / Accept the assignment',
  fields: { note: note() },
  rule: (state, who) => (who.leadHandler && state.status === 'dispatched' ? 'in_progress' : null),
});
