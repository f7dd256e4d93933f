// HTTP for a visit's photos: the worker of the patrol uploads (multipart: `file`, and the WGS84
// `lng`,`lat` read from the photo's EXIF, in any order); the worker and the supervisors over the
// grid download. Outside that, the patrol — and so its photos — does not exist (404).
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { findPhoto, findVisit, listPhotos } from './patrols.repository.ts';
import { loadPatrol } from './patrols.policy.ts';
import { PHOTO_FORM, PhotoParams, VisitOut, VisitParams } from './patrols.schemas.ts';
import { presentVisit } from './patrols.routes.ts';
import { MAX_PHOTO_BYTES, addVisitPhoto, photoStore, type PhotoPlace } from './use-cases/add-visit-photo.ts';

const TAGS = ['patrols'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

const invalid = (problems: { field: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', problems);
const malformed = () => invalid([{ field: 'file', message: '格式无效 / Malformed' }]);
const missingFile = () => invalid([{ field: 'file', message: '必填 / Required' }]);
const noVisit = () => new AppError('NOT_FOUND', '走访记录不存在 / No such visit');

/** The parser's own errors carry a status (limits, 413); busboy's mean the body is not multipart. */
function parserError(error: unknown): never {
  throw error instanceof Error && 'statusCode' in error ? error : malformed();
}

const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,15})?$/;

/** `lng` and `lat`, both or neither, WGS84; an empty field counts as not sent. Pure. */
export function readPhotoForm(fields: { name: string; value: string; truncated?: boolean }[]): PhotoPlace {
  const problems: { field: string; message: string }[] = [];
  const given = new Map<string, string>();
  for (const f of fields) {
    if (f.name !== 'lng' && f.name !== 'lat') problems.push({ field: f.name, message: '未知字段 / Unknown field' });
    else if (given.has(f.name)) problems.push({ field: f.name, message: '重复 / Sent twice' });
    else if (f.truncated) problems.push({ field: f.name, message: '过长 / Too long' });
    else if (f.value.trim() !== '') given.set(f.name, f.value.trim());
  }
  const read = (name: 'lng' | 'lat', limit: number) => {
    const text = given.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (DECIMAL.test(text) && Number.isFinite(value) && Math.abs(value) <= limit) return value;
    problems.push({ field: name, message: `须在 -${limit} 到 ${limit} 之间 / From -${limit} to ${limit}` });
    return undefined;
  };
  const lng = read('lng', 180);
  const lat = read('lat', 90);
  if (given.has('lng') !== given.has('lat')) {
    problems.push({ field: given.has('lng') ? 'lat' : 'lng', message: '经纬度须同时提供 / lng and lat go together' });
  }
  if (problems.length > 0) throw invalid(problems);
  return lng !== undefined && lat !== undefined ? { lng, lat } : undefined;
}

export function patrolPhotoRoutes(app: Api, ctx: AppContext): void {
  // Multipart parsing only in this scope: every other route still answers a form body with 415.
  void app.register(async (scope: Api) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 4, fieldSize: 64, parts: 6 },
    });

    scope.post(
      '/api/v1/patrols/:id/visits/:visitId/photos',
      {
        config: { multipart: true },
        schema: {
          tags: TAGS,
          summary: '走访照片上传 / Add a photo to a visit',
          description:
            '网格员为自己巡查中的走访上传照片（≤ 10 MB，最多 9 张） / multipart/form-data with one field `file` (JPEG, PNG, ' +
            'WebP or GIF, read from the content: 415 otherwise; at most 10 MB: 413 ATTACHMENT_TOO_LARGE) and optionally ' +
            "the WGS84 `lng`,`lat` where it was taken (stored as GCJ-02). A JPEG's EXIF and IPTC segments are dropped. " +
            'Only the patrol’s own worker, while the grid is theirs (also after finishing); 9 photos per visit (422 ' +
            'VISIT_PHOTOS_FULL). Answers the visit with its photos.',
          body: { content: { 'multipart/form-data': { schema: PHOTO_FORM } } },
          params: VisitParams,
          response: { 201: VisitOut, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'patrol:record');
        const patrol = await loadPatrol(ctx, actor, request.params.id, 'work');
        const visit = await findVisit(ctx.db, patrol.id, request.params.visitId);
        if (!visit) throw noVisit();
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '请以 multipart/form-data 上传照片 / Upload the photo as multipart/form-data',
          );
        }
        const parts = request.parts()[Symbol.asyncIterator]();
        const next = () => parts.next().catch(parserError);
        const fields: { name: string; value: string; truncated?: boolean }[] = [];
        const fieldOf = (part: Multipart) =>
          part.type === 'file'
            ? undefined
            : { name: part.fieldname, value: String(part.value), truncated: part.valueTruncated };
        let step = await next();
        for (; !step.done && step.value.type !== 'file'; step = await next()) fields.push(fieldOf(step.value)!);
        if (step.done) throw missingFile();
        const part = step.value as MultipartFile;
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw missingFile();
        }
        const rest = async () => {
          for (let later = await next(); !later.done; later = await next()) {
            const field = fieldOf(later.value);
            if (field) fields.push(field);
            else {
              (later.value as MultipartFile).file.resume();
              fields.push({ name: later.value.fieldname, value: '' });
            }
          }
          return readPhotoForm(fields);
        };
        await addVisitPhoto(
          ctx,
          actor,
          patrol,
          visit,
          { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated },
          rest,
          request.ip,
        ).catch((error: unknown) => {
          throw error instanceof Error && part.file.errored === error && !('code' in error) ? malformed() : error;
        });
        const photos = await listPhotos(ctx.db, patrol.id);
        return reply.status(201).send(presentVisit(actor, patrol, visit, new Map(), photos));
      },
    );
  });

  app.get(
    '/api/v1/patrols/:id/visits/:visitId/photos/:photoId',
    {
      schema: {
        tags: TAGS,
        summary: '走访照片 / A visit’s photo',
        description:
          'The bytes with their stored media type (an `<img src>` shows it with the session cookie). The patrol’s worker ' +
          'and the supervisors over its grid; for anyone else the photo does not exist (404). Each download is audited.',
        params: PhotoParams,
        response: {
          200: {
            description: '照片 / The photo',
            content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'patrol:read');
      const { id, visitId, photoId } = request.params;
      const patrol = await loadPatrol(ctx, actor, id, 'read');
      const photo = await findPhoto(ctx.db, patrol.id, visitId, photoId);
      if (!photo) throw new AppError('NOT_FOUND', '照片不存在 / No such photo');
      const body = await photoStore(ctx).read(photo.storageKey);
      // A household's photo may show people and their home: who looked at it is on record.
      try {
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(
            trx,
            {
              actor: auditActorOf(actor, 'patrol:read'),
              action: 'patrol.visit_photo.download',
              subjectType: 'patrol_visit',
              subjectId: visitId,
              outcome: 'success',
              clientIp: request.ip,
              details: { patrolId: patrol.id, photoId: photo.id },
            },
            ctx.clock.now(),
          ),
        );
      } catch (error) {
        body.destroy();
        throw error;
      }
      return reply
        .header('content-type', photo.mediaType)
        .header('content-length', photo.size)
        .header('content-disposition', attachmentDisposition(photo.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
