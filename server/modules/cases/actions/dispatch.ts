import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { assignableUnits } from './assignable-units.ts';
import { deactivateAssignments, stage, toReporter, toUnit, type ActionEffect } from './effect.ts';

export const dispatch: ActionEffect<'dispatch'> = {
  async plan(env, body) {
    const { row } = env.loaded;
    const assist = [...new Set(body.assistUnitIds ?? [])].filter((id) => id !== body.leadUnitId);
    const [lead] = await assignableUnits(env, [body.leadUnitId], 'leadUnitId');
    await assignableUnits(env, assist, 'assistUnitIds');
    const acceptBy = addWorkingDays(env.calendar, env.now, env.limits.acceptDays);
    const handleBy = addWorkingDays(env.calendar, env.now, env.limits.handleDays);
    return {
      patch: {
        lead_unit_id: lead!.id,
        handle_deadline: handleBy.toISOString(),
        extension_days: 0,
        ...stage(env.calendar, 'accept', acceptBy),
      },
      data: {
        leadUnitId: lead!.id,
        leadUnitName: lead!.name,
        assistUnitIds: assist,
        note: body.note ?? null,
        acceptBy: acceptBy.toISOString(),
        handleBy: handleBy.toISOString(),
      },
      after: async (trx, at) => {
        await deactivateAssignments(row.id, ['lead', 'assist'])(trx);
        await trx
          .insertInto('case_assignment')
          .values(
            [lead!.id, ...assist].map((unitId, i) => ({
              case_id: row.id,
              unit_id: unitId,
              role: i === 0 ? ('lead' as const) : ('assist' as const),
              active: 1,
              deadline: handleBy.toISOString(),
              reported_at: null,
              note: body.note ?? null,
              created_at: at,
            })),
          )
          .execute();
      },
    };
  },
  notify: (row, to, data) => [
    toReporter(row, 'dispatch', 'case.dispatched', to),
    toUnit(row, 'dispatch', 'case.assigned', to, Number(data.leadUnitId)),
    ...((data.assistUnitIds as number[] | undefined) ?? []).map((id) =>
      toUnit(row, 'dispatch', 'case.assigned', to, id),
    ),
  ],
};
