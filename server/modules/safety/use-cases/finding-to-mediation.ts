// 排查转调解: a finding goes straight to the people's mediation committee of its township (else of
// its county) with one click. The dispute is registered through cases' intake as a hand-off to the
// committee (it arrives dispatched there, the screened grid or village kept on it to see the
// result) and its mediation file is opened in the same transaction, so the committee finds the
// file waiting when it accepts (签收), as a court's or police station's hand-off does. The finding
// keeps both the case and the file (the file's case is the finding's case: linked both ways), and
// the link is written in that transaction too: a second click, or two at once, finds the same file
// and never makes two — the loser's case is rolled back with its link.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findCaseBriefs, registerReferredCase } from '../../cases/index.ts';
import { findFileBriefs, registerFile } from '../../mediation/index.ts';
import { findAncestors, findUnitById, standardUnitOf, unitNames, type OrgUnitRow } from '../../org/index.ts';
import { RISK_GRADE_NAMES } from '../../../../common/safety.ts';
import { findFinding, linkFindingMediation, type FindingRow, type ScreeningRow } from '../screening.repository.ts';

export interface FindingMediation {
  caseId: number;
  caseNumber: string;
  mediationFileId: number;
  mediationFileNumber: string;
  committeeId: number;
  committeeName: string;
  created: boolean;
}

/** The territorial committee of the nearest township (or county) at or above the screened unit. */
async function committeeFor(ctx: AppContext, unit: OrgUnitRow): Promise<OrgUnitRow> {
  const chain = [...(await findAncestors(ctx.db, unit)), unit].reverse();
  for (const region of chain) {
    if (region.type !== 'region' || (region.level !== 'township' && region.level !== 'county')) continue;
    const committee = await standardUnitOf(ctx.db, region.id, 'cmte-territorial');
    if (committee) return committee;
  }
  throw new AppError('FINDING_NO_COMMITTEE');
}

class AlreadyLinked extends Error {}

async function existing(ctx: AppContext, finding: FindingRow): Promise<FindingMediation> {
  const fileId = finding.mediationFileId!;
  const caseId = finding.caseId!;
  const file = (await findFileBriefs(ctx.db, [fileId])).get(fileId);
  if (!file) throw new Error(`finding ${finding.id} names mediation file ${fileId}, which is missing`);
  const brief = (await findCaseBriefs(ctx.db, [caseId])).get(caseId);
  return {
    caseId,
    caseNumber: brief?.number ?? '',
    mediationFileId: fileId,
    mediationFileNumber: file.number,
    committeeId: file.committeeId,
    committeeName: (await unitNames(ctx.db, [file.committeeId])).get(file.committeeId) ?? '',
    created: false,
  };
}

export async function findingToMediation(
  ctx: AppContext,
  actor: Actor,
  screening: ScreeningRow,
  finding: FindingRow,
  categoryCode: string,
  clientIp: string | null,
): Promise<FindingMediation> {
  if (finding.mediationFileId !== null) return existing(ctx, finding);
  // Already a case on its way elsewhere (排查转案件): the dispatcher sends that case to a committee.
  if (finding.caseId !== null) throw new AppError('FINDING_ALREADY_CASE', undefined, { caseId: finding.caseId });
  const unit = await findUnitById(ctx.db, screening.unitId);
  if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  const committee = await committeeFor(ctx, unit);
  const first = finding.parties[0];
  const names = finding.parties.map((p) => p.name).join('、');
  const description = [
    `排查发现（${screening.unitName}，${screening.period}，${RISK_GRADE_NAMES[finding.riskGrade].zh}）：${finding.description}`,
    `当事人：${names}`,
    `已采取措施：${finding.measures}`,
    `责任人：${finding.responsiblePerson}`,
  ].join('\n');
  let file: { id: number; number: string } | undefined;
  try {
    const registered = await registerReferredCase(
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
      },
      clientIp,
      {
        senderUnit: unit,
        leadUnit: committee,
        note: '排查发现转人民调解 / Screening finding handed to mediation',
        within: async (trx, caseRow) => {
          file = await registerFile(trx, { before: caseRow, actor, at: caseRow.created_at }, committee);
          if (!(await linkFindingMediation(trx, finding.id, caseRow.id, file.id))) throw new AlreadyLinked();
          await ctx.audit.append(
            trx,
            {
              actor: auditActorOf(actor, 'screening:record'),
              action: 'screening.finding_to_mediation',
              subjectType: 'screening_finding',
              subjectId: finding.id,
              outcome: 'success',
              clientIp,
              details: {
                screeningId: screening.id,
                caseId: caseRow.id,
                caseNumber: caseRow.number,
                mediationFileId: file.id,
                committeeId: committee.id,
                categoryCode,
              },
            },
            ctx.clock.now(),
          );
          return { kind: 'screening', label: '排查发现', findingId: finding.id, fileNumber: file.number };
        },
      },
    );
    return {
      caseId: registered.row.id,
      caseNumber: registered.row.number,
      mediationFileId: file!.id,
      mediationFileNumber: file!.number,
      committeeId: committee.id,
      committeeName: committee.name,
      created: true,
    };
  } catch (error) {
    if (!(error instanceof AlreadyLinked)) throw error;
    // Another click linked it first: that one's file (or, if it became a case, the refusal).
    const now = (await findFinding(ctx.db, screening.id, finding.id))!;
    if (now.mediationFileId === null) throw new AppError('FINDING_ALREADY_CASE', undefined, { caseId: now.caseId });
    return existing(ctx, now);
  }
}
