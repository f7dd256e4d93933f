// A dispatcher's or leader's step on a warning: acknowledge (知悉), assign to someone of the area who
// reads warnings, dismiss as a false alarm, close once handled. One transaction with its history
// line and audit record; a dismissed or closed warning frees its situation (open_key) so the
// situation coming back raises a new one.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { rolesWith } from '../../../../common/powers.ts';
import { nextWarningStatus, type WarningAction } from '../../../../common/warnings.ts';
import {
  activeUsersWithRoles,
  auditActorOf,
  can,
  findMemberships,
  jurisdictionPaths,
  type Actor,
} from '../../auth/index.ts';
import { findWarning, type WarningRow } from '../warnings.repository.ts';
import { canReadWarning } from '../warnings.policy.ts';

export const WARNING_ASSIGNED_TOPIC = 'warning.assigned';

export interface WarningActionInput {
  action: WarningAction;
  note?: string | undefined;
  userId?: number | undefined;
}

/** The warning if the actor reads it; otherwise it does not exist (404). */
export async function loadReadableWarning(ctx: AppContext, actor: Actor, id: number): Promise<WarningRow> {
  const row = await findWarning(ctx.db, id);
  if (!row || !canReadWarning(actor, row)) {
    const error = new AppError('NOT_FOUND', '预警不存在 / No such warning');
    throw row ? error.denying('warning', id) : error;
  }
  return row;
}

/** An enabled account holding a role that reads warnings, in a unit inside the actor's jurisdiction. */
async function checkAssignee(ctx: AppContext, actor: Actor, userId: number | undefined): Promise<number> {
  const refuse = () => new AppError('WARNING_ASSIGNEE_INVALID', undefined, { field: 'userId' });
  if (userId === undefined) throw refuse();
  const readers = rolesWith('warning:read');
  if ((await activeUsersWithRoles(ctx.db, [userId], readers)).length === 0) throw refuse();
  const roots = jurisdictionPaths(actor, 'warning:act');
  const memberships = await findMemberships(ctx.db, [userId]);
  const inside = memberships.some(
    (m) => (readers as readonly string[]).includes(m.role) && roots.some((root) => isWithin(m.unitPath, root)),
  );
  if (!inside) throw refuse();
  return userId;
}

export async function actOnWarning(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: WarningActionInput,
  clientIp: string | null,
): Promise<void> {
  const row = await loadReadableWarning(ctx, actor, id);
  if (!can(actor, 'warning:act', [row.unit_path])) {
    throw new AppError('FORBIDDEN', '无权处置该预警 / You may not act on this warning').denying('warning', id);
  }
  const assignee = input.action === 'assign' ? await checkAssignee(ctx, actor, input.userId) : null;
  const note = input.note?.trim() || null;
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // Read again inside the transaction: two dispatchers acting at once take turns.
    let query = trx.selectFrom('warning').selectAll().where('id', '=', id);
    if (ctx.dialect === 'postgres') query = query.forUpdate();
    const current = await query.executeTakeFirstOrThrow();
    const to = nextWarningStatus(current.status, input.action);
    if (to === null) {
      throw new AppError('WARNING_TRANSITION_INVALID', undefined, { status: current.status, action: input.action });
    }
    const ends = to === 'dismissed' || to === 'closed';
    await trx
      .updateTable('warning')
      .set({
        status: to,
        ...(assignee !== null ? { assignee_user_id: assignee } : {}),
        ...(ends ? { open_key: null, closed_at: at } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('warning_event')
      .values({
        warning_id: id,
        action: input.action,
        from_status: current.status,
        to_status: to,
        actor_user_id: actor.userId,
        note,
        data: JSON.stringify(assignee !== null ? { assigneeUserId: assignee } : {}),
        at,
      })
      .execute();
    if (assignee !== null) {
      // The assignee hears of it in their inbox.
      await enqueue(
        trx,
        [
          {
            topic: WARNING_ASSIGNED_TOPIC,
            recipientType: 'user',
            recipient: assignee,
            subjectType: 'warning',
            subjectId: id,
            payload: { warningId: id },
          },
        ],
        now,
      );
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'warning:act'),
        action: `warning.${input.action}`,
        subjectType: 'warning',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { from: current.status, to, ...(assignee !== null ? { assigneeUserId: assignee } : {}) },
      },
      now,
    );
  });
}
