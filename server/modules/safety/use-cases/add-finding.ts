// A finding added to a screening already recorded (the worker found more on a second visit).
import type { AppContext } from '../../../context.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { ScreeningRow } from '../screening.repository.ts';
import { sealFinding, type FindingInput } from './finding-input.ts';
import { storeFinding } from './record-screening.ts';

export async function addFinding(
  ctx: AppContext,
  actor: Actor,
  screening: ScreeningRow,
  input: FindingInput,
  clientIp: string | null,
): Promise<number> {
  const finding = sealFinding(ctx, input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await storeFinding(trx, screening.id, finding, actor.userId, now.toISOString());
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'screening:record'),
        action: 'screening.finding',
        subjectType: 'screening_finding',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { screeningId: screening.id, riskGrade: finding.riskGrade, parties: finding.parties.length },
      },
      now,
    );
    return id;
  });
}
