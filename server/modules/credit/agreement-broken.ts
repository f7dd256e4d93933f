// A follow-up that found a mediation agreement broken gives each party in breach a 失信 record, in
// the follow-up's own transaction (mediation's onAgreementBroken): the parties the mediator named,
// else the respondents (the side that owes performance in most agreements; a wrong presumption is
// what the objection procedure corrects). A party is found in the registry by its ID number's blind
// index (a person) or its 统一社会信用代码 (an organisation); a party the registry does not hold gets
// no record, and the audit log says so (no personal data) so that staff can record it by hand. One
// record per file and subject: a second broken visit adds nothing.
import type { AppContext, Trx } from '../../context.ts';
import { creditPartiesOfFile, type BrokenAgreement } from '../mediation/index.ts';
import { enterpriseIdByCreditCode, personIdByIdNumberHash } from '../people/index.ts';
import { ruleForSource } from './credit.repository.ts';
import { recordCredit } from './use-cases/record-credit.ts';

export async function creditForBrokenAgreement(ctx: AppContext, trx: Trx, broken: BrokenAgreement): Promise<void> {
  const rule = await ruleForSource(trx, 'agreement_broken');
  if (!rule) return; // the administrator switched the rule off
  const parties = await creditPartiesOfFile(trx, broken.fileId);
  const named = broken.brokenByPartyIds ? new Set(broken.brokenByPartyIds) : null;
  const inBreach = parties.filter((p) => (named ? named.has(p.partyId) : p.role === 'respondent'));
  for (const party of inBreach) {
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
          subjectId: broken.fileId,
          outcome: 'failure',
          clientIp: null,
          details: { partyId: party.partyId, followUpId: broken.followUpId },
        },
        ctx.clock.now(),
      );
      continue;
    }
    await recordCredit(ctx, trx, {
      subjectKind: subject.kind,
      subjectId: subject.id,
      sourceKind: 'agreement_broken',
      sourceId: broken.fileId,
      sourceRef: broken.fileNumber,
      rule,
      reason: `调解卷宗 ${broken.fileNumber} 的协议于 ${broken.visitedAt.slice(0, 10)} 回访时发现未履行`,
      at: new Date(broken.visitedAt),
      madeBy: broken.recordedBy ?? null,
      audit: { actor: null, clientIp: null },
    });
  }
}
