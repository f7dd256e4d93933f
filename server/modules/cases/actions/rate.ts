import { toReporter, type ActionEffect } from './effect.ts';

export const rate: ActionEffect<'rate'> = {
  plan({ now }, body) {
    const closes = body.rating !== 'unsatisfied';
    return {
      patch: { rating: body.rating, ...(closes ? { closed_at: now.toISOString() } : {}) },
      data: { rating: body.rating, comment: body.comment?.trim() ?? null },
    };
  },
  notify: (row, to) => (to === 'closed' ? [toReporter(row, 'rate', 'case.closed', to)] : []),
};
