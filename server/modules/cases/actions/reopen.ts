import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { stage, toUnit, type ActionEffect } from './effect.ts';

export const reopen: ActionEffect<'reopen'> = {
  plan({ loaded, calendar, now, limits }, body) {
    const { row } = loaded;
    const acceptBy = addWorkingDays(calendar, now, limits.acceptDays);
    const handleBy = addWorkingDays(calendar, now, limits.handleDays);
    return {
      patch: {
        extension_pending: null,
        rating: null,
        result: null,
        resolved_at: null,
        closed_at: null,
        reopen_count: row.reopen_count + 1,
        handle_deadline: handleBy.toISOString(),
        extension_days: 0,
        ...stage(calendar, 'accept', acceptBy),
      },
      // The new time limits, as dispatch records them: a KPI judges the acceptance after a reopen by them.
      data: {
        reason: body.reason.trim(),
        leadUnitId: row.lead_unit_id,
        acceptBy: acceptBy.toISOString(),
        handleBy: handleBy.toISOString(),
      },
    };
  },
  notify: (row, to) =>
    row.lead_unit_id !== null ? [toUnit(row, 'reopen', 'case.reopened', to, row.lead_unit_id)] : [],
};
