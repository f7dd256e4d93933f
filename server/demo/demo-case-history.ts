// The timeline and assignments of generated demo cases: what happened to each, as events a
// dispatcher, a department and a resident would have left, written in bulk.
import type { Insertable } from 'kysely';
import type { AppContext, Trx } from '../context.ts';
import type { WorkCalendar } from '../platform/calendar/working-days.ts';
import { addWorkingDays, yellowCardAt } from '../platform/calendar/working-days.ts';
import {
  indexCaseTexts,
  type CaseAssignmentTable,
  type CaseEventTable,
  type CaseRecordTable,
} from '../modules/cases/index.ts';
import type { CaseStatus } from '../../common/workflow.ts';
import { ASSIGNMENT_COLUMNS, EVENT_COLUMNS, insertRows } from './demo-bulk-insert.ts';

/** Deadlines depend only on the start's Beijing day and the count: memoise them for bulk runs. */
export function memoisedDeadlines(calendar: WorkCalendar) {
  const add = new Map<number, Date>();
  const yellow = new Map<number, Date>();
  return {
    add(start: Date, days: number): Date {
      const key = beijingDayNumber(start) * 1000 + days;
      let value = add.get(key);
      if (!value) add.set(key, (value = addWorkingDays(calendar, start, days)));
      return value;
    },
    yellow(deadline: Date): Date {
      let value = yellow.get(deadline.getTime());
      if (!value) yellow.set(deadline.getTime(), (value = yellowCardAt(calendar, deadline)));
      return value;
    },
  };
}

/** Days since 1970 in Beijing time: a cheap key for "the same Beijing day". */
export const beijingDayNumber = (instant: Date) => Math.floor((instant.getTime() + 8 * 3600_000) / 86_400_000);

/** What a generated case went through, decided when it was generated. */
export interface CasePlan {
  status: CaseStatus;
  created: Date;
  leadUnitId: number | null;
  result: string | null;
  rating: CaseRecordTable['rating'];
}

export async function writeHistory(
  ctx: AppContext,
  trx: Trx,
  deadlines: ReturnType<typeof memoisedDeadlines>,
  inserted: { id: number; search_text: string }[],
  plans: CasePlan[],
  staff: { id: number; username: string; display_name: string }[],
): Promise<Set<number>> {
  const byName = new Map(staff.map((s) => [s.username, s]));
  const who = (username: string) => byName.get(username);
  const events: Insertable<CaseEventTable>[] = [];
  const assignments: Insertable<CaseAssignmentTable>[] = [];
  inserted.forEach((row, index) => {
    const plan = plans[index]!;
    let seq = 0;
    let at = plan.created.getTime();
    const push = (
      action: string,
      from: string | null,
      to: string,
      username: string,
      data: Record<string, unknown> = {},
    ) => {
      const actor = who(username);
      events.push({
        case_id: row.id,
        seq: ++seq,
        action,
        from_status: from,
        to_status: to,
        actor_user_id: actor?.id ?? null,
        actor_name: actor?.display_name ?? null,
        actor_role: null,
        actor_unit_id: null,
        at: new Date(at).toISOString(),
        data: JSON.stringify(data),
      });
      at += 3 * 3600_000;
    };
    push('register', null, 'registered', 'operator');
    if (plan.leadUnitId !== null) {
      push('dispatch', 'registered', 'dispatched', 'dispatcher', { leadUnitId: plan.leadUnitId });
      assignments.push({
        case_id: row.id,
        unit_id: plan.leadUnitId,
        role: 'lead',
        active: 1,
        deadline: deadlines.add(plan.created, 5).toISOString(),
        reported_at: null,
        note: null,
        created_at: plan.created.toISOString(),
      });
      if (plan.status !== 'dispatched' && plan.status !== 'cancelled')
        push('accept', 'dispatched', 'in_progress', 'department');
    }
    if (plan.result) push('resolve', 'in_progress', 'resolved', 'department', { result: plan.result });
    if (plan.status === 'closed')
      push('rate', 'resolved', plan.rating === 'unsatisfied' ? 'resolved' : 'closed', 'resident', {
        rating: plan.rating,
      });
    if (plan.status === 'closed' && plan.rating === 'unsatisfied')
      push('close', 'resolved', 'closed', 'dispatcher', { note: '已向群众解释说明' });
    if (plan.status === 'cancelled')
      push('cancel', plan.leadUnitId ? 'dispatched' : 'registered', 'cancelled', 'dispatcher', {
        reason: '重复反映，已合并处理',
      });
  });
  await insertRows(trx, ctx.dialect, 'case_event', EVENT_COLUMNS, events);
  await insertRows(trx, ctx.dialect, 'case_assignment', ASSIGNMENT_COLUMNS, assignments);
  for (let i = 0; i < inserted.length; i += 1000) await indexCaseTexts(trx, ctx.dialect, inserted.slice(i, i + 1000));
  // The cases that count as responded (响应): dispatched, accepted or resolved on the spot.
  return new Set(
    events
      .filter(
        (e) =>
          e.action === 'dispatch' ||
          e.action === 'accept' ||
          (e.action === 'resolve' && e.from_status === 'registered'),
      )
      .map((e) => e.case_id),
  );
}
