import { Type } from 'typebox';
import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 申请延期: at most 10 working days in all (EXTENSION_LIMIT_EXCEEDED). */
export const requestExtension = defineAction({
  name: 'request_extension',
  description: '申请延期 / Ask for more time',
  fields: {
    days: Type.Integer({ minimum: 1, maximum: 10, description: '延期工作日数 / Working days' }),
    reason: text('延期原因 / Reason', 2000),
  },
  rule: (state, who) =>
    who.leadHandler && state.status === 'in_progress' && !state.extensionPending ? state.status : null,
  replay: (state) => {
    state.extensionPending = true;
  },
});
