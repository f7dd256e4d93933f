// 附件: a photo or document added to a case. The bytes go to a temporary file (hashed and counted on
// the way), their type is read from the content, then the file is renamed into place and the row,
// the timeline event and the audit record are written in one transaction; if that fails the file
// is removed again, so the disk never holds a file without a row, nor the table a row without one.
// Each file says what stage of the case it shows (attachments.policy.ts decides the default and who
// sees which) and, for a photo with GPS data, where it was taken: sent as WGS84, stored as GCJ-02.
import type { Readable } from 'node:stream';
import type { AttachmentStage } from '../../../../common/attachments.ts';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { detectFileType } from '../../../platform/files/file-type.ts';
import { sanitizeFileName, withExtension } from '../../../platform/files/file-name.ts';
import { FileStore, randomFileId } from '../../../platform/files/file-store.ts';
import type { Actor } from '../../auth/index.ts';
import { toGcj02 } from '../../org/index.ts';
import { appendEvent } from '../cases.repository.ts';
import { insertAttachment, type AttachmentRow } from '../attachments.repository.ts';
import { attachingMembership, stageOfUpload } from '../attachments.policy.ts';
import type { LoadedCase } from '../case-view.ts';
import { readOnlyRefusal } from '../attachment-access.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface IncomingFile {
  fileName: string | undefined;
  stream: Readable;
  /** Whether the multipart parser cut the file at its own limit. */
  truncated: () => boolean;
}

/** What the form says about the file besides its bytes. */
export interface AttachmentDetails {
  stage?: AttachmentStage | undefined;
  /** WGS84, as a phone's GPS or a photo's EXIF gives it. */
  location?: { lng: number; lat: number } | undefined;
}

/**
 * The details, or how to read them once the file is in: a browser may send the form's other
 * fields after the file, so the route reads them when the file has been received.
 */
export type DetailsSource = AttachmentDetails | (() => Promise<AttachmentDetails>);

export function tooLargeError(): AppError {
  return new AppError('ATTACHMENT_TOO_LARGE', undefined, { maxBytes: MAX_ATTACHMENT_BYTES });
}

export function attachmentStore(ctx: AppContext): FileStore {
  return new FileStore(ctx.config.attachmentsDir);
}

/** Files of one case share a directory; cases spread over 256 shards so no directory grows huge. */
export function storageKeyFor(caseId: number): string {
  return `${(caseId % 256).toString(16).padStart(2, '0')}/${caseId}/${randomFileId()}`;
}

export async function attachFile(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedCase,
  file: IncomingFile,
  clientIp: string | null,
  details: DetailsSource = {},
): Promise<AttachmentRow> {
  const membership = attachingMembership(actor, loaded.facts);
  // The route checked before reading the upload (loadCaseForAttachments); this keeps the use case safe alone.
  if (!membership) throw readOnlyRefusal();
  const caseId = loaded.row.id;
  const store = attachmentStore(ctx);
  const received = await store.receive(file.stream, MAX_ATTACHMENT_BYTES);
  try {
    if (received.tooLarge || file.truncated()) throw tooLargeError();
    const given = typeof details === 'function' ? await details() : details;
    if (received.size === 0) {
      throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
        { field: 'file', message: '文件为空 / The file is empty' },
      ]);
    }
    const type = await detectFileType(received.tempPath);
    if (!type) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        '不支持的文件类型，仅支持 JPEG、PNG、WebP、GIF、PDF、DOCX、XLSX / Unsupported file type: JPEG, PNG, WebP, GIF, PDF, DOCX and XLSX only',
      );
    }
    const choice = stageOfUpload(membership, given.stage, {
      createdByActor: loaded.row.created_by === actor.userId,
      status: loaded.row.status,
    });
    if ('refused' in choice) {
      throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
        { field: 'stage', message: choice.refused },
      ]);
    }
    const point = given.location ? toGcj02(given.location.lng, given.location.lat, 'wgs84') : null;
    // The name's extension follows the content, like the stored media type; the client's says nothing.
    const fileName = withExtension(sanitizeFileName(file.fileName, '附件'), type.extension);
    const storageKey = storageKeyFor(caseId);
    await store.commit(received, storageKey);
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const now = ctx.clock.now();
        const at = now.toISOString();
        // Lock the case so concurrent uploads and actions number their timeline events in turn.
        let current = trx.selectFrom('case_record').select('status').where('id', '=', caseId);
        if (ctx.dialect === 'postgres') current = current.forUpdate();
        const { status } = await current.executeTakeFirstOrThrow();
        const attachment = await insertAttachment(trx, {
          case_id: caseId,
          file_name: fileName,
          media_type: type.mediaType,
          size: received.size,
          sha256: received.sha256,
          storage_key: storageKey,
          uploaded_by: actor.userId,
          uploader_name: actor.displayName,
          uploader_role: membership.role,
          stage: choice.stage,
          lng: point?.[0] ?? null,
          lat: point?.[1] ?? null,
          created_at: at,
        });
        await appendEvent(trx, {
          case_id: caseId,
          action: 'attach',
          from_status: status,
          to_status: status,
          actor_user_id: actor.userId,
          actor_name: actor.displayName,
          actor_role: membership.role,
          actor_unit_id: membership.unitId,
          at,
          data: JSON.stringify({
            attachmentId: attachment.id,
            fileName,
            mediaType: type.mediaType,
            size: received.size,
            stage: choice.stage,
          }),
        });
        await ctx.audit.append(
          trx,
          {
            actor: { userId: actor.userId, username: actor.username, role: membership.role, unitId: membership.unitId },
            action: 'case.attach',
            subjectType: 'case',
            subjectId: caseId,
            outcome: 'success',
            clientIp,
            details: {
              attachmentId: attachment.id,
              mediaType: type.mediaType,
              size: received.size,
              stage: choice.stage,
              located: point !== null,
            },
          },
          now,
        );
        return attachment;
      });
    } catch (error) {
      await store.remove(storageKey);
      throw error;
    }
  } finally {
    await store.discard(received.tempPath);
  }
}
