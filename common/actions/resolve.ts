import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 办结: the lead unit's result, or a grid worker's on the spot (就地化解) from registered. */
export const resolve = defineAction({
  name: 'resolve',
  description: '办结：填写办理结果 / Resolve with the result',
  fields: { result: text('办理结果 / Result', 5000) },
  rule: (state, who) =>
    (who.leadHandler && state.status === 'in_progress') || (who.gridWorker && state.status === 'registered')
      ? 'resolved'
      : null,
  replay: (state) => {
    state.rating = null;
    state.extensionPending = false;
  },
});
