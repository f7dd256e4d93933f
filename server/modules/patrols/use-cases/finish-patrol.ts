// 结束巡查: the worker ends the patrol; a second finish (another tap, a retry) is refused clearly.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findPatrol, markFinished, type PatrolRow } from '../patrols.repository.ts';

export async function finishPatrol(
  ctx: AppContext,
  actor: Actor,
  patrol: PatrolRow,
  clientIp: string | null,
): Promise<void> {
  const finished = () => new AppError('PATROL_FINISHED', undefined, { finishedAt: patrol.finishedAt });
  if (patrol.status !== 'open') throw finished();
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markFinished(trx, patrol.id, now.toISOString()))) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'patrol:record'),
        action: 'patrol.finish',
        subjectType: 'patrol',
        subjectId: patrol.id,
        outcome: 'success',
        clientIp,
        details: { pointCount: patrol.pointCount, visitCount: patrol.visitCount },
      },
      now,
    );
    return true;
  });
  if (!done) {
    const now2 = await findPatrol(ctx.db, patrol.id);
    throw new AppError('PATROL_FINISHED', undefined, { finishedAt: now2?.finishedAt ?? null });
  }
}
