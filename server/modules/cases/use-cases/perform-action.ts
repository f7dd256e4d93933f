// One action on a case (POST /cases/{id}/actions): checks the actor may see the case (404), may
// ever take the action (403), the version (409) and the workflow (422 with the allowed actions),
// then applies the action's effect (actions/) with a conditional update on the version — the
// timeline event, assignments, outbox messages and audit record in the same transaction. Fifty
// racing clients: exactly one wins.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { allowedActions, decide, mayEverDo, type ActionBody, type CaseAction } from '../../../../common/workflow.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { findCategory } from '../category.repository.ts';
import { appendEvent } from '../cases.repository.ts';
import { relationTo } from '../cases.policy.ts';
import { loadCase, loadVisibleCase, type LoadedCase } from '../case-view.ts';
import { runCaseActionHooks, type CaseActionHook } from '../case-hooks.ts';
import { ACTION_EFFECTS, type ActionEffect } from '../actions/index.ts';
import { statusChangedNotice } from '../status-notice.ts';

const CASE_CHANGED = '事件已被他人更新，请刷新后重试 / The case has changed; reload and try again';

function effectOf(action: CaseAction): ActionEffect<CaseAction> {
  return ACTION_EFFECTS[action];
}

export async function performAction(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  input: ActionBody,
  clientIp: string | null,
  /** Work of the caller's own module, done in the action's transaction after the update. */
  within?: CaseActionHook,
): Promise<LoadedCase> {
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  const who = relationTo(actor, loaded.facts);
  if (!mayEverDo(input.action, who)) {
    throw new AppError('FORBIDDEN', undefined, {
      allowedActions: allowedActions(loaded.state, who),
    }).denying('case', caseId);
  }
  if (input.version !== loaded.row.version) {
    throw new AppError('VERSION_CONFLICT', CASE_CHANGED, { currentVersion: loaded.row.version });
  }
  const decision = decide(loaded.state, input.action, who, input);
  if (!decision.ok) {
    throw new AppError('INVALID_TRANSITION', undefined, {
      status: loaded.row.status,
      allowedActions: allowedActions(loaded.state, who),
    });
  }
  const now = ctx.clock.now();
  const category = await findCategory(ctx.db, loaded.row.category_code);
  const effect = effectOf(input.action);
  const { patch, data, after, alsoLocks } = await effect.plan(
    {
      ctx,
      actor,
      loaded,
      calendar: await loadWorkCalendar(ctx.db),
      now,
      limits: { acceptDays: category?.accept_days ?? 1, handleDays: category?.handle_days ?? 5 },
    },
    input,
  );
  const at = now.toISOString();
  const auditActor = auditActorOf(actor);
  await ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres' && alsoLocks?.length) {
      // Every row the action changes, always in id order, so two crossing merges wait instead of
      // deadlocking. (SQLite has one writer at a time.)
      await trx
        .selectFrom('case_record')
        .select('id')
        .where('id', 'in', [caseId, ...alsoLocks])
        .orderBy('id')
        .forUpdate()
        .execute();
    }
    const updated = await trx
      .updateTable('case_record')
      .set({
        ...patch,
        status: decision.to,
        version: loaded.row.version + 1,
        updated_at: at,
      })
      .where('id', '=', caseId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('VERSION_CONFLICT', CASE_CHANGED);
    }
    if (after) await after(trx, at);
    await appendEvent(trx, {
      case_id: caseId,
      action: input.action,
      from_status: loaded.row.status,
      to_status: decision.to,
      actor_user_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: auditActor?.role ?? null,
      actor_unit_id: auditActor?.unitId ?? null,
      at,
      data: JSON.stringify(data),
    });
    const event = { action: input.action, before: loaded.row, to: decision.to, actor, at, data, clientIp };
    if (within) await within(trx, event);
    await runCaseActionHooks(ctx, trx, event);
    await enqueue(
      trx,
      [
        ...(effect.notify?.(loaded.row, decision.to, data) ?? []),
        ...statusChangedNotice(loaded.row, decision.to, input.action, at),
      ],
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActor,
        action: `case.${input.action}`,
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'success',
        clientIp,
        details: { from: loaded.row.status, to: decision.to },
      },
      now,
    );
  });
  // With its timeline: what the action's answer shows.
  const fresh = await loadCase(ctx.db, caseId, { timeline: true });
  if (!fresh) throw new AppError('NOT_FOUND', '事件不存在 / No such case');
  return fresh;
}
