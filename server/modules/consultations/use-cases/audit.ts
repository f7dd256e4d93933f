// One audit record per state change of a topic, written in the change's own transaction.
import type { AppContext, Trx } from '../../../context.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { Power } from '../../../../common/powers.ts';

export async function auditConsultation(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  power: Power,
  action: string,
  subject: { type: string; id: number },
  clientIp: string | null,
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await ctx.audit.append(
    trx,
    {
      actor: auditActorOf(actor, power),
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      outcome: 'success',
      clientIp,
      details,
    },
    now,
  );
}

export const powerOf = (actor: Actor): Power =>
  actor.memberships.some((m) => m.role === 'resident') ? 'consultation:take_part' : 'consultation:manage';
