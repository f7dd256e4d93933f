import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { stage, type ActionEffect } from './effect.ts';

export const accept: ActionEffect<'accept'> = {
  plan({ loaded, calendar, now, limits }, body) {
    const due = loaded.row.handle_deadline
      ? new Date(loaded.row.handle_deadline)
      : addWorkingDays(calendar, now, limits.handleDays);
    return { patch: stage(calendar, 'handle', due), data: { note: body.note ?? null } };
  },
};
