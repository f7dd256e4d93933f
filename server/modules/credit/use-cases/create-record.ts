// A credit record made by a deciding role (信用记录的人工登记): a false report confirmed on a case, a
// judicial confirmation or a kept agreement of a mediation file, a recognition — the subject in the
// actor's area, the source existing, the rule given or the source kind's own.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findCaseById } from '../../cases/index.ts';
import { findUnitsByIds } from '../../org/index.ts';
import { fileForCredit } from '../../mediation/index.ts';
import { creditSubjects, subjectKey } from '../../people/index.ts';
import { findRecordBySource, ruleForSource } from '../credit.repository.ts';
import { reaches } from '../credit.policy.ts';
import type { SourceKind, SubjectKind } from '../credit.table.ts';
import { activeRule, recordCredit } from './record-credit.ts';
import { isUniqueViolation } from './unique-violation.ts';

export interface CreateRecordInput {
  subjectKind: SubjectKind;
  subjectId: number;
  sourceKind: SourceKind;
  sourceId: number;
  ruleCode?: string | undefined;
  note: string;
}

/** The source's number people know it by, if it exists where the actor decides. */
async function sourceRef(ctx: AppContext, actor: Actor, kind: SourceKind, id: number): Promise<string | null> {
  switch (kind) {
    case 'agreement_broken':
    case 'agreement_kept':
    case 'judicial_confirmation': {
      const file = await fileForCredit(ctx.db, id);
      const row = file ? await findCaseById(ctx.db, file.caseId) : undefined;
      if (!file || !row || !(await regionReached(ctx, actor, row.region_id)))
        throw new AppError('CREDIT_SOURCE_UNKNOWN');
      return file.number;
    }
    case 'false_report': {
      const row = await findCaseById(ctx.db, id);
      if (!row || !(await regionReached(ctx, actor, row.region_id))) throw new AppError('CREDIT_SOURCE_UNKNOWN');
      return row.number;
    }
    case 'recognition':
      // The recognition board is another module of issue 19 (not on this branch): its id is kept as
      // given until the lead checks it against that module's index.
      return null;
  }
}

async function regionReached(ctx: AppContext, actor: Actor, regionId: number): Promise<boolean> {
  const [unit] = await findUnitsByIds(ctx.db, [regionId]);
  return !!unit && reaches(actor, 'credit:decide', unit.path);
}

export async function createCreditRecord(
  ctx: AppContext,
  actor: Actor,
  input: CreateRecordInput,
  clientIp: string | null,
): Promise<number> {
  const subject = (await creditSubjects(ctx.db, [{ kind: input.subjectKind, id: input.subjectId }])).get(
    subjectKey(input.subjectKind, input.subjectId),
  );
  const [unit] = subject ? await findUnitsByIds(ctx.db, [subject.unitId]) : [];
  // A subject outside the area is answered like one that does not exist.
  if (!unit || !reaches(actor, 'credit:decide', unit.path)) throw new AppError('CREDIT_SUBJECT_UNKNOWN');
  const ref = await sourceRef(ctx, actor, input.sourceKind, input.sourceId);
  const key = { ...input };
  const duplicate = async () => {
    const existing = await findRecordBySource(ctx.db, key);
    return new AppError('CREDIT_RECORD_DUPLICATE', undefined, { recordId: existing?.id ?? null });
  };
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const rule = input.ruleCode
        ? await activeRule(trx, input.ruleCode)
        : await ruleForSource(trx, input.sourceKind).then((r) => {
            if (!r) throw new AppError('CREDIT_RULE_UNKNOWN', undefined, { sourceKind: input.sourceKind });
            return r;
          });
      return recordCredit(ctx, trx, {
        subjectKind: input.subjectKind,
        subjectId: input.subjectId,
        sourceKind: input.sourceKind,
        sourceId: input.sourceId,
        sourceRef: ref,
        rule,
        reason: input.note.trim(),
        at: ctx.clock.now(),
        madeBy: actor.userId,
        audit: { actor: auditActorOf(actor, 'credit:decide'), clientIp },
      });
    });
    if (id === null) throw await duplicate();
    return id;
  } catch (error) {
    if (isUniqueViolation(error)) throw await duplicate();
    throw error;
  }
}
