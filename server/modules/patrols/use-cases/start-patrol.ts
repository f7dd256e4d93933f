// 开始巡查: a grid worker starts a patrol in one of its grids. One open patrol per worker: the
// unique open_worker_id decides between two taps on two phones, and the loser is told which
// patrol is open (409).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, membershipHolds, type Actor } from '../../auth/index.ts';
import { findOpenPatrolOf, insertPatrol } from '../patrols.repository.ts';
import { gridInReach } from '../patrols.policy.ts';

const alreadyOpen = (patrolId: number) => new AppError('PATROL_ALREADY_OPEN', undefined, { patrolId });

export async function startPatrol(
  ctx: AppContext,
  actor: Actor,
  unitId: number | undefined,
  clientIp: string | null,
): Promise<number> {
  let gridId = unitId;
  if (gridId === undefined) {
    // Without a grid named: the worker's one grid.
    const grids = actor.memberships.filter(
      (m) => membershipHolds(m, 'patrol:record') && m.unitType === 'region' && m.unitLevel === 'grid',
    );
    if (grids.length !== 1) throw new AppError('PATROL_UNIT_NOT_GRID', undefined, { field: 'unitId' });
    gridId = grids[0]!.unitId;
  }
  const grid = await gridInReach(ctx, actor, gridId, 'patrol:record');
  const open = await findOpenPatrolOf(ctx.db, actor.userId);
  if (open) throw alreadyOpen(open.id);
  const now = ctx.clock.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const id = await insertPatrol(trx, {
        workerId: actor.userId,
        workerName: actor.displayName,
        unitId: grid.id,
        unitPath: grid.path,
        at: now,
      });
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'patrol:record'),
          action: 'patrol.start',
          subjectType: 'patrol',
          subjectId: id,
          outcome: 'success',
          clientIp,
          details: { unitId: grid.id },
        },
        ctx.clock.now(),
      );
      return id;
    });
  } catch (error) {
    // The unique index refused a second open patrol started at the same moment.
    const raced = await findOpenPatrolOf(ctx.db, actor.userId);
    if (raced) throw alreadyOpen(raced.id);
    throw error;
  }
}
