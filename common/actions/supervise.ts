import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 督办: a formal push on an open case, counted in evaluation. */
export const supervise = defineAction({
  name: 'supervise',
  description: '督办 / Press for action',
  fields: { note: text('督办意见 / Instruction', 2000) },
  rule: (state, who) => (who.supervisor && isOpen(state.status) ? state.status : null),
});
