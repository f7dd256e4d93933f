// One action on a case (POST /cases/{id}/actions): checks the actor may see the case (404), may
// ever take the action (403), the version (409) and the workflow (422 with the allowed actions),
// then applies it with a conditional update on the version — the timeline event, assignments and
// audit record in the same transaction. Fifty racing clients: exactly one wins.
import { sql, type Updateable } from 'kysely';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue, type OutboxMessage } from '../../../platform/outbox/outbox.ts';
import { addWorkingDays, yellowCardAt, type WorkCalendar } from '../../../platform/calendar/working-days.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import {
  allowedActions,
  decide,
  mayEverDo,
  RATINGS,
  type CaseAction,
  type Rating,
} from '../../../../common/workflow.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findUnitById, findUnitByCode } from '../../org/index.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { findCategory } from '../category.repository.ts';
import { appendEvent } from '../cases.repository.ts';
import type { CaseRecordTable } from '../cases.table.ts';
import { relationTo } from '../cases.policy.ts';
import { loadCase, loadVisibleCase, type LoadedCase } from '../case-view.ts';
import { runCaseActionHooks, type CaseActionHook } from '../case-hooks.ts';

export interface ActionInput {
  action: CaseAction;
  version: number;
  leadUnitId?: number | undefined;
  assistUnitIds?: number[] | undefined;
  unitIds?: number[] | undefined;
  note?: string | undefined;
  reason?: string | undefined;
  days?: number | undefined;
  approved?: boolean | undefined;
  result?: string | undefined;
  rating?: Rating | undefined;
  comment?: string | undefined;
  intoCaseId?: number | undefined;
}

/** Shandong hotline rules: a mis-sent case goes back within 2 working days. */
export const RETURN_LIMIT_DAYS = 2;

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

function required(value: string | undefined, field: string): string {
  const text = value?.trim();
  if (!text) throw invalid(field, '必填 / Required');
  return text;
}

type Patch = Updateable<CaseRecordTable>;

interface Plan {
  patch: Patch;
  data: Record<string, unknown>;
  /** Work on assignments, run after the guarded update succeeds. */
  assignments?: (trx: Trx, now: string) => Promise<void>;
}

/** A new running time limit resets the cards given for the previous one. */
function stage(calendar: WorkCalendar, name: CaseRecordTable['stage'], deadline: Date | null): Patch {
  return {
    stage: name,
    stage_deadline: deadline?.toISOString() ?? null,
    yellow_at: deadline ? yellowCardAt(calendar, deadline).toISOString() : null,
    yellow_carded_at: null,
    red_carded_at: null,
    supervise_noticed_at: null,
  };
}

/** Units a dispatcher may assign: handlers (departments, committees, courts, police, centres) in the same county. */
async function checkAssignableUnits(ctx: AppContext, loaded: LoadedCase, ids: number[], field: string) {
  const countyPath = loaded.row.region_path.split('/').slice(0, 4).join('/') + '/';
  const units = [];
  for (const id of ids) {
    const unit = await findUnitById(ctx.db, id);
    if (!unit || unit.type === 'region' || !isWithin(unit.path, countyPath)) {
      throw invalid(field, `单位 ${id} 不是本区县的承办单位 / Unit ${id} is not a handling unit of this county`);
    }
    units.push(unit);
  }
  return units;
}

async function plan(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedCase,
  input: ActionInput,
  calendar: WorkCalendar,
  now: Date,
): Promise<Plan> {
  const { row } = loaded;
  const category = await findCategory(ctx.db, row.category_code);
  const acceptDays = category?.accept_days ?? 1;
  const handleDays = category?.handle_days ?? 5;
  const deactivate = (roles: ('lead' | 'assist' | 'whistle')[]) => async (trx: Trx) => {
    await trx
      .updateTable('case_assignment')
      .set({ active: 0 })
      .where('case_id', '=', row.id)
      .where('role', 'in', roles)
      .execute();
  };
  switch (input.action) {
    case 'dispatch': {
      if (input.leadUnitId === undefined) throw invalid('leadUnitId', '必填 / Required');
      const assist = [...new Set(input.assistUnitIds ?? [])].filter((id) => id !== input.leadUnitId);
      const [lead] = await checkAssignableUnits(ctx, loaded, [input.leadUnitId], 'leadUnitId');
      await checkAssignableUnits(ctx, loaded, assist, 'assistUnitIds');
      const acceptBy = addWorkingDays(calendar, now, acceptDays);
      const handleBy = addWorkingDays(calendar, now, handleDays);
      return {
        patch: {
          lead_unit_id: lead!.id,
          handle_deadline: handleBy.toISOString(),
          extension_days: 0,
          ...stage(calendar, 'accept', acceptBy),
        },
        data: {
          leadUnitId: lead!.id,
          leadUnitName: lead!.name,
          assistUnitIds: assist,
          note: input.note ?? null,
          acceptBy: acceptBy.toISOString(),
          handleBy: handleBy.toISOString(),
        },
        assignments: async (trx, at) => {
          await deactivate(['lead', 'assist'])(trx);
          await trx
            .insertInto('case_assignment')
            .values(
              [lead!.id, ...assist].map((unitId, i) => ({
                case_id: row.id,
                unit_id: unitId,
                role: i === 0 ? ('lead' as const) : ('assist' as const),
                active: 1,
                deadline: handleBy.toISOString(),
                reported_at: null,
                note: input.note ?? null,
                created_at: at,
              })),
            )
            .execute();
        },
      };
    }
    case 'accept':
      return {
        patch: stage(
          calendar,
          'handle',
          row.handle_deadline ? new Date(row.handle_deadline) : addWorkingDays(calendar, now, handleDays),
        ),
        data: { note: input.note ?? null },
      };
    case 'return': {
      const reason = required(input.reason, 'reason');
      // 退回 only within 2 working days of the assignment: after that the unit handles it.
      const assignedAt = await ctx.db
        .selectFrom('case_event')
        .select((eb) => eb.fn.max('at').as('at'))
        .where('case_id', '=', row.id)
        .where('action', 'in', ['dispatch', 'reopen'])
        .executeTakeFirst();
      if (assignedAt?.at && now > addWorkingDays(calendar, new Date(assignedAt.at), RETURN_LIMIT_DAYS)) {
        throw new AppError(
          'RETURN_LIMIT_EXCEEDED',
          `已超过 ${RETURN_LIMIT_DAYS} 个工作日的退回时限 / The ${RETURN_LIMIT_DAYS}-working-day return limit has passed`,
          { allowedActions: [] },
        );
      }
      return {
        patch: {
          lead_unit_id: null,
          extension_pending: null,
          return_count: row.return_count + 1,
          handle_deadline: null,
          ...stage(calendar, 'triage', addWorkingDays(calendar, now, 1)),
        },
        data: { reason, unitId: row.lead_unit_id },
        assignments: deactivate(['lead', 'assist']),
      };
    }
    case 'escalate': {
      const reason = required(input.reason, 'reason');
      const centre = await findUnitById(ctx.db, row.centre_id);
      const parentRegion = centre?.parent_id != null ? await findUnitById(ctx.db, centre.parent_id) : undefined;
      const grandparent =
        parentRegion?.parent_id != null ? await findUnitById(ctx.db, parentRegion.parent_id) : undefined;
      const parentCentre = grandparent ? await findUnitByCode(ctx.db, `${grandparent.code}-centre`) : undefined;
      if (!parentCentre) throw new AppError('NO_PARENT_CENTRE', undefined, { allowedActions: [] });
      return {
        patch: {
          centre_id: parentCentre.id,
          lead_unit_id: null,
          extension_pending: null,
          handle_deadline: null,
          ...stage(calendar, 'triage', addWorkingDays(calendar, now, 1)),
        },
        data: { reason, fromCentreId: row.centre_id, toCentreId: parentCentre.id, toCentreName: parentCentre.name },
        assignments: deactivate(['lead', 'assist', 'whistle']),
      };
    }
    case 'whistle': {
      const ids = [...new Set(input.unitIds ?? [])];
      if (ids.length === 0) throw invalid('unitIds', '至少选择一个部门 / Choose at least one unit');
      const units = await checkAssignableUnits(ctx, loaded, ids, 'unitIds');
      const reportBy = addWorkingDays(calendar, now, 1);
      return {
        patch: {},
        data: {
          unitIds: ids,
          unitNames: units.map((u) => u.name),
          note: input.note ?? null,
          reportBy: reportBy.toISOString(),
        },
        assignments: async (trx, at) => {
          await trx
            .insertInto('case_assignment')
            .values(
              units.map((u) => ({
                case_id: row.id,
                unit_id: u.id,
                role: 'whistle' as const,
                active: 1,
                deadline: reportBy.toISOString(),
                reported_at: null,
                note: input.note ?? null,
                created_at: at,
              })),
            )
            .execute();
        },
      };
    }
    case 'report': {
      const mine = actor.memberships.map((m) => m.unitId);
      const units = loaded.facts.pendingWhistleUnitIds.filter((id) => mine.includes(id));
      return {
        patch: {},
        data: { unitIds: units, note: input.note ?? null },
        assignments: async (trx, at) => {
          await trx
            .updateTable('case_assignment')
            .set({ reported_at: at })
            .where('case_id', '=', row.id)
            .where('role', '=', 'whistle')
            .where('unit_id', 'in', units)
            .where('reported_at', 'is', null)
            .execute();
        },
      };
    }
    case 'request_extension': {
      const reason = required(input.reason, 'reason');
      const days = input.days;
      if (days === undefined || !Number.isInteger(days) || days < 1 || days > 10)
        throw invalid('days', '延期 1–10 个工作日 / 1 to 10 working days');
      if (row.extension_days + days > 10)
        throw new AppError(
          'EXTENSION_LIMIT_EXCEEDED',
          `最多延期 10 个工作日，已延期 ${row.extension_days} 天 / At most 10 working days in all`,
          { allowedActions: [] },
        );
      return {
        patch: {
          extension_pending: JSON.stringify({ days, reason, requestedBy: actor.userId, at: now.toISOString() }),
        },
        data: { days, reason },
      };
    }
    case 'decide_extension': {
      if (input.approved === undefined) throw invalid('approved', '必填 / Required');
      const pending = JSON.parse(row.extension_pending ?? '{}') as { days?: number };
      const days = pending.days ?? 0;
      if (!input.approved)
        return { patch: { extension_pending: null }, data: { approved: false, note: input.note ?? null } };
      const base = row.handle_deadline ? new Date(row.handle_deadline) : now;
      const handleBy = addWorkingDays(calendar, base, days);
      return {
        patch: {
          extension_pending: null,
          extension_days: row.extension_days + days,
          handle_deadline: handleBy.toISOString(),
          ...(row.stage === 'handle' ? stage(calendar, 'handle', handleBy) : {}),
        },
        data: { approved: true, days, handleBy: handleBy.toISOString(), note: input.note ?? null },
      };
    }
    case 'supervise':
      // The count itself is incremented in the update (atomic with the sweeper's notices).
      return { patch: {}, data: { note: required(input.note, 'note') } };
    case 'resolve':
      return {
        patch: {
          result: required(input.result, 'result'),
          resolved_at: now.toISOString(),
          rating: null,
          extension_pending: null,
          ...stage(calendar, null, null),
        },
        data: { result: input.result!.trim(), onTheSpot: row.status === 'registered' },
      };
    case 'rate': {
      if (!input.rating || !RATINGS.includes(input.rating)) throw invalid('rating', '请选择满意度 / Choose a rating');
      const closes = input.rating !== 'unsatisfied';
      return {
        patch: { rating: input.rating, ...(closes ? { closed_at: now.toISOString() } : {}) },
        data: { rating: input.rating, comment: input.comment ?? null },
      };
    }
    case 'reopen': {
      const acceptBy = addWorkingDays(calendar, now, acceptDays);
      const handleBy = addWorkingDays(calendar, now, handleDays);
      return {
        patch: {
          extension_pending: null,
          rating: null,
          result: null,
          resolved_at: null,
          closed_at: null,
          reopen_count: row.reopen_count + 1,
          handle_deadline: handleBy.toISOString(),
          extension_days: 0,
          ...stage(calendar, 'accept', acceptBy),
        },
        data: { reason: required(input.reason, 'reason'), leadUnitId: row.lead_unit_id },
      };
    }
    case 'close':
      return {
        patch: { closed_at: now.toISOString(), ...stage(calendar, null, null) },
        data: { note: input.note ?? null },
      };
    case 'cancel':
      return {
        patch: { closed_at: now.toISOString(), ...stage(calendar, null, null) },
        data: { reason: required(input.reason, 'reason') },
        assignments: deactivate(['lead', 'assist', 'whistle']),
      };
    case 'merge': {
      if (input.intoCaseId === undefined) throw invalid('intoCaseId', '必填 / Required');
      if (input.intoCaseId === row.id) throw invalid('intoCaseId', '不能并入自身 / Cannot merge a case into itself');
      const target = await loadCase(ctx.db, input.intoCaseId);
      if (!target || !relationTo(actor, target.facts).triage)
        throw invalid('intoCaseId', '目标事件不存在 / No such case');
      if (target.row.status === 'cancelled')
        throw invalid('intoCaseId', '目标事件已取消 / The target case is cancelled');
      return {
        patch: { merged_into_id: target.row.id, closed_at: now.toISOString(), ...stage(calendar, null, null) },
        data: { intoCaseId: target.row.id, intoNumber: target.row.number },
        assignments: async (trx, at) => {
          // The original must still be open and unchanged: two dispatchers merging A into B and
          // B into A at once must not cancel both.
          const kept = await trx
            .updateTable('case_record')
            .set({ version: target.row.version + 1, updated_at: at })
            .where('id', '=', target.row.id)
            .where('version', '=', target.row.version)
            .where('status', '!=', 'cancelled')
            .executeTakeFirst();
          if (Number(kept.numUpdatedRows) !== 1) {
            throw new AppError(
              'VERSION_CONFLICT',
              '目标事件已被他人更新，请刷新后重试 / The target case has changed; reload and try again',
            );
          }
          await deactivate(['lead', 'assist', 'whistle'])(trx);
          const who = auditActorOf(actor);
          await appendEvent(trx, {
            case_id: target.row.id,
            action: 'merged_in',
            from_status: target.row.status,
            to_status: target.row.status,
            actor_user_id: actor.userId,
            actor_name: actor.displayName,
            actor_role: who?.role ?? null,
            actor_unit_id: who?.unitId ?? null,
            at,
            data: JSON.stringify({ caseId: row.id, number: row.number }),
          });
        },
      };
    }
  }
}

/** Who hears about this action: the reporter on dispatch, resolution and closing; units on assignment, whistle, supervision. */
function notificationsFor(
  row: LoadedCase['row'],
  action: CaseAction,
  to: string,
  data: Record<string, unknown>,
): OutboxMessage[] {
  const subject = { subjectType: 'case', subjectId: row.id };
  // No free text: titles may hold names or numbers, and adapters send payloads outside.
  const payload = { number: row.number, categoryCode: row.category_code, action, status: to };
  const reporter = (topic: string): OutboxMessage => ({
    topic,
    recipientType: 'reporter',
    recipient: row.id,
    ...subject,
    payload,
  });
  const unit = (topic: string, unitId: unknown): OutboxMessage => ({
    topic,
    recipientType: 'unit',
    recipient: Number(unitId),
    ...subject,
    payload,
  });
  switch (action) {
    case 'dispatch':
      return [
        reporter('case.dispatched'),
        unit('case.assigned', data.leadUnitId),
        ...((data.assistUnitIds as number[] | undefined) ?? []).map((id) => unit('case.assigned', id)),
      ];
    case 'whistle':
      return ((data.unitIds as number[] | undefined) ?? []).map((id) => unit('case.whistled', id));
    case 'supervise':
      return row.lead_unit_id !== null ? [unit('case.supervised', row.lead_unit_id)] : [];
    case 'reopen':
      return row.lead_unit_id !== null ? [unit('case.reopened', row.lead_unit_id)] : [];
    case 'resolve':
      return [reporter('case.resolved')];
    case 'rate':
    case 'close':
      return to === 'closed' ? [reporter('case.closed')] : [];
    case 'accept':
    case 'return':
    case 'escalate':
    case 'report':
    case 'request_extension':
    case 'decide_extension':
    case 'cancel':
    case 'merge':
      return [];
  }
}

export async function performAction(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  input: ActionInput,
  clientIp: string | null,
  /** Work of the caller's own module, done in the action's transaction after the update. */
  within?: CaseActionHook,
): Promise<LoadedCase> {
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  const who = relationTo(actor, loaded.facts);
  if (!mayEverDo(input.action, who)) {
    throw new AppError('FORBIDDEN', '无权执行此操作 / You may not do this', {
      allowedActions: allowedActions(loaded.state, who),
    }).denying('case', caseId);
  }
  if (input.version !== loaded.row.version) {
    throw new AppError(
      'VERSION_CONFLICT',
      '事件已被他人更新，请刷新后重试 / The case has changed; reload and try again',
      {
        currentVersion: loaded.row.version,
      },
    );
  }
  const decision = decide(loaded.state, input.action, who, input.rating);
  if (!decision.ok) {
    throw new AppError('INVALID_TRANSITION', '当前状态下不能执行此操作 / This action is not allowed now', {
      status: loaded.row.status,
      allowedActions: allowedActions(loaded.state, who),
    });
  }
  const now = ctx.clock.now();
  const calendar = await loadWorkCalendar(ctx.db);
  const { patch, data, assignments } = await plan(ctx, actor, loaded, input, calendar, now);
  const at = now.toISOString();
  const auditActor = auditActorOf(actor);
  await ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres' && input.action === 'merge' && input.intoCaseId !== undefined) {
      // Both rows, always in id order, so two crossing merges wait instead of deadlocking.
      await trx
        .selectFrom('case_record')
        .select('id')
        .where('id', 'in', [caseId, input.intoCaseId])
        .orderBy('id')
        .forUpdate()
        .execute();
    }
    const updated = await trx
      .updateTable('case_record')
      .set({
        ...patch,
        ...(input.action === 'supervise' ? { supervise_count: sql<number>`supervise_count + 1` } : {}),
        status: decision.to,
        version: loaded.row.version + 1,
        updated_at: at,
      })
      .where('id', '=', caseId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError(
        'VERSION_CONFLICT',
        '事件已被他人更新，请刷新后重试 / The case has changed; reload and try again',
      );
    }
    if (assignments) await assignments(trx, at);
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
    await enqueue(trx, notificationsFor(loaded.row, input.action, decision.to, data), now);
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
  const fresh = await loadCase(ctx.db, caseId);
  if (!fresh) throw new AppError('NOT_FOUND', '事件不存在 / No such case');
  return fresh;
}
