import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { note } from './fields.ts';

/** 报到: a summoned unit answers the whistle. */
export const report = defineAction({
  name: 'report',
  description: '报到 / Report to the whistle',
  fields: { note: note() },
  rule: (state, who) => (who.summoned && isOpen(state.status) ? state.status : null),
});
