// A follow-up (回访) of a mediation agreement gives the parties credit records, in the follow-up's
// own transaction (mediation's onAgreementBroken / onAgreementKept):
// - broken: a 失信 record for each party in breach — the parties the mediator named, else the
//   respondents (the side that owes performance in most agreements; a wrong presumption is what the
//   objection procedure corrects);
// - kept: a 守信 record for every party of the agreement.
// A party is found in the registry by its ID number's blind index (a person) or its 统一社会信用代码
// (an organisation); a party the registry does not hold gets no record, and the audit log says so
// (no personal data) so that staff can record it by hand. One record per file, source kind and
// subject: a second visit with the same finding adds nothing.
import type { AppContext, Trx } from '../../context.ts';
import { creditPartiesOfFile, type BrokenAgreement, type CreditParty, type KeptAgreement } from '../mediation/index.ts';
import { enterpriseIdByCreditCode, personIdByIdNumberHash } from '../people/index.ts';
import { ruleForSource } from './credit.repository.ts';
import { recordCredit } from './use-cases/record-credit.ts';

export async function creditForBrokenAgreement(ctx: AppContext, trx: Trx, broken: BrokenAgreement): Promise<void> {
  const parties = await creditPartiesOfFile(trx, broken.fileId);
  const named = broken.brokenByPartyIds ? new Set(broken.brokenByPartyIds) : null;
  await recordForParties(ctx, trx, {
    sourceKind: 'agreement_broken',
    parties: parties.filter((p) => (named ? named.has(p.partyId) : p.role === 'respondent')),
    followUp: broken,
    madeBy: broken.recordedBy ?? null,
    reason: `调解卷宗 ${broken.fileNumber} 的协议于 ${broken.visitedAt.slice(0, 10)} 回访时发现未履行`,
  });
}

export async function creditForKeptAgreement(ctx: AppContext, trx: Trx, kept: KeptAgreement): Promise<void> {
  await recordForParties(ctx, trx, {
    sourceKind: 'agreement_kept',
    parties: await creditPartiesOfFile(trx, kept.fileId),
    followUp: kept,
    madeBy: null,
    reason: `调解卷宗 ${kept.fileNumber} 的协议于 ${kept.visitedAt.slice(0, 10)} 回访时确认已履行`,
  });
}

async function recordForParties(
  ctx: AppContext,
  trx: Trx,
  input: {
    sourceKind: 'agreement_broken' | 'agreement_kept';
    parties: CreditParty[];
    followUp: { fileId: number; fileNumber: string; followUpId: number; visitedAt: string };
    madeBy: number | null;
    reason: string;
  },
): Promise<void> {
  const rule = await ruleForSource(trx, input.sourceKind);
  if (!rule) return; // the administrator switched the rule off
  const { followUp } = input;
  for (const party of input.parties) {
    const subject =
      party.kind === 'person'
        ? party.idNumberHash
          ? { kind: 'person' as const, id: await personIdByIdNumberHash(trx, party.idNumberHash) }
          : null
        : party.creditCode
          ? { kind: 'enterprise' as const, id: await enterpriseIdByCreditCode(trx, party.creditCode) }
          : null;
    if (!subject || subject.id === null) {
      await ctx.audit.append(
        trx,
        {
          actor: null,
          action: 'credit.subject_unmatched',
          subjectType: 'mediation_file',
          subjectId: followUp.fileId,
          outcome: 'failure',
          clientIp: null,
          details: { partyId: party.partyId, followUpId: followUp.followUpId, sourceKind: input.sourceKind },
        },
        ctx.clock.now(),
      );
      continue;
    }
    await recordCredit(ctx, trx, {
      subjectKind: subject.kind,
      subjectId: subject.id,
      sourceKind: input.sourceKind,
      sourceId: followUp.fileId,
      sourceRef: followUp.fileNumber,
      rule,
      reason: input.reason,
      at: new Date(followUp.visitedAt),
      madeBy: input.madeBy,
      audit: { actor: null, clientIp: null },
    });
  }
}
