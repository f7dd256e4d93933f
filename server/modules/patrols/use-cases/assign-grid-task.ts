// 派发网格任务: township staff assign a standard task (走访, 巡查, 排查, 宣传, 信息采集) to a grid of
// their area, or to one of that grid's workers, with a due date.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { activeMembers, auditActorOf, type Actor } from '../../auth/index.ts';
import { GRID_TASK_KIND_NAMES, type GridTaskKind } from '../../../../common/grid-tasks.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { insertGridTask } from '../grid-tasks.repository.ts';
import { gridInReach } from '../patrols.policy.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { cadreOfGrid } from '../../workforce/index.ts';

export interface AssignTaskInput {
  kind: GridTaskKind;
  title: string;
  note?: string | undefined;
  unitId: number;
  assigneeId?: number | undefined;
  cadreId?: number | undefined;
  dueDate: string;
}

export async function assignGridTask(
  ctx: AppContext,
  actor: Actor,
  input: AssignTaskInput,
  clientIp: string | null,
): Promise<number> {
  const grid = await gridInReach(ctx, actor, input.unitId, 'grid_task:assign');
  const due = new Date(`${input.dueDate}T00:00:00Z`);
  if (Number.isNaN(due.getTime()) || due.toISOString().slice(0, 10) !== input.dueDate) {
    throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
      { field: 'dueDate', message: '截止日期无效 / Not a date' },
    ]);
  }
  const now = ctx.clock.now();
  if (input.dueDate < beijingDay(now)) {
    throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
      { field: 'dueDate', message: '截止日期不能早于今天 / The due date is in the past' },
    ]);
  }
  if (input.assigneeId !== undefined) {
    const members = await activeMembers(ctx.db, { unitId: grid.id, role: 'grid_worker', userIds: [input.assigneeId] });
    if (!members.has(input.assigneeId))
      throw new AppError('GRID_TASK_ASSIGNEE_INVALID', undefined, { field: 'assigneeId' });
  }
  const cadre = input.cadreId !== undefined ? await cadreOfGrid(ctx, grid.id, input.cadreId) : undefined;
  if (input.cadreId !== undefined && (!cadre || input.assigneeId !== undefined))
    throw new AppError('GRID_TASK_CADRE_INVALID', undefined, { field: 'cadreId' });
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertGridTask(trx, {
      kind: input.kind,
      title: input.title.trim(),
      note: input.note?.trim() || null,
      unitId: grid.id,
      unitPath: grid.path,
      assigneeId: input.assigneeId ?? null,
      cadreId: cadre?.id ?? null,
      dueDate: input.dueDate,
      createdBy: actor.userId,
      at: now.toISOString(),
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'grid_task:assign'),
        action: 'grid_task.assign',
        subjectType: 'grid_task',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: {
          unitId: grid.id,
          kind: input.kind,
          assigneeId: input.assigneeId ?? null,
          cadreId: cadre?.id ?? null,
          dueDate: input.dueDate,
        },
      },
      now,
    );
    // A cadre has no account: an SMS (the channel looks the phone up; no name or phone here).
    if (cadre) {
      await enqueue(
        trx,
        [
          {
            topic: 'grid_task.assigned',
            recipientType: 'cadre',
            recipient: cadre.id,
            subjectType: 'grid_task',
            subjectId: id,
            payload: { grid: grid.name, kind: GRID_TASK_KIND_NAMES[input.kind].zh, due: input.dueDate },
          },
        ],
        now,
      );
    }
    return id;
  });
}
