// 回访: visits after the agreement took effect, recording whether it is being kept.
import type { AppContext } from '../../../context.ts';
import type { Actor } from '../../auth/index.ts';
import { findAgreement, type LoadedFile } from '../mediation-file.ts';
import type { Performance } from '../mediation.table.ts';
import { loadBoundAgreement } from '../agreement-binding.ts';
import { requireUnaltered } from '../agreement-text.ts';
import { inFile, invalid, rule, text } from './file-command.ts';
import { runAgreementBrokenHooks, runAgreementKeptHooks } from '../follow-up-hooks.ts';
import { creditPartiesOfFile } from '../credit-parties.ts';

/** 回访: whether the agreement is being kept. */
export async function recordFollowUp(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: {
    performance: Performance;
    note: string;
    visitedAt?: string | undefined;
    brokenByPartyIds?: number[] | undefined;
  },
  clientIp: string | null,
): Promise<void> {
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  if (agreement?.status !== 'effective')
    throw rule('AGREEMENT_NOT_EFFECTIVE', '只有生效的协议需要回访 / Only an agreement in effect is followed up');
  // In effect only while its text is the one signed.
  requireUnaltered((await loadBoundAgreement(ctx, ctx.db, loaded)).binding);
  const visitedAt = input.visitedAt ? new Date(input.visitedAt) : ctx.clock.now();
  if (Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > ctx.clock.now().getTime() + 3_600_000)
    throw invalid('visitedAt', '时间无效 / Invalid time');
  const note = text(input.note, 'note', 2);
  const brokenBy = input.brokenByPartyIds;
  if (brokenBy && input.performance !== 'broken')
    throw invalid('brokenByPartyIds', '仅在协议未履行时填写 / Only with performance "broken"');
  if (brokenBy) {
    const parties = new Set((await creditPartiesOfFile(ctx.db, loaded.file.id)).map((p) => p.partyId));
    if (brokenBy.some((id) => !parties.has(id)))
      throw invalid('brokenByPartyIds', '不是本卷宗的当事人 / Not a party of this file');
  }
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const inserted = await trx
      .insertInto('mediation_followup')
      .values({
        file_id: loaded.file.id,
        visited_at: visitedAt.toISOString(),
        performance: input.performance,
        note,
        recorded_by: actor.userId,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('mediation_agreement')
      .set({ performance: input.performance, updated_at: at })
      .where('id', '=', agreement.id)
      .execute();
    if (input.performance === 'broken') {
      await runAgreementBrokenHooks(ctx, trx, {
        followUpId: inserted.id,
        fileId: loaded.file.id,
        fileNumber: loaded.file.number,
        caseId: loaded.caseRow.id,
        committeeId: loaded.committee.id,
        visitedAt: visitedAt.toISOString(),
        ...(brokenBy ? { brokenByPartyIds: brokenBy } : {}),
        recordedBy: actor.userId,
      });
    }
    if (input.performance === 'kept') {
      const parties = await trx
        .selectFrom('mediation_party')
        .select('phone_hash')
        .where('file_id', '=', loaded.file.id)
        .where('kind', '=', 'person')
        .where('phone_hash', 'is not', null)
        .execute();
      await runAgreementKeptHooks(ctx, trx, {
        followUpId: inserted.id,
        fileId: loaded.file.id,
        fileNumber: loaded.file.number,
        caseId: loaded.caseRow.id,
        committeeId: loaded.committee.id,
        visitedAt: visitedAt.toISOString(),
        partyPhoneHashes: parties.flatMap((p) => (p.phone_hash ? [p.phone_hash] : [])),
      });
    }
    return {
      value: undefined,
      step: {
        action: 'mediation.follow_up',
        details: { performance: input.performance },
        timeline: { performance: input.performance },
      },
    };
  });
}
