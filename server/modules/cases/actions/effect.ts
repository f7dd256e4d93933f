// What an action does to the stored case, beside the pure rule in common/actions/: the columns it
// sets, the data its timeline event records, the assignments it changes and who is told. One
// file per action in this folder; the table is index.ts.
import type { UpdateObject } from 'kysely';
import type { AppContext, Trx } from '../../../context.ts';
import type { DB } from '../../../schema.ts';
import type { OutboxMessage } from '../../../platform/outbox/outbox.ts';
import { yellowCardAt, type WorkCalendar } from '../../../platform/calendar/working-days.ts';
import type { ActionBody, CaseAction, CaseStatus } from '../../../../common/workflow.ts';
import type { Actor } from '../../auth/index.ts';
import type { LoadedCase } from '../case-view.ts';
import type { CaseRecordTable } from '../cases.table.ts';

export type CasePatch = UpdateObject<DB, 'case_record'>;

export interface ActionEnv {
  ctx: AppContext;
  actor: Actor;
  loaded: LoadedCase;
  calendar: WorkCalendar;
  now: Date;
  /** The category's time limits, in working days. */
  limits: { acceptDays: number; handleDays: number };
}

export interface Plan {
  patch: CasePatch;
  /** What the timeline event records (no personal data: it is shown to everyone on the case). */
  data: Record<string, unknown>;
  /** Work on assignments or other cases, run after the guarded update succeeded. */
  after?: (trx: Trx, at: string) => Promise<void>;
  /** Other case rows the action changes: locked with this one, in id order, before the update. */
  alsoLocks?: number[];
}

export interface ActionEffect<A extends CaseAction> {
  plan: (env: ActionEnv, body: ActionBody<A>) => Plan | Promise<Plan>;
  /** Who hears about it; nobody when absent. */
  notify?: (row: LoadedCase['row'], to: CaseStatus, data: Record<string, unknown>) => OutboxMessage[];
}

/** A new running time limit resets the cards given for the previous one. */
export function stage(calendar: WorkCalendar, name: CaseRecordTable['stage'], deadline: Date | null): CasePatch {
  return {
    stage: name,
    stage_deadline: deadline?.toISOString() ?? null,
    yellow_at: deadline ? yellowCardAt(calendar, deadline).toISOString() : null,
    yellow_carded_at: null,
    red_carded_at: null,
    supervise_noticed_at: null,
  };
}

export function deactivateAssignments(caseId: number, roles: ('lead' | 'assist' | 'whistle')[]) {
  return async (trx: Trx): Promise<void> => {
    await trx
      .updateTable('case_assignment')
      .set({ active: 0 })
      .where('case_id', '=', caseId)
      .where('role', 'in', roles)
      .execute();
  };
}

/** Messages about a case carry no free text: titles may hold names or numbers, and adapters send payloads outside. */
function message(
  row: LoadedCase['row'],
  action: CaseAction,
  topic: string,
  to: CaseStatus,
  recipientType: OutboxMessage['recipientType'],
  recipient: number,
): OutboxMessage {
  return {
    topic,
    recipientType,
    recipient,
    subjectType: 'case',
    subjectId: row.id,
    payload: { number: row.number, categoryCode: row.category_code, action, status: to },
  };
}

export function toReporter(row: LoadedCase['row'], action: CaseAction, topic: string, to: CaseStatus): OutboxMessage {
  return message(row, action, topic, to, 'reporter', row.id);
}

export function toUnit(
  row: LoadedCase['row'],
  action: CaseAction,
  topic: string,
  to: CaseStatus,
  unitId: number,
): OutboxMessage {
  return message(row, action, topic, to, 'unit', unitId);
}
