import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 重办: after an unsatisfied rating the same lead unit handles the case again. */
export const reopen = defineAction({
  name: 'reopen',
  description: '重办：群众不满意 / Handle again after an unsatisfied rating',
  fields: { reason: text('重办原因 / Reason', 2000) },
  rule: (state, who) =>
    (who.triage || who.sender) &&
    state.hasLead &&
    state.rating === 'unsatisfied' &&
    (state.status === 'resolved' || state.status === 'closed')
      ? 'dispatched'
      : null,
  replay: (state) => {
    state.rating = null;
    state.extensionPending = false;
  },
});
