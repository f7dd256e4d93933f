// 排查转案件: a finding becomes a dispute case in the screened grid or village with one click,
// through the cases module's own intake (numbering, the centre's triage, time limits, the first
// party's phone sealed as the reporter's). The case carries the finding as its external reference
// (`screening`, `finding-<id>`), so a second click, a retry or a request that died between the
// case and the link finds the same case instead of making another; the link back is written in
// its own transaction with the audit record.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findCaseBriefs, registerCase } from '../../cases/index.ts';
import { RISK_GRADE_NAMES } from '../../../../common/safety.ts';
import { linkFindingCase, type FindingRow, type ScreeningRow } from '../screening.repository.ts';

export const SCREENING_SYSTEM = 'screening';

export interface FindingCase {
  caseId: number;
  caseNumber: string;
  created: boolean;
}

export async function findingToCase(
  ctx: AppContext,
  actor: Actor,
  screening: ScreeningRow,
  finding: FindingRow,
  categoryCode: string,
  clientIp: string | null,
): Promise<FindingCase> {
  if (finding.mediationFileId !== null && finding.caseId !== null) {
    // Handed to mediation (排查转调解): that file's case is the finding's case.
    const brief = (await findCaseBriefs(ctx.db, [finding.caseId])).get(finding.caseId);
    return { caseId: finding.caseId, caseNumber: brief?.number ?? '', created: false };
  }
  const first = finding.parties[0];
  const names = finding.parties.map((p) => p.name).join('、');
  const description = [
    `排查发现（${screening.unitName}，${screening.period}，${RISK_GRADE_NAMES[finding.riskGrade].zh}）：${finding.description}`,
    `当事人：${names}`,
    `已采取措施：${finding.measures}`,
    `责任人：${finding.responsiblePerson}`,
  ].join('\n');
  const registered = await registerCase(
    ctx,
    actor,
    {
      kind: 'dispute',
      categoryCode,
      channel: 'grid_patrol',
      description,
      unitId: screening.unitId,
      reporter: first
        ? { name: first.name, phone: first.phoneEnc ? ctx.cipher.decrypt(first.phoneEnc) : undefined }
        : undefined,
      externalRef: { system: SCREENING_SYSTEM, id: `finding-${finding.id}` },
    },
    clientIp,
  );
  const row = registered.row;
  if (finding.caseId !== null && finding.caseId !== row.id) {
    throw new Error(`finding ${finding.id} is linked to case ${finding.caseId}, its reference to ${row.id}`);
  }
  const now = ctx.clock.now();
  const linked = await ctx.db.transaction().execute(async (trx) => {
    const done = await linkFindingCase(trx, finding.id, row.id);
    if (done) {
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'screening:record'),
          action: 'screening.finding_to_case',
          subjectType: 'screening_finding',
          subjectId: finding.id,
          outcome: 'success',
          clientIp,
          details: { screeningId: screening.id, caseId: row.id, caseNumber: row.number, categoryCode },
        },
        now,
      );
    }
    return done;
  });
  if (!linked && finding.caseId === null) {
    // Someone else linked it between our read and our write: to the same case (the reference is unique).
    if (registered.replayed) return { caseId: row.id, caseNumber: row.number, created: false };
    throw new AppError('VERSION_CONFLICT');
  }
  return { caseId: row.id, caseNumber: row.number, created: !registered.replayed };
}
