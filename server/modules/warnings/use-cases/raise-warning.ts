// Raising a warning: once per situation. A warning still active (open, acknowledged, assigned) for
// the same kind and situation key is updated — the new cases joined to it, its level and sentence
// refreshed, a history line added — instead of a second one being raised; a dismissed or closed
// warning no longer holds the key, so the situation coming back later raises a new one. A red
// warning (new, or turned red) is pushed at once to the leaders over its unit through the outbox,
// in the caller's transaction: the warning and its notice commit or roll back with the case.
import type { AppContext, Trx } from '../../../context.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { activeMemberIds } from '../../auth/index.ts';
import { findAncestors, findUnitById } from '../../org/index.ts';
import { type WarningKind, type WarningLevel } from '../../../../common/warnings.ts';
import { addWarningCases, type WarningRow } from '../warnings.repository.ts';

/** A sentence in both languages; a plain string is taken as Chinese and shown as-is in English too. */
export type WarningText = string | { zh: string; en: string };

export interface RaiseWarningInput {
  kind: WarningKind;
  level: WarningLevel;
  unitId: number;
  /** What makes it the same situation for this kind, e.g. `phone:<blind index>`, `grid:12:DSP.LAND`. */
  situationKey: string;
  title: WarningText;
  explanation: WarningText;
  caseIds: readonly number[];
  at: Date | string;
  /**
   * The active warning of this situation, when the caller has just read it in the same transaction
   * (intake's repeat-location rule finds the situation by it): used instead of reading it again.
   */
  active?: WarningRow | undefined;
}

export interface RaisedWarning {
  id: number;
  /** False when an active warning of the same situation was updated instead. */
  isNew: boolean;
}

export const WARNING_RAISED_TOPIC = 'warning.red';

const bilingual = (text: WarningText) => (typeof text === 'string' ? { zh: text, en: text } : text);

export async function raiseWarning(
  trx: Trx,
  ctx: AppContext,
  input: RaiseWarningInput,
  /** Internal: the second attempt after a concurrent insert of the same situation. */
  retried = false,
): Promise<RaisedWarning> {
  const at = typeof input.at === 'string' ? new Date(input.at) : input.at;
  const iso = at.toISOString();
  const title = bilingual(input.title);
  const explanation = bilingual(input.explanation);
  const openKey = `${input.kind}:${input.situationKey}`;
  const caseIds = [...new Set(input.caseIds)];
  const existing =
    !retried && input.active?.open_key === openKey
      ? input.active
      : await trx.selectFrom('warning').selectAll().where('open_key', '=', openKey).executeTakeFirst();

  if (existing) {
    const added = await addWarningCases(trx, existing.id, caseIds, iso);
    // Raised again with nothing new (a periodic scan seeing the same situation): nothing to write.
    if (added.length === 0 && existing.level === input.level && existing.explanation_zh === explanation.zh) {
      return { id: existing.id, isNew: false };
    }
    await trx
      .updateTable('warning')
      .set({
        level: input.level,
        title_zh: title.zh,
        title_en: title.en,
        explanation_zh: explanation.zh,
        explanation_en: explanation.en,
        raise_count: existing.raise_count + 1,
        updated_at: iso,
      })
      .where('id', '=', existing.id)
      .execute();
    await trx
      .insertInto('warning_event')
      .values({
        warning_id: existing.id,
        action: 'update',
        from_status: existing.status,
        to_status: existing.status,
        actor_user_id: null,
        note: null,
        data: JSON.stringify({ level: input.level, addedCaseIds: added, explanation: explanation.zh }),
        at: iso,
      })
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'warning.update',
        subjectType: 'warning',
        subjectId: existing.id,
        outcome: 'success',
        details: { kind: input.kind, level: input.level, addedCaseIds: added },
      },
      at,
    );
    // Turned red now: the leaders hear of it as of a new red warning.
    if (input.level === 'red' && existing.level !== 'red') {
      await notifyLeaders(trx, input.unitId, existing.id, caseIds[0] ?? null, at);
    }
    return { id: existing.id, isNew: false };
  }

  const unit = await findUnitById(trx, input.unitId);
  if (!unit) throw new Error(`raiseWarning: no unit ${input.unitId}`);
  const inserted = await trx
    .insertInto('warning')
    .values({
      kind: input.kind,
      level: input.level,
      unit_id: unit.id,
      unit_path: unit.path,
      situation_key: input.situationKey,
      open_key: openKey,
      title_zh: title.zh,
      title_en: title.en,
      explanation_zh: explanation.zh,
      explanation_en: explanation.en,
      status: 'open',
      assignee_user_id: null,
      raise_count: 1,
      created_at: iso,
      updated_at: iso,
      closed_at: null,
    })
    // Another transaction raised the same situation a moment ago: wait for it, then update that one.
    .onConflict((oc) => oc.column('open_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    if (retried) throw new Error(`raiseWarning: ${openKey} neither inserted nor found`);
    return raiseWarning(trx, ctx, input, true);
  }
  await addWarningCases(trx, inserted.id, caseIds, iso);
  await trx
    .insertInto('warning_event')
    .values({
      warning_id: inserted.id,
      action: 'raise',
      from_status: null,
      to_status: 'open',
      actor_user_id: null,
      note: null,
      data: JSON.stringify({ level: input.level, addedCaseIds: caseIds, explanation: explanation.zh }),
      at: iso,
    })
    .execute();
  await ctx.audit.append(
    trx,
    {
      actor: null,
      action: 'warning.raise',
      subjectType: 'warning',
      subjectId: inserted.id,
      outcome: 'success',
      details: { kind: input.kind, level: input.level, unitId: unit.id, caseIds },
    },
    at,
  );
  if (input.level === 'red') await notifyLeaders(trx, unit.id, inserted.id, caseIds[0] ?? null, at);
  return { id: inserted.id, isNew: true };
}

/**
 * The leaders who answer for the unit: those of the unit itself, else of the nearest unit above it
 * that has any (a grid's warning reaches the township's leaders, or the county's when the township
 * has none). One notice per leader, about the case when there is one (the notice links to it).
 */
async function notifyLeaders(
  trx: Trx,
  unitId: number,
  warningId: number,
  caseId: number | null,
  at: Date,
): Promise<number[]> {
  const unit = await findUnitById(trx, unitId);
  if (!unit) return [];
  const chain = [unit, ...(await findAncestors(trx, unit)).reverse()];
  for (const candidate of chain) {
    const leaders = await activeMemberIds(trx, candidate.id, ['leader']);
    if (leaders.length === 0) continue;
    await enqueue(
      trx,
      leaders.map((leaderId) => ({
        topic: WARNING_RAISED_TOPIC,
        recipientType: 'user' as const,
        recipient: leaderId,
        subjectType: caseId === null ? 'warning' : 'case',
        subjectId: caseId ?? warningId,
        payload: { warningId },
      })),
      at,
    );
    return leaders;
  }
  return [];
}
