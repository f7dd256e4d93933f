// HTTP for case attachments: upload (multipart: the field `file`, and `stage`, `lng`, `lat`), list,
// download. A resident sees the reported material and the result only (attachments.policy.ts).
import multipart, { type MultipartFile, type Multipart } from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { ACCEPTED_TYPES } from '../../platform/files/file-type.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { ATTACHMENT_FORM, Attachment, AttachmentParams } from './attachments.schemas.ts';
import { findAttachment } from './attachments.repository.ts';
import { mayViewAttachment, seesCaseAsStaff } from './attachments.policy.ts';
import { loadCaseForAttachments, recordDenial } from './attachment-access.ts';
import { attachmentsFor, presentAttachment } from './attachment-view.ts';
import { readAttachmentForm, type FormField } from './attachment-form.ts';
import { MAX_ATTACHMENT_BYTES, attachFile, attachmentStore, type AttachmentDetails } from './use-cases/attach-file.ts';

const TAGS = ['cases'];

function malformedUpload(): AppError {
  return new AppError('VALIDATION_FAILED', '上传内容格式无效 / The multipart body is malformed', [
    { field: 'file', message: '格式无效 / Malformed' },
  ]);
}

function missingFile(): AppError {
  return new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'file', message: '必填 / Required' },
  ]);
}

/** The parser's own errors carry a status (limits, 413); busboy's do not and mean the body is not
 * well-formed multipart (no boundary, cut short): the client's fault, not a 500. */
function parserError(error: unknown): never {
  throw error instanceof Error && 'statusCode' in error ? error : malformedUpload();
}

function fieldOf(part: Multipart): FormField | undefined {
  if (part.type === 'file') return undefined;
  return { name: part.fieldname, value: String(part.value), truncated: part.valueTruncated };
}

function detailsOrRefuse(fields: FormField[]): AttachmentDetails {
  const form = readAttachmentForm(fields);
  if ('details' in form) return form.details;
  throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', form.problems);
}

export function attachmentRoutes(app: Api, ctx: AppContext): void {
  // Multipart parsing only in this scope: every other route still answers a form body with 415.
  void app.register(async (scope: Api) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 20 },
    });

    scope.post(
      '/api/v1/cases/:id/attachments',
      {
        // The CSRF guard lets a signed-in browser post this form (same origin only).
        config: { multipart: true },
        schema: {
          tags: TAGS,
          summary: '上传附件（照片、文档） / Attach a photo or document',
          description:
            '上传一个文件（≤ 10 MB，超过为 413 ATTACHMENT_TOO_LARGE），可带 stage 与 WGS84 的 lng、lat；办结、结案后仍可上传结果照片 / ' +
            'multipart/form-data with one file field `file`, at most 10 MB (413 ATTACHMENT_TOO_LARGE, `details.maxBytes`), and optionally `stage` and the WGS84 `lng`,`lat` where a photo was taken (stored as GCJ-02), in any order. The type is read from the content: JPEG, PNG, WebP, GIF, PDF, DOCX, XLSX (415 otherwise). Anyone who sees the case may attach at any status (result photos after it is resolved or closed), except leaders and evaluators (403); a resident only `report`.',
          // Documents the form for OpenAPI; validation is the handler's (a multipart body is a stream,
          // so Fastify sees no body here).
          body: { content: { 'multipart/form-data': { schema: ATTACHMENT_FORM } } },
          params: IdParams,
          response: { 201: Attachment, ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'case:read');
        const loaded = await loadCaseForAttachments(ctx, actor, request.params.id, 'attach', request.ip);
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '请以 multipart/form-data 上传文件 / Upload the file as multipart/form-data',
          );
        }
        // Fields may come before or after the file: those before are read now, those after once the
        // file is in (the parser hands over one part at a time).
        const parts = request.parts()[Symbol.asyncIterator]();
        const next = () => parts.next().catch(parserError);
        const fields: FormField[] = [];
        let step = await next();
        for (; !step.done && step.value.type !== 'file'; step = await next()) fields.push(fieldOf(step.value)!);
        if (step.done) throw missingFile();
        const part: MultipartFile = step.value as MultipartFile;
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw missingFile();
        }
        const rest = async (): Promise<AttachmentDetails> => {
          for (let later = await next(); !later.done; later = await next()) {
            const field = fieldOf(later.value);
            if (field) fields.push(field);
            else {
              (later.value as MultipartFile).file.resume();
              fields.push({ name: later.value.fieldname, value: '' });
            }
          }
          return detailsOrRefuse(fields);
        };
        const attachment = await attachFile(
          ctx,
          actor,
          loaded,
          { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated },
          request.ip,
          rest,
        ).catch((error: unknown) => {
          // Cut short mid-file, busboy destroys the file stream with a plain Error; a disk or
          // database failure has a code (or is ours) and stays what it is.
          throw error instanceof Error && part.file.errored === error && !('code' in error) ? malformedUpload() : error;
        });
        return reply.status(201).send(presentAttachment(attachment, seesCaseAsStaff(actor, loaded.facts)));
      },
    );
  });

  app.get(
    '/api/v1/cases/:id/attachments',
    {
      schema: {
        tags: TAGS,
        summary: '附件列表 / Attachments of a case',
        description:
          '群众只能看到反映材料和处置后、办理结果照片 / The attachments the caller may see: a resident who reported the case sees the `report`, `after` and `result` stages only.',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Attachment) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read');
      const loaded = await loadCaseForAttachments(ctx, actor, request.params.id, 'read', request.ip);
      return { items: await attachmentsFor(ctx.db, actor, loaded.row.id, loaded.facts) };
    },
  );

  app.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAGS,
        summary: '下载附件 / Download an attachment',
        description:
          '文件内容（可用于 <img src>，凭会话 Cookie） / The bytes with their stored media type, as a download (Content-Disposition: attachment; an `<img src>` shows it with the session cookie). An attachment the caller may not see (a resident and a staff `before` photo) does not exist (404).',
        params: AttachmentParams,
        response: {
          200: {
            description: '文件 / The file',
            content: Object.fromEntries(
              ACCEPTED_TYPES.map((t) => [t.mediaType, { schema: { type: 'string', format: 'binary' } }]),
            ),
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'case:read');
      const { id, attachmentId } = request.params;
      const loaded = await loadCaseForAttachments(ctx, actor, id, 'read', request.ip);
      const attachment = await findAttachment(ctx.db, loaded.row.id, attachmentId);
      if (!attachment) throw new AppError('NOT_FOUND', '附件不存在 / No such attachment');
      if (!mayViewAttachment(actor, loaded.facts, attachment)) {
        await recordDenial(ctx, actor, 'read', loaded.row.id, request.ip);
        throw new AppError('NOT_FOUND', '附件不存在 / No such attachment');
      }
      const body = await attachmentStore(ctx).read(attachment.storage_key);
      // What a case holds may show people and their papers: who downloaded it is on record.
      try {
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(
            trx,
            {
              actor: auditActorOf(actor, 'case:read'),
              action: 'case.attachment.download',
              subjectType: 'case',
              subjectId: loaded.row.id,
              outcome: 'success',
              clientIp: request.ip,
              details: { attachmentId: attachment.id },
            },
            ctx.clock.now(),
          ),
        );
      } catch (error) {
        body.destroy();
        throw error;
      }
      return reply
        .header('content-type', attachment.media_type)
        .header('content-length', attachment.size)
        .header('content-disposition', attachmentDisposition(attachment.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
