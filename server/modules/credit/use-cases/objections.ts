// 异议与更正: a subject objects to a record (staff at the window file it on the subject's behalf,
// saying how it came in); a deciding role upholds the record or corrects it. A correction is a new
// version — another rule, another score, or the record withdrawn — appended to the history, the
// earlier versions untouched. One pending objection per record; each step audited in its transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { ObjectionRow, RecordRow } from '../credit.repository.ts';
import type { ReceivedVia } from '../credit.table.ts';
import { activeRule, addMonths } from './record-credit.ts';
import { isUniqueViolation } from './unique-violation.ts';

export async function fileObjection(
  ctx: AppContext,
  actor: Actor,
  record: RecordRow,
  input: { reason: string; receivedVia: ReceivedVia },
  clientIp: string | null,
): Promise<number> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('credit_objection')
        .select('id')
        .where('record_id', '=', record.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) throw new AppError('CREDIT_OBJECTION_PENDING', undefined, { objectionId: pending.id });
      const { id } = await trx
        .insertInto('credit_objection')
        .values({
          record_id: record.id,
          reason: input.reason.trim(),
          received_via: input.receivedVia,
          status: 'pending',
          filed_by: actor.userId,
          filed_at: now.toISOString(),
          decided_by: null,
          decided_at: null,
          decision_note: null,
          result_version: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'credit:decide'),
          action: 'credit.objection',
          subjectType: 'credit_record',
          subjectId: record.id,
          outcome: 'success',
          clientIp,
          details: { objectionId: id, receivedVia: input.receivedVia },
        },
        now,
      );
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CREDIT_OBJECTION_PENDING');
    throw error;
  }
}

export interface DecisionInput {
  decision: 'uphold' | 'correct';
  note: string;
  ruleCode?: string | undefined;
  score?: number | undefined;
  revoke?: boolean | undefined;
}

export async function decideObjection(
  ctx: AppContext,
  actor: Actor,
  objection: ObjectionRow,
  record: RecordRow,
  input: DecisionInput,
  clientIp: string | null,
): Promise<void> {
  if (objection.status !== 'pending') throw new AppError('CREDIT_OBJECTION_DECIDED');
  if (input.decision === 'uphold' && (input.ruleCode !== undefined || input.score !== undefined || input.revoke))
    throw new AppError('VALIDATION_FAILED', undefined, [
      { field: 'decision', message: '维持原记录时不能更改规则、分值或撤销 / Upholding changes nothing' },
    ]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      let resultVersion: number | null = null;
      if (input.decision === 'correct') {
        const current = await trx
          .selectFrom('credit_record')
          .selectAll()
          .where('id', '=', record.id)
          .executeTakeFirstOrThrow();
        const rule = await activeRule(trx, input.ruleCode ?? current.rule_code).catch((error: unknown) => {
          // The record's own rule may since have been switched off: a correction of the score alone
          // keeps it as it was recorded.
          if (input.ruleCode === undefined) return null;
          throw error;
        });
        const ruleChanged = input.ruleCode !== undefined && input.ruleCode !== current.rule_code;
        const direction = ruleChanged && rule ? rule.direction : current.direction;
        const score = input.score ?? (ruleChanged && rule ? Number(rule.score) : Number(current.score));
        const status = input.revoke ? ('revoked' as const) : current.status;
        const validUntil =
          ruleChanged && rule ? addMonths(current.valid_from, Number(rule.validity_months)) : current.valid_until;
        if ((direction === 'trust' && score < 0) || (direction === 'breach' && score > 0))
          throw new AppError('CREDIT_RULE_INVALID', undefined, { direction, score });
        if (
          !ruleChanged &&
          score === Number(current.score) &&
          status === current.status &&
          validUntil === current.valid_until
        )
          throw new AppError('CREDIT_CORRECTION_EMPTY');
        resultVersion = Number(current.version) + 1;
        const ruleName =
          rule?.code === (input.ruleCode ?? current.rule_code)
            ? rule.name
            : ((
                await trx
                  .selectFrom('credit_record_version')
                  .select('rule_name')
                  .where('record_id', '=', record.id)
                  .where('version', '=', Number(current.version))
                  .executeTakeFirst()
              )?.rule_name ?? current.rule_code);
        const figures = {
          rule_code: input.ruleCode ?? current.rule_code,
          direction,
          score,
          valid_from: current.valid_from,
          valid_until: validUntil,
          status,
        };
        await trx
          .insertInto('credit_record_version')
          .values({
            record_id: record.id,
            version: resultVersion,
            ...figures,
            rule_name: ruleName,
            reason: input.note.trim(),
            objection_id: objection.id,
            made_by: actor.userId,
            made_at: at,
          })
          .execute();
        const updated = await trx
          .updateTable('credit_record')
          .set({ ...figures, version: resultVersion, updated_at: at })
          .where('id', '=', record.id)
          .where('version', '=', Number(current.version))
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CREDIT_OBJECTION_DECIDED');
      }
      const decided = await trx
        .updateTable('credit_objection')
        .set({
          status: input.decision === 'correct' ? 'corrected' : 'upheld',
          decided_by: actor.userId,
          decided_at: at,
          decision_note: input.note.trim(),
          result_version: resultVersion,
        })
        .where('id', '=', objection.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(decided.numUpdatedRows) !== 1) throw new AppError('CREDIT_OBJECTION_DECIDED');
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'credit:decide'),
          action: input.decision === 'correct' ? 'credit.correct' : 'credit.uphold',
          subjectType: 'credit_record',
          subjectId: record.id,
          outcome: 'success',
          clientIp,
          details: { objectionId: objection.id, version: resultVersion },
        },
        now,
      );
    })
    .catch((error: unknown) => {
      // Two deciders at once: the version's unique index lets one through.
      if (isUniqueViolation(error)) throw new AppError('CREDIT_OBJECTION_DECIDED');
      throw error;
    });
}
