import { isOpen } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { leaderId, note } from './fields.ts';

/**
 * 领导包案: a named leader answers for an open case until it is closed — meant for a red-grade
 * dispute or a case behind a red warning (the dispatcher or leader judges; the rule does not read
 * grades, which other modules keep). Taken by whoever supervises the case (a dispatcher triaging it
 * or a leader over it); taken again, it hands the case to another leader. The status does not change.
 */
export const assignLeader = defineAction({
  name: 'assign_leader',
  description: '领导包案 / Assign a leader to answer for the case',
  fields: { leaderUserId: leaderId('包案领导 / Leader'), note: note() },
  rule: (state, who) => (who.supervisor && isOpen(state.status) ? state.status : null),
});
