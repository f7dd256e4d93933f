import { defineAction } from './spec.ts';
import { note } from './fields.ts';

/** 结案: the dispatcher closes a resolved case (the sweeper does it after the rating window). */
export const close = defineAction({
  name: 'close',
  description: '结案 / Close',
  fields: { note: note() },
  rule: (state, who) => (who.triage && state.status === 'resolved' ? 'closed' : null),
});
