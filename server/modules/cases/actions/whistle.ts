import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { assignableUnits } from './assignable-units.ts';
import { toUnit, type ActionEffect } from './effect.ts';

export const whistle: ActionEffect<'whistle'> = {
  async plan(env, body) {
    const ids = [...new Set(body.unitIds)];
    const units = await assignableUnits(env, ids, 'unitIds');
    const reportBy = addWorkingDays(env.calendar, env.now, 1);
    return {
      patch: {},
      data: {
        unitIds: ids,
        unitNames: units.map((u) => u.name),
        note: body.note ?? null,
        reportBy: reportBy.toISOString(),
      },
      after: async (trx, at) => {
        await trx
          .insertInto('case_assignment')
          .values(
            units.map((u) => ({
              case_id: env.loaded.row.id,
              unit_id: u.id,
              role: 'whistle' as const,
              active: 1,
              deadline: reportBy.toISOString(),
              reported_at: null,
              note: body.note ?? null,
              created_at: at,
            })),
          )
          .execute();
      },
    };
  },
  notify: (row, to, data) =>
    ((data.unitIds as number[] | undefined) ?? []).map((id) => toUnit(row, 'whistle', 'case.whistled', to, id)),
};
