// 走访照片: a photo taken on a visit, stored the way case attachments are — streamed into a temporary
// file with its size capped (10 MB) and hashed, its type read from the content (JPEG, PNG, WebP or
// GIF: photos only), a JPEG's metadata segments dropped (jpeg-metadata.ts), then renamed into the
// attachment store and the row with its audit record written in one transaction (the file removed
// again if that fails). The position comes apart from the bytes, as WGS84 from the phone's reading
// of the EXIF, and is stored as GCJ-02. At most nine photos per visit.
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { detectFileType, JPEG, PNG, WEBP, GIF } from '../../../platform/files/file-type.ts';
import { sanitizeFileName, withExtension } from '../../../platform/files/file-name.ts';
import { FileStore, randomFileId } from '../../../platform/files/file-store.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { toGcj02 } from '../../org/index.ts';
import { countVisitPhotos, insertPhoto, type PatrolRow, type VisitRow } from '../patrols.repository.ts';
import { stripJpegMetadata } from '../jpeg-metadata.ts';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_VISIT = 9;
const PHOTO_TYPES = [JPEG, PNG, WEBP, GIF].map((t) => t.mediaType);

export interface IncomingPhoto {
  fileName: string | undefined;
  stream: Readable;
  truncated: () => boolean;
}

/** WGS84, as the phone read it from the photo's EXIF. */
export type PhotoPlace = { lng: number; lat: number } | undefined;

export function photoStore(ctx: AppContext): FileStore {
  return new FileStore(ctx.config.attachmentsDir);
}

/** Beside the case files, in their own folder: patrol/<shard>/<visit>/<random>. */
const storageKeyFor = (visitId: number) =>
  `patrol/${(visitId % 256).toString(16).padStart(2, '0')}/${visitId}/${randomFileId()}`;

export const photoTooLarge = () => new AppError('ATTACHMENT_TOO_LARGE', undefined, { maxBytes: MAX_PHOTO_BYTES });

export async function addVisitPhoto(
  ctx: AppContext,
  actor: Actor,
  patrol: PatrolRow,
  visit: VisitRow,
  file: IncomingPhoto,
  place: () => Promise<PhotoPlace>,
  clientIp: string | null,
): Promise<number> {
  const store = photoStore(ctx);
  const received = await store.receive(file.stream, MAX_PHOTO_BYTES);
  try {
    if (received.tooLarge || file.truncated()) throw photoTooLarge();
    const where = await place();
    if (received.size === 0) {
      throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
        { field: 'file', message: '文件为空 / The file is empty' },
      ]);
    }
    const type = await detectFileType(received.tempPath);
    if (!type || !PHOTO_TYPES.includes(type.mediaType)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        '仅支持 JPEG、PNG、WebP、GIF 照片 / Photos only: JPEG, PNG, WebP and GIF',
      );
    }
    if ((await countVisitPhotos(ctx.db, visit.id)) >= MAX_PHOTOS_PER_VISIT) {
      throw new AppError('VISIT_PHOTOS_FULL', undefined, { max: MAX_PHOTOS_PER_VISIT });
    }
    let { size, sha256 } = received;
    if (type === JPEG) {
      const bytes = await readFile(received.tempPath);
      const stripped = stripJpegMetadata(bytes);
      if (stripped !== bytes) {
        await writeFile(received.tempPath, stripped);
        size = stripped.length;
        sha256 = createHash('sha256').update(stripped).digest('hex');
      }
    }
    const point = where ? toGcj02(where.lng, where.lat, 'wgs84') : null;
    const fileName = withExtension(sanitizeFileName(file.fileName, '走访照片'), type.extension);
    const storageKey = storageKeyFor(visit.id);
    await store.commit(received, storageKey);
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const now = ctx.clock.now();
        const id = await insertPhoto(trx, {
          visit_id: visit.id,
          patrol_id: patrol.id,
          file_name: fileName,
          media_type: type.mediaType,
          size,
          sha256,
          storage_key: storageKey,
          lng: point?.[0] ?? null,
          lat: point?.[1] ?? null,
          uploaded_by: actor.userId,
          created_at: now.toISOString(),
        });
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'patrol:record'),
            action: 'patrol.visit_photo',
            subjectType: 'patrol_visit',
            subjectId: visit.id,
            outcome: 'success',
            clientIp,
            details: { patrolId: patrol.id, photoId: id, mediaType: type.mediaType, size, located: point !== null },
          },
          now,
        );
        return id;
      });
    } catch (error) {
      await store.remove(storageKey);
      throw error;
    }
  } finally {
    await store.discard(received.tempPath);
  }
}
