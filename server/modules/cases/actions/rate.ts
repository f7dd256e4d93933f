import { toReporter, toUnit, type ActionEffect } from './effect.ts';

export const rate: ActionEffect<'rate'> = {
  plan({ now }, body) {
    const closes = body.rating !== 'unsatisfied';
    return {
      patch: { rating: body.rating, ...(closes ? { closed_at: now.toISOString() } : {}) },
      data: { rating: body.rating, comment: body.comment?.trim() ?? null },
    };
  },
  // The lead unit hears of its rating (issue 15): the payload names the case, not the rating's comment.
  notify: (row, to) => [
    ...(to === 'closed' ? [toReporter(row, 'rate', 'case.closed', to)] : []),
    ...(row.lead_unit_id !== null ? [toUnit(row, 'rate', 'case.rated', to, row.lead_unit_id)] : []),
  ],
};
