// HTTP for case attachments: upload (multipart, one field `file`), list, download.
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { ACCEPTED_TYPES } from '../../platform/files/file-type.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { Attachment, AttachmentParams } from './attachments.schemas.ts';
import { findAttachment, listAttachments } from './attachments.repository.ts';
import { loadCaseForAttachments } from './attachment-access.ts';
import { MAX_ATTACHMENT_BYTES, attachFile, attachmentStore } from './use-cases/attach-file.ts';

const TAGS = ['cases'];

function malformedUpload(): AppError {
  return new AppError('VALIDATION_FAILED', '上传内容格式无效 / The multipart body is malformed', [
    { field: 'file', message: '格式无效 / Malformed' },
  ]);
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
            'multipart/form-data with one file field `file`, at most 10 MB. The type is read from the content: JPEG, PNG, WebP, GIF, PDF, DOCX, XLSX (415 otherwise). Anyone who sees the case may attach, except leaders and evaluators (403).',
          // Documents the form for OpenAPI; validation is the handler's (a multipart body is a stream,
          // so Fastify sees no body here, and `properties`/`required` apply to objects only).
          body: {
            content: {
              'multipart/form-data': {
                schema: { properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
              },
            },
          },
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
        // The parser's own errors carry a status (limits, 413); busboy's do not and mean the body is
        // not well-formed multipart (no boundary, cut short): the client's fault, not a 500.
        const part = await request.file().catch((error: unknown) => {
          throw error instanceof Error && 'statusCode' in error ? error : malformedUpload();
        });
        if (!part || part.fieldname !== 'file') {
          part?.file.resume();
          throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
            { field: 'file', message: '必填 / Required' },
          ]);
        }
        const attachment = await attachFile(
          ctx,
          actor,
          loaded,
          { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated },
          request.ip,
        ).catch((error: unknown) => {
          // Cut short mid-file, busboy destroys the file stream with a plain Error; a disk or
          // database failure has a code (or is ours) and stays what it is.
          throw error instanceof Error && part.file.errored === error && !('code' in error) ? malformedUpload() : error;
        });
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    '/api/v1/cases/:id/attachments',
    {
      schema: {
        tags: TAGS,
        summary: '附件列表 / Attachments of a case',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Attachment) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'case:read');
      const loaded = await loadCaseForAttachments(ctx, actor, request.params.id, 'read', request.ip);
      return { items: await listAttachments(ctx.db, loaded.row.id) };
    },
  );

  app.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAGS,
        summary: '下载附件 / Download an attachment',
        description: 'The bytes with their stored media type, as a download (Content-Disposition: attachment).',
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
      const body = await attachmentStore(ctx).read(attachment.storageKey);
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
        .header('content-type', attachment.mediaType)
        .header('content-length', attachment.size)
        .header('content-disposition', attachmentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
