// Creating a stability risk assessment (its scope: the decision, the unit, what it is) and recording
// each later stage — in order (422 RISK_STAGE_OUT_OF_ORDER otherwise), one transaction per stage
// with its audit record; the conclusion sets the grade and the decision the decision.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import { mayManageAssessment } from '../stability.policy.ts';
import { mayRecord, nextStage, type RiskStage } from '../../../../common/risk-stages.ts';
import type { RiskAssessmentTable } from '../stability.table.ts';

export interface ScopeInput {
  unitId: number;
  title: string;
  decisionKind: string;
  description: string;
}

async function audit(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  action: string,
  id: number,
  clientIp: string | null,
  details: Record<string, unknown>,
) {
  await ctx.audit.append(
    trx,
    {
      actor: auditActorOf(actor, action === 'stability.decision' ? 'stability:decide' : 'stability:manage'),
      action,
      subjectType: 'risk_assessment',
      subjectId: id,
      outcome: 'success',
      clientIp,
      details,
    },
    ctx.clock.now(),
  );
}

export async function createAssessment(
  ctx: AppContext,
  actor: Actor,
  input: ScopeInput,
  clientIp: string | null,
): Promise<number> {
  const unit = await findUnitById(ctx.db, input.unitId);
  // A unit outside the actor's area does not exist for it.
  if (!unit || !mayManageAssessment(actor, unit.path)) {
    throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  }
  const at = ctx.clock.now().toISOString();
  const scope = {
    title: input.title.trim(),
    decisionKind: input.decisionKind,
    description: input.description.trim(),
    unitName: unit.name,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('risk_assessment')
      .values({
        unit_id: unit.id,
        title: scope.title,
        decision_kind: input.decisionKind,
        description: scope.description,
        stage: nextStage('scope'),
        grade: null,
        decision: null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('risk_assessment_stage')
      .values({
        assessment_id: id,
        stage: 'scope',
        seq: 1,
        data: JSON.stringify(scope),
        recorded_by: actor.userId,
        recorder_name: actor.displayName,
        recorded_at: at,
      })
      .execute();
    await audit(ctx, trx, actor, 'stability.scope', id, clientIp, {
      unitId: unit.id,
      decisionKind: input.decisionKind,
    });
    return id;
  });
}

export function stageOutOfOrder(expected: RiskStage, given: RiskStage): AppError {
  return new AppError(
    'RISK_STAGE_OUT_OF_ORDER',
    `稳评环节须按顺序进行，当前应为「${expected}」 / Stages go in order; "${expected}" is due`,
    { expected, given },
  );
}

/** Records `stage` on assessment `id` if it is the stage due; returns nothing (the route re-reads). */
export async function recordStage(
  ctx: AppContext,
  actor: Actor,
  id: number,
  stage: Exclude<RiskStage, 'scope'>,
  data: Record<string, unknown>,
  clientIp: string | null,
  sets: Partial<Pick<RiskAssessmentTable, 'grade' | 'decision'>> = {},
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    let lock = trx.selectFrom('risk_assessment').select(['stage', 'version']).where('id', '=', id);
    if (ctx.dialect === 'postgres') lock = lock.forUpdate();
    const current = await lock.executeTakeFirstOrThrow();
    if (!mayRecord(current.stage, stage)) throw stageOutOfOrder(current.stage, stage);
    const previous = await trx
      .selectFrom('risk_assessment_stage')
      .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
      .where('assessment_id', '=', id)
      .where('stage', '=', stage)
      .executeTakeFirst();
    const seq = Number(previous?.seq ?? 0) + 1;
    await trx
      .insertInto('risk_assessment_stage')
      .values({
        assessment_id: id,
        stage,
        seq,
        data: JSON.stringify(data),
        recorded_by: actor.userId,
        recorder_name: actor.displayName,
        recorded_at: at,
      })
      .execute();
    await trx
      .updateTable('risk_assessment')
      .set({ ...sets, stage: nextStage(stage), version: current.version + 1, updated_at: at })
      .where('id', '=', id)
      .execute();
    await audit(ctx, trx, actor, `stability.${stage}`, id, clientIp, { seq, ...sets });
  });
}
