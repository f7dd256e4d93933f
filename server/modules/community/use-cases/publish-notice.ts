// 通知公告: a township or village publishes a notice (policy, meeting, emergency) to its residents' app
// page; an urgent one (an emergency always is) is also queued by SMS, in the same transaction, one
// outbox message per resident account of the area with a phone (the phone is looked up when sending:
// the payload carries the publisher's name and the title, nothing personal).
import type { AppContext } from '../../../context.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { NoticeKind } from '../../../../common/community.ts';
import { residentsWithin } from '../community.repository.ts';
import { unitToPlace } from './unit-check.ts';

export interface NoticeInput {
  unitId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  urgent?: boolean | undefined;
}

export async function publishNotice(
  ctx: AppContext,
  actor: Actor,
  input: NoticeInput,
  clientIp: string | null,
): Promise<number> {
  const unit = await unitToPlace(ctx, actor, input.unitId, 'notice:publish', true);
  const urgent = input.kind === 'emergency' || input.urgent === true;
  const title = input.title.trim();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const recipients = urgent ? await residentsWithin(trx, unit.path, true) : [];
    const { id } = await trx
      .insertInto('notice')
      .values({
        unit_id: unit.id,
        unit_path: unit.path,
        kind: input.kind,
        urgent: urgent ? 1 : 0,
        title,
        body: input.body.trim(),
        sms_count: recipients.length,
        published_by: actor.userId,
        published_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      recipients.map((userId) => ({
        topic: 'notice.urgent',
        recipientType: 'user' as const,
        recipient: userId,
        subjectType: 'notice',
        subjectId: id,
        payload: { unit: unit.name, title },
      })),
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'notice:publish'),
        action: 'notice.publish',
        subjectType: 'notice',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, kind: input.kind, urgent, sms: recipients.length },
      },
      now,
    );
    return id;
  });
}
