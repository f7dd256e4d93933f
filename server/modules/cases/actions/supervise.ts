import { sql } from 'kysely';
import { toUnit, type ActionEffect } from './effect.ts';

export const supervise: ActionEffect<'supervise'> = {
  // Counted in the update itself, so it adds up with the sweeper's notices.
  plan: (_env, body) => ({
    patch: { supervise_count: sql<number>`supervise_count + 1` },
    data: { note: body.note.trim() },
  }),
  notify: (row, to) =>
    row.lead_unit_id !== null ? [toUnit(row, 'supervise', 'case.supervised', to, row.lead_unit_id)] : [],
};
