// What mediation does when the case moves, inside the case action's own transaction:
// - a committee accepts a dispute: the mediation file is registered (登记) with its legal time
//   limit, and a hand-off from a court, police station or petition office is receipted;
// - the case is resolved: a committee's file must carry its outcome first; hand-offs get the
//   result returned to their sender, who is notified;
// - the case is cancelled or merged: open hand-offs are returned as such, nothing waits unseen;
// - the case is escalated away from the committee: its file stops until it comes back.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { addWorkingDays, beijingDay, endOfBeijingDay } from '../../../platform/calendar/working-days.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { nextNumber, onCaseAction, type CaseActionEvent } from '../../cases/index.ts';
import { findUnitById, type OrgUnitRow } from '../../org/index.ts';
import { INCOMING_KINDS } from '../referral-kinds.ts';

/** 人民调解: one month; medical disputes 30 working days (Shandong rules). */
export async function mediationDeadline(trx: Trx, committee: OrgUnitRow, categoryCode: string, now: Date) {
  if (committee.kind === 'medical' || categoryCode === 'DSP.MEDICAL') {
    return addWorkingDays(await loadWorkCalendar(trx), now, 30);
  }
  const [y, m, d] = beijingDay(now).split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const next = new Date(Date.UTC(y, m, Math.min(d, lastDay)));
  return endOfBeijingDay(next.toISOString().slice(0, 10));
}

/** e.g. 潍城区联合调〔2026〕12号: per committee and year. */
async function fileNumber(trx: Trx, committee: OrgUnitRow, now: Date): Promise<string> {
  const year = beijingDay(now).slice(0, 4);
  const seq = await nextNumber(trx, `mediation:${committee.id}:${year}`);
  return `${committee.name.replace(/人民调解委员会$/, '')}调〔${year}〕${seq}号`;
}

export async function registerFile(
  trx: Trx,
  event: Pick<CaseActionEvent, 'before' | 'actor' | 'at'>,
  committee: OrgUnitRow,
): Promise<{ id: number; number: string }> {
  const existing = await trx
    .selectFrom('mediation_file')
    .select(['id', 'version', 'number'])
    .where('case_id', '=', event.before.id)
    .executeTakeFirst();
  const now = new Date(event.at);
  if (existing) {
    // Reopened after an unsatisfied rating, or sent back to the same committee: mediation resumes.
    await trx
      .updateTable('mediation_file')
      .set({
        status: 'open',
        committee_id: committee.id,
        outcome: null,
        outcome_note: null,
        outcome_at: null,
        version: existing.version + 1,
        updated_at: event.at,
      })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, number: existing.number };
  }
  const lead = event.actor.memberships.find((m) => m.unitId === committee.id && m.role === 'mediator');
  const number = await fileNumber(trx, committee, now);
  return trx
    .insertInto('mediation_file')
    .values({
      case_id: event.before.id,
      committee_id: committee.id,
      number,
      status: 'open',
      lead_mediator_id: lead ? event.actor.userId : null,
      assist_mediator_ids: '[]',
      registered_at: event.at,
      deadline: (await mediationDeadline(trx, committee, event.before.category_code, now)).toISOString(),
      extension: null,
      outcome: null,
      outcome_note: null,
      outcome_at: null,
      version: 1,
      updated_at: event.at,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

async function returnReferrals(trx: Trx, event: CaseActionEvent, outcome: string, result: string) {
  const open = await trx
    .selectFrom('referral')
    .select(['id', 'from_unit_id', 'kind', 'external_ref'])
    .where('case_id', '=', event.before.id)
    .where('kind', 'in', [...INCOMING_KINDS])
    .where('status', '!=', 'returned')
    .execute();
  if (open.length === 0) return;
  await trx
    .updateTable('referral')
    .set({
      status: 'returned',
      result_outcome: outcome,
      result,
      returned_at: event.at,
      returned_by: event.actor.userId,
    })
    .where(
      'id',
      'in',
      open.map((r) => r.id),
    )
    .execute();
  await enqueue(
    trx,
    open.map((r) => ({
      topic: 'referral.returned',
      recipientType: 'unit' as const,
      recipient: r.from_unit_id,
      subjectType: 'referral',
      subjectId: r.id,
      payload: { caseNumber: event.before.number, kind: r.kind, outcome },
    })),
    new Date(event.at),
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function followCaseActions(ctx: AppContext): void {
  onCaseAction(ctx, async (trx, event) => {
    const leadId = event.before.lead_unit_id;
    switch (event.action) {
      case 'accept': {
        const lead = leadId !== null ? await findUnitById(trx, leadId) : undefined;
        if (lead?.type !== 'committee') return;
        await registerFile(trx, event, lead);
        await trx
          .updateTable('referral')
          .set({ status: 'received', received_at: event.at, received_by: event.actor.userId })
          .where('case_id', '=', event.before.id)
          .where('to_unit_id', '=', lead.id)
          .where('kind', 'in', [...INCOMING_KINDS])
          .where('status', '=', 'sent')
          .execute();
        return;
      }
      case 'resolve': {
        const file = await trx
          .selectFrom('mediation_file')
          .select(['id', 'committee_id', 'outcome', 'status'])
          .where('case_id', '=', event.before.id)
          .executeTakeFirst();
        if (file && file.status === 'open' && file.committee_id === leadId) {
          throw new AppError(
            'MEDIATION_OUTCOME_REQUIRED',
            '调解案件请先登记调解结果（达成协议、未达成协议或撤回） / Record the mediation outcome first',
            { allowedActions: [] },
          );
        }
        await returnReferrals(trx, event, file?.outcome ?? 'resolved', str(event.data.result));
        return;
      }
      case 'cancel':
      case 'merge': {
        await trx
          .updateTable('mediation_file')
          // Not a mediation outcome: the figures count only files a committee concluded.
          .set({
            status: 'concluded',
            outcome_note: event.action === 'merge' ? '事件已并单' : '事件已撤销',
            outcome_at: event.at,
          })
          .where('case_id', '=', event.before.id)
          .where('status', '=', 'open')
          .execute();
        const why =
          event.action === 'merge' ? `并入 ${str(event.data.intoNumber)}` : `已撤销：${str(event.data.reason)}`;
        await returnReferrals(trx, event, 'cancelled', why);
        return;
      }
      case 'escalate':
        // Taken away from the committee: the file stops (and resumes if it comes back).
        await trx
          .updateTable('mediation_file')
          .set({ status: 'concluded', outcome_note: '事件已上报上级中心', outcome_at: event.at })
          .where('case_id', '=', event.before.id)
          .where('status', '=', 'open')
          .execute();
        return;
      case 'dispatch':
      case 'return':
      case 'whistle':
      case 'report':
      case 'request_extension':
      case 'decide_extension':
      case 'supervise':
      case 'assign_leader': // 领导包案: who answers for the case; the committee's file goes on.
      case 'rate':
      case 'reopen':
      case 'close':
        return;
    }
  });
}
