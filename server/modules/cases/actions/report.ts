import { AppError } from '../../../platform/http/errors.ts';
import type { ActionEffect } from './effect.ts';

export const report: ActionEffect<'report'> = {
  plan({ actor, loaded }, body) {
    const mine = new Set(actor.memberships.map((m) => m.unitId));
    const units = loaded.facts.pendingWhistleUnitIds.filter((id) => mine.has(id));
    // The rule offers 报到 to a member of a summoned unit; this holds it to the units still pending.
    if (units.length === 0) throw new AppError('NOT_SUMMONED', undefined, { allowedActions: [] });
    return {
      patch: {},
      data: { unitIds: units, note: body.note ?? null },
      after: async (trx, at) => {
        await trx
          .updateTable('case_assignment')
          .set({ reported_at: at })
          .where('case_id', '=', loaded.row.id)
          .where('role', '=', 'whistle')
          .where('unit_id', 'in', units)
          .where('reported_at', 'is', null)
          .execute();
      },
    };
  },
};
