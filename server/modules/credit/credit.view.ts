// Presenting credit records to the roles that decide on them: the subject's name (these roles act
// on it), a person's ID number masked, an enterprise's public credit code, the area's name.
import type { Static } from 'typebox';
import type { AppContext } from '../../context.ts';

import { maskIdNumber } from '../../platform/crypto/personal-data.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { creditSubjects, subjectKey } from '../people/index.ts';
import { listRules, objectionsOf, versionsOf, type RecordRow, type RuleRow } from './credit.repository.ts';
import { reaches } from './credit.policy.ts';
import type { ObjectionOut, RecordDetail, RecordOut, RuleOut } from './credit.schemas.ts';

type Record_ = Static<typeof RecordOut>;

export async function presentRecords(ctx: AppContext, rows: RecordRow[]): Promise<Record_[]> {
  if (rows.length === 0) return [];
  const subjects = await creditSubjects(
    ctx.db,
    rows.map((r) => ({ kind: r.subject_kind, id: r.subject_id })),
  );
  const units = await unitNames(
    ctx.db,
    rows.map((r) => r.subject_unit_id),
  );
  const rules = new Map((await listRules(ctx.db)).map((r) => [r.code, r]));
  const pending = new Map(
    (
      await objectionsOf(
        ctx.db,
        rows.map((r) => r.id),
      )
    )
      .filter((o) => o.status === 'pending')
      .map((o) => [o.record_id, o.id]),
  );
  const today = beijingDay(ctx.clock.now());
  return rows.map((r) => {
    const subject = subjects.get(subjectKey(r.subject_kind, r.subject_id));
    const idNumber = subject?.idNumberEnc ? maskIdNumber(ctx.cipher.decrypt(subject.idNumberEnc)) : null;
    return {
      id: r.id,
      subject: {
        kind: r.subject_kind,
        id: r.subject_id,
        name: subject?.name ?? '',
        idNumber,
        creditCode: subject?.creditCode ?? null,
        unitId: r.subject_unit_id,
        unitName: units.get(r.subject_unit_id) ?? '',
      },
      source: { kind: r.source_kind, id: r.source_id, ref: r.source_ref },
      version: Number(r.version),
      ruleCode: r.rule_code,
      ruleName: rules.get(r.rule_code)?.name ?? r.rule_code,
      direction: r.direction,
      score: Number(r.score),
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      status: r.status,
      current: r.status === 'in_force' && r.valid_until >= today,
      pendingObjectionId: pending.get(r.id) ?? null,
      createdAt: r.created_at,
    };
  });
}

export async function presentDetail(
  ctx: AppContext,
  actor: Actor,
  row: RecordRow,
): Promise<Static<typeof RecordDetail>> {
  const [record] = await presentRecords(ctx, [row]);
  const history = await versionsOf(ctx.db, row.id);
  const objections = await objectionsOf(ctx.db, [row.id]);
  const names = await userNames(ctx.db, [
    ...history.map((v) => v.made_by),
    ...objections.flatMap((o) => [o.filed_by, o.decided_by]),
  ]);
  const decide = reaches(actor, 'credit:decide', row.subject_path);
  return {
    ...record!,
    history: history.map((v) => ({
      version: Number(v.version),
      ruleCode: v.rule_code,
      ruleName: v.rule_name,
      direction: v.direction,
      score: Number(v.score),
      validFrom: v.valid_from,
      validUntil: v.valid_until,
      status: v.status,
      reason: v.reason,
      objectionId: v.objection_id,
      madeByName: v.made_by === null ? null : (names.get(v.made_by) ?? null),
      madeAt: v.made_at,
    })),
    objections: objections.map((o) => presentObjection(o, names)),
    abilities: { object: decide && record!.pendingObjectionId === null, decide },
  };
}

export function presentObjection(
  o: Awaited<ReturnType<typeof objectionsOf>>[number],
  names: Map<number, string>,
): Static<typeof ObjectionOut> {
  return {
    id: o.id,
    recordId: o.record_id,
    reason: o.reason,
    receivedVia: o.received_via,
    status: o.status,
    filedByName: names.get(o.filed_by) ?? '',
    filedAt: o.filed_at,
    decidedByName: o.decided_by === null ? null : (names.get(o.decided_by) ?? null),
    decidedAt: o.decided_at,
    decisionNote: o.decision_note,
    resultVersion: o.result_version,
  };
}

export function presentRule(r: RuleRow): Static<typeof RuleOut> {
  return {
    code: r.code,
    name: r.name,
    direction: r.direction,
    score: Number(r.score),
    validityMonths: Number(r.validity_months),
    sourceKind: r.source_kind,
    active: Number(r.active) === 1,
    version: Number(r.version),
    updatedAt: r.updated_at,
  };
}
