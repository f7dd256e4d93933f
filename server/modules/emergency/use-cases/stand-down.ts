// 解除应急状态: the leader stands the emergency down with a summary; the list is closed to marks and
// the report (.docx) gives its final figures.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { standDown, type EmergencyRow } from '../emergency.repository.ts';

export async function standDownEmergency(
  ctx: AppContext,
  actor: Actor,
  emergency: EmergencyRow,
  summary: string | undefined,
  clientIp: string | null,
): Promise<void> {
  if (emergency.status !== 'active') throw new AppError('EMERGENCY_CLOSED');
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await standDown(trx, emergency.id, actor.userId, now.toISOString(), summary?.trim() || null))) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'emergency:declare'),
        action: 'emergency.stand_down',
        subjectType: 'emergency',
        subjectId: emergency.id,
        outcome: 'success',
        clientIp,
        details: { unitId: emergency.unitId, drill: emergency.drill },
      },
      now,
    );
    return true;
  });
  if (!done) throw new AppError('EMERGENCY_CLOSED');
}
