// A file attached to a stage of a stability risk assessment (survey forms, expert opinions, the
// hearing's minutes): the platform's file store as case attachments use it — received into a
// temporary file, typed by its content, renamed into place, then the row and the audit record in
// one transaction; the file is removed again if that fails.
import type { Readable } from 'node:stream';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { detectFileType } from '../../../platform/files/file-type.ts';
import { sanitizeFileName, withExtension } from '../../../platform/files/file-name.ts';
import { FileStore, randomFileId } from '../../../platform/files/file-store.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { AssessmentRow } from '../stability.repository.ts';
import { stagesDone, type RiskStage } from '../../../../common/risk-stages.ts';

export const MAX_RISK_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function riskAttachmentStore(ctx: AppContext): FileStore {
  return new FileStore(ctx.config.attachmentsDir);
}

export async function attachRiskFile(
  ctx: AppContext,
  actor: Actor,
  row: AssessmentRow,
  stage: RiskStage,
  file: { fileName: string | undefined; stream: Readable; truncated: () => boolean },
  clientIp: string | null,
): Promise<void> {
  const open = [...stagesDone(row.stage), row.stage];
  if (!open.includes(stage)) {
    file.stream.resume();
    throw new AppError('RISK_STAGE_OUT_OF_ORDER', `「${stage}」尚未开始 / That stage has not begun`, {
      expected: row.stage,
      given: stage,
    });
  }
  const store = riskAttachmentStore(ctx);
  const received = await store.receive(file.stream, MAX_RISK_ATTACHMENT_BYTES);
  try {
    if (received.tooLarge || file.truncated()) {
      throw new AppError('ATTACHMENT_TOO_LARGE', undefined, { maxBytes: MAX_RISK_ATTACHMENT_BYTES });
    }
    const type = received.size > 0 ? await detectFileType(received.tempPath) : undefined;
    if (!type) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        '不支持的文件类型，仅支持 JPEG、PNG、WebP、GIF、PDF、DOCX、XLSX / Unsupported file type',
      );
    }
    const fileName = withExtension(sanitizeFileName(file.fileName, '附件'), type.extension);
    const key = `stability/${(row.id % 256).toString(16).padStart(2, '0')}/${row.id}/${randomFileId()}`;
    await store.commit(received, key);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const now = ctx.clock.now();
        const { id } = await trx
          .insertInto('risk_assessment_attachment')
          .values({
            assessment_id: row.id,
            stage,
            file_name: fileName,
            media_type: type.mediaType,
            size: received.size,
            sha256: received.sha256,
            storage_key: key,
            uploaded_by: actor.userId,
            uploader_name: actor.displayName,
            created_at: now.toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'stability:manage'),
            action: 'stability.attach',
            subjectType: 'risk_assessment',
            subjectId: row.id,
            outcome: 'success',
            clientIp,
            details: { attachmentId: id, stage, sha256: received.sha256, size: received.size },
          },
          now,
        );
      });
    } catch (error) {
      await store.remove(key);
      throw error;
    }
  } catch (error) {
    await store.discard(received.tempPath).catch(() => undefined);
    throw error;
  }
}
