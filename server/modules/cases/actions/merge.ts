import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf } from '../../auth/index.ts';
import { appendEvent } from '../cases.repository.ts';
import { relationTo } from '../cases.policy.ts';
import { loadCase } from '../case-view.ts';
import { deactivateAssignments, stage, type ActionEffect } from './effect.ts';

const refused = (message: string) =>
  new AppError('MERGE_TARGET_INVALID', undefined, [{ field: 'intoCaseId', message }]);

export const merge: ActionEffect<'merge'> = {
  async plan({ ctx, actor, loaded, calendar, now }, body) {
    const { row } = loaded;
    if (body.intoCaseId === row.id) throw refused('不能并入自身 / Cannot merge a case into itself');
    const target = await loadCase(ctx.db, body.intoCaseId);
    // A case the dispatcher does not cover is answered like one that does not exist.
    if (!target || !relationTo(actor, target.facts).triage) throw refused('目标事件不存在 / No such case');
    if (target.row.status === 'cancelled') throw refused('目标事件已取消 / The target case is cancelled');
    return {
      patch: { merged_into_id: target.row.id, closed_at: now.toISOString(), ...stage(calendar, null, null) },
      data: { intoCaseId: target.row.id, intoNumber: target.row.number },
      alsoLocks: [target.row.id],
      after: async (trx, at) => {
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
        await deactivateAssignments(row.id, ['lead', 'assist', 'whistle'])(trx);
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
  },
};
