import { defineAction } from './spec.ts';
import { text } from './fields.ts';

/** 上报: the case goes up to the parent level's centre for triage. */
export const escalate = defineAction({
  name: 'escalate',
  description: '上报上级中心 / Send up to the centre above',
  fields: { reason: text('上报原因 / Reason', 2000) },
  rule: (state, who) =>
    (who.triage || who.gridWorker) &&
    state.canEscalate &&
    (state.status === 'registered' || state.status === 'in_progress')
      ? 'registered'
      : null,
  replay: (state) => {
    state.hasLead = false;
    state.extensionPending = false;
  },
});
