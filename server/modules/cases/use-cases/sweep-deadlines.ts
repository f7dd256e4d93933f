import { sql } from 'kysely';
// The sweeper: yellow card one working day before a stage deadline, red card after it, an
// automatic supervision notice one working day after that, and auto-close of resolved cases left
// unrated. Every timer lives in the database and each step is claimed by a conditional update, so
// after a restart or with several app processes each card, notice and closing happens once.
import type { AppContext, Trx } from '../../../context.ts';
import { addWorkingDays } from '../../../platform/calendar/working-days.ts';
import { enqueue, type OutboxMessage } from '../../../platform/outbox/outbox.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { appendEvent, type CaseRow } from '../cases.repository.ts';
import { OPEN_STATUSES } from '../../../../common/workflow.ts';
import { statusChangedNotice } from '../status-notice.ts';

export interface SweepResult {
  yellow: number;
  red: number;
  supervised: number;
  autoClosed: number;
}

const SYSTEM_NAME = '系统 / System';

async function record(
  ctx: AppContext,
  trx: Trx,
  row: CaseRow,
  action: string,
  toStatus: CaseRow['status'],
  data: Record<string, unknown>,
  messages: OutboxMessage[],
  now: Date,
): Promise<void> {
  await appendEvent(trx, {
    case_id: row.id,
    action,
    from_status: row.status,
    to_status: toStatus,
    actor_user_id: null,
    actor_name: SYSTEM_NAME,
    actor_role: null,
    actor_unit_id: null,
    at: now.toISOString(),
    data: JSON.stringify(data),
  });
  await enqueue(trx, messages, now);
  await ctx.audit.append(
    trx,
    {
      actor: null,
      action: `case.${action}`,
      subjectType: 'case',
      subjectId: row.id,
      outcome: 'success',
      details: data,
    },
    now,
  );
}

function unitsToWarn(row: CaseRow, topic: string): OutboxMessage[] {
  const payload = {
    number: row.number,
    categoryCode: row.category_code,
    stage: row.stage,
    deadline: row.stage_deadline,
  };
  const to = row.lead_unit_id !== null && row.stage !== 'triage' ? [row.lead_unit_id, row.centre_id] : [row.centre_id];
  return to.map((unitId) => ({
    topic,
    recipientType: 'unit',
    recipient: unitId,
    subjectType: 'case',
    subjectId: row.id,
    payload,
  }));
}

export async function sweepDeadlines(
  ctx: AppContext,
  autoCloseDays: number,
  now: Date = ctx.clock.now(),
): Promise<SweepResult> {
  const at = now.toISOString();
  const result: SweepResult = { yellow: 0, red: 0, supervised: 0, autoClosed: 0 };
  const open = [...OPEN_STATUSES];

  // A card is due when its time has come and it was not given for this stage's deadline yet.
  const giveCards = async (card: 'yellow' | 'red'): Promise<number> => {
    const flag = card === 'yellow' ? 'yellow_carded_at' : 'red_carded_at';
    let query = ctx.db.selectFrom('case_record').selectAll().where('status', 'in', open).where(flag, 'is', null);
    query = card === 'yellow' ? query.where('yellow_at', '<=', at) : query.where('stage_deadline', '<', at);
    let given = 0;
    for (const row of await query.orderBy('id').limit(500).execute()) {
      const claimed = await ctx.db.transaction().execute(async (trx) => {
        const update = await trx
          .updateTable('case_record')
          .set({ [flag]: at })
          .where('id', '=', row.id)
          .where(flag, 'is', null)
          .where('stage_deadline', '=', row.stage_deadline)
          .where('status', 'in', open)
          .executeTakeFirst();
        if (Number(update.numUpdatedRows) !== 1) return false;
        await record(
          ctx,
          trx,
          row,
          `${card}_card`,
          row.status,
          { stage: row.stage, deadline: row.stage_deadline },
          unitsToWarn(row, `case.${card}_card`),
          now,
        );
        return true;
      });
      if (claimed) given++;
    }
    return given;
  };
  result.yellow = await giveCards('yellow');
  result.red = await giveCards('red');

  const calendar = await loadWorkCalendar(ctx.db);
  const overdue = await ctx.db
    .selectFrom('case_record')
    .selectAll()
    .where('status', 'in', open)
    .where('red_carded_at', 'is not', null)
    .where('supervise_noticed_at', 'is', null)
    .orderBy('id')
    .limit(500)
    .execute();
  for (const row of overdue) {
    if (!row.stage_deadline || addWorkingDays(calendar, new Date(row.stage_deadline), 1) > now) continue;
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      const update = await trx
        .updateTable('case_record')
        .set({ supervise_noticed_at: at, supervise_count: sql`supervise_count + 1` })
        .where('id', '=', row.id)
        .where('supervise_noticed_at', 'is', null)
        .where('stage_deadline', '=', row.stage_deadline)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) return false;
      await record(
        ctx,
        trx,
        row,
        'auto_supervise',
        row.status,
        { stage: row.stage, deadline: row.stage_deadline },
        unitsToWarn(row, 'case.supervised'),
        now,
      );
      return true;
    });
    if (claimed) result.supervised++;
  }

  const closeBefore = new Date(now.getTime() - autoCloseDays * 86_400_000).toISOString();
  const unrated = await ctx.db
    .selectFrom('case_record')
    .selectAll()
    .where('status', '=', 'resolved')
    .where('rating', 'is', null)
    .where('resolved_at', '<=', closeBefore)
    .orderBy('id')
    .limit(500)
    .execute();
  for (const row of unrated) {
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      const update = await trx
        .updateTable('case_record')
        .set({ status: 'closed', closed_at: at, version: row.version + 1, updated_at: at })
        .where('id', '=', row.id)
        .where('status', '=', 'resolved')
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) return false;
      const payload = { number: row.number, categoryCode: row.category_code, status: 'closed' };
      await record(
        ctx,
        trx,
        row,
        'auto_close',
        'closed',
        { afterDays: autoCloseDays },
        [
          {
            topic: 'case.closed',
            recipientType: 'reporter',
            recipient: row.id,
            subjectType: 'case',
            subjectId: row.id,
            payload,
          },
          ...statusChangedNotice(row, 'closed', 'auto_close', at),
        ],
        now,
      );
      return true;
    });
    if (claimed) result.autoClosed++;
  }
  return result;
}
