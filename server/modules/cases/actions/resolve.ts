import { stage, toReporter, type ActionEffect } from './effect.ts';

export const resolve: ActionEffect<'resolve'> = {
  plan({ loaded, calendar, now }, body) {
    const result = body.result.trim();
    return {
      patch: {
        result,
        resolved_at: now.toISOString(),
        rating: null,
        extension_pending: null,
        ...stage(calendar, null, null),
      },
      data: { result, onTheSpot: loaded.row.status === 'registered' },
    };
  },
  notify: (row, to) => [toReporter(row, 'resolve', 'case.resolved', to)],
};
