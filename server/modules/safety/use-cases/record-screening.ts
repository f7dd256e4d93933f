// 排查登记: a grid worker records that its grid or village screened for disputes, with any findings,
// in one transaction with its audit record. The schedule period is the unit's (weekly or monthly)
// period containing the moment of the screening.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { ledgerUnitToRecord } from '../safety.policy.ts';
import {
  frequencyAt,
  insertFinding,
  insertScreening,
  loadSchedules,
  UNSCHEDULED_FREQUENCY,
} from '../screening.repository.ts';
import { screeningPeriodOf } from '../screening-periods.ts';
import { sealFinding, type FindingInput, type SealedFinding } from './finding-input.ts';

export interface RecordScreeningInput {
  unitId: number;
  doneAt?: string | undefined;
  note?: string | undefined;
  findings?: FindingInput[] | undefined;
}

export async function storeFinding(
  trx: Trx,
  screeningId: number,
  finding: SealedFinding,
  userId: number,
  at: string,
): Promise<number> {
  return insertFinding(trx, {
    screening_id: screeningId,
    parties: JSON.stringify(finding.parties),
    description: finding.description,
    risk_grade: finding.riskGrade,
    measures: finding.measures,
    responsible_person: finding.responsiblePerson,
    created_by: userId,
    created_at: at,
  });
}

export async function recordScreening(
  ctx: AppContext,
  actor: Actor,
  input: RecordScreeningInput,
  clientIp: string | null,
): Promise<number> {
  const unit = await ledgerUnitToRecord(ctx, actor, input.unitId);
  const now = ctx.clock.now();
  const doneAt = input.doneAt !== undefined ? new Date(input.doneAt) : now;
  if (Number.isNaN(doneAt.getTime()) || doneAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
      { field: 'doneAt', message: '排查时间不能晚于现在 / The screening cannot be in the future' },
    ]);
  }
  const findings = (input.findings ?? []).map((f, i) => sealFinding(ctx, f, `findings/${i}/parties`));
  const frequency = frequencyAt(unit.path, await loadSchedules(ctx.db)) ?? UNSCHEDULED_FREQUENCY;
  const period = screeningPeriodOf(frequency, doneAt);
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertScreening(trx, {
      unit_id: unit.id,
      unit_path: unit.path,
      frequency,
      period,
      screened_by: actor.userId,
      screened_by_name: actor.displayName,
      done_at: doneAt.toISOString(),
      note: input.note?.trim() || null,
      created_at: at,
    });
    for (const f of findings) await storeFinding(trx, id, f, actor.userId, at);
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'screening:record'),
        action: 'screening.record',
        subjectType: 'screening_record',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, period, findings: findings.length, riskGrades: findings.map((f) => f.riskGrade) },
      },
      now,
    );
    return id;
  });
}
