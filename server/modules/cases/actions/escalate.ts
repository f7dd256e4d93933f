import { AppError } from '../../../platform/http/errors.ts';
import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { findUnitById, findUnitByCode } from '../../org/index.ts';
import { deactivateAssignments, stage, type ActionEffect } from './effect.ts';

export const escalate: ActionEffect<'escalate'> = {
  async plan({ ctx, loaded, calendar, now }, body) {
    const { row } = loaded;
    const centre = await findUnitById(ctx.db, row.centre_id);
    const parentRegion = centre?.parent_id != null ? await findUnitById(ctx.db, centre.parent_id) : undefined;
    const grandparent =
      parentRegion?.parent_id != null ? await findUnitById(ctx.db, parentRegion.parent_id) : undefined;
    const parentCentre = grandparent ? await findUnitByCode(ctx.db, `${grandparent.code}-centre`) : undefined;
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
