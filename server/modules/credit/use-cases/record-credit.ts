// 信用记录: one record of a subject for one source event, scored by the rule in force at that moment
// (rules are data: changing a rule changes the records made after, never the ones made before).
// Written in the caller's transaction with its first version and its audit record; a second record
// for the same source and subject is refused (the unique index decides between racing writers).
import type { AppContext, Trx } from '../../../context.ts';
import type { AuditEntry } from '../../../platform/audit/audit.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { findUnitsByIds } from '../../org/index.ts';
import { creditSubjects, subjectKey } from '../../people/index.ts';
import { findRecordBySource, findRule, type RuleRow } from '../credit.repository.ts';
import type { SourceKind, SubjectKind } from '../credit.table.ts';

export interface NewCreditRecord {
  subjectKind: SubjectKind;
  subjectId: number;
  sourceKind: SourceKind;
  sourceId: number;
  sourceRef: string | null;
  rule: RuleRow;
  /** Why: the source's event, or the staff member's note. */
  reason: string;
  /** When the event happened (the validity counts from its Beijing day). */
  at: Date;
  madeBy: number | null;
  audit: { actor: AuditEntry['actor']; clientIp: string | null };
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export async function activeRule(trx: Trx, code: string): Promise<RuleRow> {
  const rule = await findRule(trx, code);
  if (!rule || Number(rule.active) !== 1) throw new AppError('CREDIT_RULE_UNKNOWN', undefined, { ruleCode: code });
  return rule;
}

/** Inserts the record and its version 1; null when the source already has one for the subject. */
export async function recordCredit(ctx: AppContext, trx: Trx, input: NewCreditRecord): Promise<number | null> {
  const key = {
    sourceKind: input.sourceKind,
    sourceId: input.sourceId,
    subjectKind: input.subjectKind,
    subjectId: input.subjectId,
  };
  if (await findRecordBySource(trx, key)) return null;
  const subject = (await creditSubjects(trx, [{ kind: input.subjectKind, id: input.subjectId }])).get(
    subjectKey(input.subjectKind, input.subjectId),
  );
  if (!subject) throw new AppError('CREDIT_SUBJECT_UNKNOWN');
  const [unit] = await findUnitsByIds(trx, [subject.unitId]);
  if (!unit) throw new AppError('CREDIT_SUBJECT_UNKNOWN');
  const now = ctx.clock.now().toISOString();
  const validFrom = beijingDay(input.at);
  const validUntil = addMonths(validFrom, Number(input.rule.validity_months));
  const figures = {
    rule_code: input.rule.code,
    direction: input.rule.direction,
    score: Number(input.rule.score),
    valid_from: validFrom,
    valid_until: validUntil,
    status: 'in_force' as const,
  };
  const { id } = await trx
    .insertInto('credit_record')
    .values({
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      subject_unit_id: unit.id,
      subject_path: unit.path,
      source_kind: input.sourceKind,
      source_id: input.sourceId,
      source_ref: input.sourceRef,
      version: 1,
      ...figures,
      created_by: input.madeBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('credit_record_version')
    .values({
      record_id: id,
      version: 1,
      ...figures,
      rule_name: input.rule.name,
      reason: input.reason,
      objection_id: null,
      made_by: input.madeBy,
      made_at: now,
    })
    .execute();
  await ctx.audit.append(
    trx,
    {
      actor: input.audit.actor,
      action: 'credit.record',
      subjectType: 'credit_record',
      subjectId: id,
      outcome: 'success',
      clientIp: input.audit.clientIp,
      details: {
        subjectKind: input.subjectKind,
        subjectId: input.subjectId,
        source: `${input.sourceKind}:${input.sourceId}`,
        ruleCode: input.rule.code,
        score: figures.score,
      },
    },
    ctx.clock.now(),
  );
  return id;
}
