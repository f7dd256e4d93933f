// 登记 by hand: a committee's mediator registers the file of a dispute the committee is already
// handling without one (accepted before mediation records existed, or imported), so that every
// dispute in mediation can be worked the same way.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { loadVisibleCase } from '../../cases/index.ts';
import { findUnitById } from '../../org/index.ts';
import { registerFile } from './follow-case-actions.ts';

export async function openFile(ctx: AppContext, actor: Actor, caseId: number, clientIp: string | null): Promise<void> {
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  const lead = loaded.row.lead_unit_id !== null ? await findUnitById(ctx.db, loaded.row.lead_unit_id) : undefined;
  if (!lead || !actor.memberships.some((m) => m.role === 'mediator' && m.unitId === lead.id)) {
    throw new AppError(
      'FORBIDDEN',
      '只有承办调解委员会的调解员可以登记 / Only the handling committee registers',
    ).denying('case', caseId);
  }
  if (lead.type !== 'committee' || loaded.row.status !== 'in_progress') {
    throw new AppError('NOT_IN_MEDIATION');
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('mediation_file').select('id').where('case_id', '=', caseId).executeTakeFirst();
    if (exists) throw new AppError('MEDIATION_FILE_EXISTS');
    await registerFile(trx, { before: loaded.row, actor, at: now.toISOString() }, lead);
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'mediation:manage'),
        action: 'mediation.register',
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'success',
        clientIp,
        details: { committeeId: lead.id },
      },
      now,
    );
  });
}
