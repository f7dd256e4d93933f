// HTTP for the 12345 work-order import: the template, and an upload (multipart, one field `file`)
// answered with the row report as JSON, or as .xlsx (the rejected rows with a 原因 column).
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { authorize } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { EXTERNAL_SYSTEM_PATTERN } from './external-ref.ts';
import { IMPORT_STATUSES, importWorkOrders } from './use-cases/import-work-orders.ts';
import { serviceAccountFor } from './import-service-account.ts';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  importReportWorkbook,
  readWorkOrderSheet,
  workOrderTemplate,
} from './import-sheet.ts';
import { DEFAULT_SYSTEM } from './import-columns.ts';

const TAGS = ['cases'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({ description: '只检查、不创建 / Check every row and create nothing', default: false }),
    ),
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description:
          '未填单位与经纬度的行归入此单位（须在辖区内） / Where rows naming no unit and no point are placed (inside your jurisdiction)',
      }),
    ),
    system: Type.Optional(
      Type.String({
        pattern: EXTERNAL_SYSTEM_PATTERN,
        description: `工单来源系统（externalRef.system），默认 ${DEFAULT_SYSTEM} / The sending system, externalRef.system (default ${DEFAULT_SYSTEM})`,
      }),
    ),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('xlsx')], {
        description: 'xlsx：未导入的行加“原因”列 / xlsx: the rejected rows with a 原因 column',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ImportReportRow = Type.Object({
  row: Type.Integer({ description: '表中行号 / The row number in the sheet' }),
  externalId: Type.Union([Type.String(), Type.Null()], { description: '工单编号 / Work-order id' }),
  status: Type.String({
    enum: [...IMPORT_STATUSES],
    description:
      'created 已导入、already_imported 此前已导入、ready 可导入（试导入）、rejected 未导入 / created, already imported, ready (dry run), rejected',
  }),
  reasons: Type.Array(Type.String(), { description: '未导入的原因（中文 / English） / Why it was rejected' }),
  caseId: Type.Optional(Type.Integer()),
  caseNumber: Type.Optional(Type.String()),
});

export const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    system: Type.String(),
    serviceAccount: Type.Boolean({
      description:
        '是否由该系统的服务账号接收办理结果 / Whether the service account of this system receives the results',
    }),
    total: Type.Integer(),
    created: Type.Integer(),
    alreadyImported: Type.Integer(),
    ready: Type.Integer(),
    rejected: Type.Integer(),
    rows: Type.Array(ImportReportRow),
  },
  { title: 'ImportReport' },
);

const IMPORT_FORM = {
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `12345 工单表 .xlsx（≤ 10 MB，≤ ${MAX_IMPORT_ROWS} 行） / The work-order sheet (.xlsx, at most 10 MB and ${MAX_IMPORT_ROWS} rows)`,
    },
  },
  required: ['file'],
};

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

/** The one file of the form, whole (at most MAX_IMPORT_BYTES); other fields are ignored. */
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
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('IMPORT_FILE_TOO_LARGE', undefined, { maxBytes: MAX_IMPORT_BYTES });
    }
    // The parser's limits carry a status (413); busboy's own errors mean a malformed body.
    throw error instanceof Error && 'statusCode' in error ? error : malformedUpload();
  }
  if (!file) throw missingFile();
  return file;
}

function sendXlsx(reply: FastifyReply, name: string, body: Buffer) {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', attachmentDisposition(name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

export function importRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/cases/import/template',
    {
      schema: {
        tags: TAGS,
        summary: '12345 工单导入模板 / The work-order import template (.xlsx)',
        response: { 200: Type.Any({ description: 'xlsx' }), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await authorize(ctx, request, 'case:import');
      return sendXlsx(reply, '12345工单导入模板.xlsx', await workOrderTemplate());
    },
  );

  void app.register(async (scope: Api) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 10 },
    });

    scope.post(
      '/api/v1/cases/import',
      {
        config: { multipart: true },
        schema: {
          tags: TAGS,
          summary: '导入 12345 工单（.xlsx） / Import 12345 hotline work orders (.xlsx)',
          description:
            'multipart/form-data with one file field `file`: the first sheet of an .xlsx export, headers as in docs/import-12345.md (工单编号, 诉求分类 and 诉求内容 required; order free). Each row is checked and registered like `POST /api/v1/cases` with `externalRef {system, id: 工单编号}`, channel `hotline`, so a row imported before is reported `already_imported` and nothing is created twice. `dryRun=true` checks and creates nothing (rows `ready`). The answer lists every row with its status and reasons; `format=xlsx` sends the rejected rows with a 原因 column instead. Files over 10 MB are 413 IMPORT_FILE_TOO_LARGE, more than 5,000 rows 422 IMPORT_TOO_MANY_ROWS, a file that is no .xlsx 400 IMPORT_FILE_UNREADABLE, a sheet without the required headers 422 IMPORT_COLUMNS_MISSING. Rows outside the importer’s jurisdiction are rejected; `unitId` outside it is 404. One audit record per import, with counts.',
          querystring: ImportQuery,
          body: { content: { 'multipart/form-data': { schema: IMPORT_FORM } } },
          response: { 200: ImportReport, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'case:import');
        const query = request.query;
        const defaultUnit = query.unitId === undefined ? undefined : await findUnitById(ctx.db, query.unitId);
        if (query.unitId !== undefined) {
          await authorize(ctx, request, 'case:import', {
            paths: [defaultUnit?.path ?? '/none/'],
            type: 'org_unit',
            id: query.unitId,
          });
        }
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '请以 multipart/form-data 上传文件 / Upload the file as multipart/form-data',
          );
        }
        const file = await uploadedFile(request.parts());
        const sheet = await readWorkOrderSheet(file);
        const system = query.system ?? DEFAULT_SYSTEM;
        const report = await importWorkOrders(ctx, actor, sheet, {
          system,
          dryRun: query.dryRun ?? false,
          defaultUnit,
          serviceAccountId: await serviceAccountFor(ctx, system),
          clientIp: request.ip,
        });
        if (query.format === 'xlsx') {
          return sendXlsx(reply, '12345工单导入结果.xlsx', await importReportWorkbook(sheet, report.rows));
        }
        return report;
      },
    );
  });
}
