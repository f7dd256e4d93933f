import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { caseId } from './fields.ts';

/** 并单: a duplicate is cancelled into the original case (MERGE_TARGET_INVALID otherwise). */
export const merge = defineAction({
  name: 'merge',
  description: '并单：并入重复的原事件 / Merge into the original case',
  fields: { intoCaseId: caseId('并入的事件 / Case to merge into') },
  rule: (state, who) => (who.triage && isOpen(state.status) ? 'cancelled' : null),
});
