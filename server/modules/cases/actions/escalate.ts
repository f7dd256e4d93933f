import { AppError } from '../../../platform/http/errors.ts';
import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { centreAbove } from '../../org/index.ts';
import { deactivateAssignments, stage, type ActionEffect } from './effect.ts';

export const escalate: ActionEffect<'escalate'> = {
  async plan({ ctx, loaded, calendar, now }, body) {
    const { row } = loaded;
    const parentCentre = await centreAbove(ctx.db, row.centre_id);
    if (!parentCentre) throw new AppError('NO_PARENT_CENTRE', undefined, { allowedActions: [] });
    return {
      patch: {
        centre_id: parentCentre.id,
        lead_unit_id: null,
        extension_pending: null,
        handle_deadline: null,
        ...stage(calendar, 'triage', addWorkingDays(calendar, now, 1)),
      },
      data: {
        reason: body.reason.trim(),
        fromCentreId: row.centre_id,
        toCentreId: parentCentre.id,
        toCentreName: parentCentre.name,
      },
      after: deactivateAssignments(row.id, ['lead', 'assist', 'whistle']),
    };
  },
};
