import { Type } from 'typebox';
import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { note } from './fields.ts';

/** 审批延期: the dispatcher grants or refuses the pending request. */
export const decideExtension = defineAction({
  name: 'decide_extension',
  description: '审批延期申请 / Decide on the extension request',
  fields: { approved: Type.Boolean({ description: '是否同意 / Approved' }), note: note() },
  rule: (state, who) => (who.triage && state.extensionPending && isOpen(state.status) ? state.status : null),
  replay: (state) => {
    state.extensionPending = false;
  },
});
