import { defineAction } from './spec.ts';
import { note, unitIds } from './fields.ts';

/** 吹哨: a township summons several departments to one case; each must report (报到). */
export const whistle = defineAction({
  name: 'whistle',
  description: '吹哨：召集部门报到 / Summon departments to report',
  fields: { unitIds: unitIds('召集部门 / Units summoned', 1), note: note() },
  rule: (state, who) =>
    who.townshipDispatcher && (state.status === 'registered' || state.status === 'in_progress') ? state.status : null,
});
