import { stage, toReporter, type ActionEffect } from './effect.ts';

export const close: ActionEffect<'close'> = {
  plan: ({ calendar, now }, body) => ({
    patch: { closed_at: now.toISOString(), ...stage(calendar, null, null) },
    data: { note: body.note ?? null },
  }),
  notify: (row, to) => [toReporter(row, 'close', 'case.closed', to)],
};
