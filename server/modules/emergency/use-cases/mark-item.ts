// 入户走访标记: a worker of the item's grid marks it reached, not reached or in need, with a note.
// Marking again updates the same item (never a second row); with the `version` read, a mark made
// meanwhile by someone else is a 409 that carries the item as it is now.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { VisitResult } from '../../../../common/emergency.ts';
import { findItem, markItem, type EmergencyItemRow, type EmergencyRow } from '../emergency.repository.ts';

export async function markEmergencyItem(
  ctx: AppContext,
  actor: Actor,
  emergency: EmergencyRow,
  item: EmergencyItemRow,
  input: { result: VisitResult; note?: string; version?: number },
  clientIp: string | null,
  present: (item: EmergencyItemRow) => Promise<unknown>,
): Promise<void> {
  if (emergency.status !== 'active') throw new AppError('EMERGENCY_CLOSED');
  const now = ctx.clock.now();
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const ok = await markItem(trx, item.id, {
      result: input.result,
      note: input.note?.trim() || null,
      by: actor.userId,
      at: now.toISOString(),
      version: input.version,
    });
    if (!ok) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'emergency:mark'),
        action: 'emergency.mark',
        subjectType: 'emergency_item',
        subjectId: item.id,
        outcome: 'success',
        clientIp,
        details: { emergencyId: emergency.id, gridId: item.gridId, result: input.result },
      },
      now,
    );
    return true;
  });
  if (!changed) {
    const current = await findItem(ctx.db, emergency.id, item.id);
    throw new AppError('EMERGENCY_ITEM_VERSION_CONFLICT', undefined, {
      current: current ? await present(current) : null,
    });
  }
}
