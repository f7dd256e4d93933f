import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { stage, type ActionEffect } from './effect.ts';

export const decideExtension: ActionEffect<'decide_extension'> = {
  plan({ loaded, calendar, now }, body) {
    const { row } = loaded;
    const note = body.note ?? null;
    if (!body.approved) return { patch: { extension_pending: null }, data: { approved: false, note } };
    const pending = JSON.parse(row.extension_pending ?? '{}') as { days?: number };
    const days = pending.days ?? 0;
    const handleBy = addWorkingDays(calendar, row.handle_deadline ? new Date(row.handle_deadline) : now, days);
    return {
      patch: {
        extension_pending: null,
        extension_days: row.extension_days + days,
        handle_deadline: handleBy.toISOString(),
        ...(row.stage === 'handle' ? stage(calendar, 'handle', handleBy) : {}),
      },
      data: { approved: true, days, handleBy: handleBy.toISOString(), note },
    };
  },
};
