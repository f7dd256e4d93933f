// 完成网格任务: a worker of the grid marks the task done, once.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findGridTask, markTaskDone, type GridTaskRow } from '../grid-tasks.repository.ts';

export async function completeGridTask(
  ctx: AppContext,
  actor: Actor,
  task: GridTaskRow,
  note: string | undefined,
  clientIp: string | null,
): Promise<void> {
  if (task.status === 'done') throw new AppError('GRID_TASK_DONE', undefined, { doneAt: task.doneAt });
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markTaskDone(trx, task.id, actor.userId, note?.trim() || null, now.toISOString()))) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'grid_task:complete'),
        action: 'grid_task.complete',
        subjectType: 'grid_task',
        subjectId: task.id,
        outcome: 'success',
        clientIp,
        details: { unitId: task.unitId },
      },
      now,
    );
    return true;
  });
  if (!done) {
    const again = await findGridTask(ctx.db, task.id);
    throw new AppError('GRID_TASK_DONE', undefined, { doneAt: again?.doneAt ?? null });
  }
}
