import { Type } from 'typebox';
import { defineAction } from './spec.ts';
import { note, unitId, unitIds } from './fields.ts';

/** 交办: the owning centre assigns a lead unit (and helpers); the acceptance clock starts. */
export const dispatch = defineAction({
  name: 'dispatch',
  description: '交办：指定主办单位和协办单位 / Assign a lead unit and assisting units',
  fields: {
    leadUnitId: unitId('主办单位 / Lead unit'),
    assistUnitIds: Type.Optional(unitIds('协办单位 / Assisting units', 0)),
    note: note(),
  },
  rule: (state, who) => (who.triage && state.status === 'registered' ? 'dispatched' : null),
  replay: (state) => {
    state.hasLead = true;
  },
});
