import { AppError } from '../../../platform/http/errors.ts';
import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { deactivateAssignments, stage, toUnit, type ActionEffect } from './effect.ts';

/** Shandong hotline rules: a mis-sent case goes back within 2 working days. */
export const RETURN_LIMIT_DAYS = 2;

export const returnCase: ActionEffect<'return'> = {
  async plan({ ctx, loaded, calendar, now }, body) {
    const { row } = loaded;
    // 退回 only within 2 working days of the assignment: after that the unit handles it.
    const assignedAt = await ctx.db
      .selectFrom('case_event')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('case_id', '=', row.id)
      .where('action', 'in', ['dispatch', 'reopen'])
      .executeTakeFirst();
    if (assignedAt?.at && now > addWorkingDays(calendar, new Date(assignedAt.at), RETURN_LIMIT_DAYS)) {
      throw new AppError(
        'RETURN_LIMIT_EXCEEDED',
        `已超过 ${RETURN_LIMIT_DAYS} 个工作日的退回时限 / The ${RETURN_LIMIT_DAYS}-working-day return limit has passed`,
        { allowedActions: [] },
      );
    }
    return {
      patch: {
        lead_unit_id: null,
        extension_pending: null,
        return_count: row.return_count + 1,
        handle_deadline: null,
        ...stage(calendar, 'triage', addWorkingDays(calendar, now, 1)),
      },
      data: { reason: body.reason.trim(), unitId: row.lead_unit_id },
      after: deactivateAssignments(row.id, ['lead', 'assist']),
    };
  },
  // The dispatching centre must send it elsewhere (issue 15: staff hear of it in their inbox).
  notify: (row, to) => [toUnit(row, 'return', 'case.returned', to, row.centre_id)],
};
