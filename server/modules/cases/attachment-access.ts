// The case behind an attachment request, checked before a byte of the upload is read: 404 when
// the actor cannot see the case, 403 when it would attach through a read-only role. Every refusal
// is an audit record (ADR 0002), as authorize() does for other records.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../auth/index.ts';
import { attachingMembership } from './attachments.policy.ts';
import { loadVisibleCase, type LoadedCase } from './case-view.ts';

export type AttachmentIntent = 'read' | 'attach';

export async function recordDenial(
  ctx: AppContext,
  actor: Actor,
  intent: AttachmentIntent,
  caseId: number,
  clientIp: string | null,
): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'case:read'),
        action: intent === 'attach' ? 'case.attach' : 'case.attachment.read',
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'denied',
        clientIp,
      },
      ctx.clock.now(),
    ),
  );
}

export const readOnlyRefusal = () =>
  new AppError('FORBIDDEN', '只读角色不能上传附件 / Read-only roles cannot add attachments');

export async function loadCaseForAttachments(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  intent: AttachmentIntent,
  clientIp: string | null,
): Promise<LoadedCase> {
  let loaded: LoadedCase;
  try {
    loaded = await loadVisibleCase(ctx, actor, caseId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      await recordDenial(ctx, actor, intent, caseId, clientIp);
      // Recorded here with the attachment's own action name; the general hook need not again.
      error.deniedSubject = undefined;
    }
    throw error;
  }
  if (intent === 'attach' && !attachingMembership(actor, loaded.facts)) {
    await recordDenial(ctx, actor, intent, caseId, clientIp);
    throw readOnlyRefusal();
  }
  return loaded;
}
