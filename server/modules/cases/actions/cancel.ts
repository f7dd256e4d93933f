import { deactivateAssignments, stage, type ActionEffect } from './effect.ts';

export const cancel: ActionEffect<'cancel'> = {
  plan: ({ loaded, calendar, now }, body) => ({
    patch: { closed_at: now.toISOString(), ...stage(calendar, null, null) },
    data: { reason: body.reason.trim() },
    after: deactivateAssignments(loaded.row.id, ['lead', 'assist', 'whistle']),
  }),
};
