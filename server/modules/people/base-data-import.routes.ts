// HTTP for the base-data import (issue 18 §2): the template per kind, and an upload (multipart,
// one field `file`) checked whole — a preview with `dryRun=true`, else all rows or none.
import multipart, { type MultipartFile } from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { XLSX_MEDIA_TYPE } from '../../platform/http/xlsx.ts';
import { authorize } from '../auth/index.ts';
import { ImportQuery, ImportReport, TemplateQuery, type ImportKind } from './base-data.schemas.ts';
import { MAX_BASE_DATA_BYTES, MAX_BASE_DATA_ROWS, baseDataTemplate } from './base-data-sheet.ts';
import { IMPORT_SHEETS, importBaseData } from './use-cases/import-base-data.ts';

const TAGS = ['base-data'];

const IMPORT_FORM = {
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `.xlsx（≤ 10 MB，≤ ${MAX_BASE_DATA_ROWS} 行），列见模板 / The sheet (.xlsx, at most 10 MB and ${MAX_BASE_DATA_ROWS} rows), columns as in the template`,
    },
  },
  required: ['file'],
};

function badFile(message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${message}`, [{ field: 'file', message }]);
}

async function uploadedFile(parts: AsyncIterableIterator<unknown>): Promise<Buffer> {
  let file: Buffer | undefined;
  try {
    for await (const part of parts as AsyncIterable<MultipartFile | { type: 'field' }>) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || file !== undefined) {
        part.file.resume();
        continue;
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('IMPORT_FILE_TOO_LARGE', undefined, { maxBytes: MAX_BASE_DATA_BYTES });
    }
    throw error instanceof Error && 'statusCode' in error
      ? error
      : badFile('上传内容格式无效 / The multipart body is malformed');
  }
  if (!file) throw badFile('请选择要导入的文件 / Required');
  return file;
}

export function baseDataImportRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/base-data/import/template',
    {
      schema: {
        tags: TAGS,
        summary: '基础数据导入模板 / The base-data import template (.xlsx)',
        querystring: TemplateQuery,
        response: { 200: Type.Any({ description: 'xlsx' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await authorize(ctx, request, 'base_data:import');
      const spec = IMPORT_SHEETS[request.query.kind as ImportKind];
      return reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', attachmentDisposition(spec.file))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(await baseDataTemplate(spec.sheet, spec.columns));
    },
  );

  void app.register(async (scope: Api) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_BASE_DATA_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 10 },
    });
    scope.post(
      '/api/v1/base-data/import',
      {
        config: { multipart: true },
        schema: {
          tags: TAGS,
          summary: '导入房屋、人员或企业（.xlsx） / Import houses, people or enterprises (.xlsx)',
          description:
            'multipart/form-data with one file field `file` (columns: `GET /api/v1/base-data/import/template?kind=`). `dryRun=true` checks every row and stores nothing: the preview, with every fault as `{row, column, reason}` (Chinese). Without it, a file with any fault stores nothing (422 BASE_DATA_IMPORT_REJECTED, `details.errors`), and a clean file is stored whole in one transaction. A row whose natural key is already registered (people: the ID number; houses: the standard address; enterprises: the credit code) updates that record or leaves it unchanged: importing the same file twice adds nothing. Grids are named by code or by a name unique in the importer’s area; key groups only those the importer may record. One audit record per import, with counts.',
          querystring: ImportQuery,
          body: { content: { 'multipart/form-data': { schema: IMPORT_FORM } } },
          response: { 200: ImportReport, ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
        },
      },
      async (request) => {
        const actor = await authorize(ctx, request, 'base_data:import');
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '请以 multipart/form-data 上传文件 / Upload the file as multipart/form-data',
          );
        }
        const file = await uploadedFile(request.parts());
        return importBaseData(ctx, actor, request.query.kind as ImportKind, file, {
          dryRun: request.query.dryRun ?? false,
          clientIp: request.ip,
        });
      },
    );
  });
}
