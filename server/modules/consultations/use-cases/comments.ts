// The discussion (Decidim): verified residents and the staff who run the topic comment while it is
// gathering or open; a resident reports a comment once; K reports (data, per level) hide it, as does
// a staff member's moderation. A hidden comment shows as 已隐藏 to everyone but staff and its author.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import {
  hideComment,
  insertComment,
  reportComment,
  settingFor,
  type CommentRow,
  type ConsultationRow,
} from '../consultations.repository.ts';
import { auditConsultation } from './audit.ts';

export async function commentOnConsultation(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  body: string,
  asStaff: boolean,
  clientIp: string | null,
): Promise<number> {
  if (topic.status !== 'gathering' && topic.status !== 'open') {
    throw new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, {
      consultationId: topic.id,
      authorId: actor.userId,
      authorKind: asStaff ? 'staff' : 'resident',
      body: body.trim(),
      at: now.toISOString(),
    });
    await auditConsultation(
      ctx,
      trx,
      actor,
      asStaff ? 'consultation:manage' : 'consultation:take_part',
      'consultation.comment',
      { type: 'consultation_comment', id },
      clientIp,
      { consultationId: topic.id },
      now,
    );
    return id;
  });
}

export async function reportConsultationComment(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  comment: CommentRow,
  clientIp: string | null,
): Promise<{ hidden: boolean }> {
  const { reportsToHide } = await settingFor(ctx.db, topic.level);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const count = await reportComment(trx, comment.id, actor.userId, at);
    if (count === null) throw new AppError('CONSULTATION_ALREADY_REPORTED');
    const hiddenNow = count >= reportsToHide && (await hideComment(trx, comment.id, 'reports', null, at));
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:take_part',
      'consultation.comment_report',
      { type: 'consultation_comment', id: comment.id },
      clientIp,
      { consultationId: topic.id, reports: count, hidden: hiddenNow },
      now,
    );
    return { hidden: hiddenNow || comment.hiddenAt !== null };
  });
}

export async function hideConsultationComment(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  comment: CommentRow,
  reason: string | undefined,
  clientIp: string | null,
): Promise<void> {
  if (comment.hiddenAt !== null) return;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await hideComment(trx, comment.id, 'moderation', actor.userId, now.toISOString()))) return;
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:manage',
      'consultation.comment_hide',
      { type: 'consultation_comment', id: comment.id },
      clientIp,
      { consultationId: topic.id, reason: reason?.trim() || null },
      now,
    );
  });
}
