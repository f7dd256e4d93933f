// HTTP for credit records (issue 19 §4, ADR 0034): records of a subject or of the area (.xlsx), one
// record with its history and objections, a record made by hand, objections and their decisions,
// the rules, and the export for the city's credit platform (docs/credit-export.md). Every route
// answers 404 to the roles that may not see credit records at all.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import {
  IdParams,
  decodeCursor,
  encodeCursor,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { AppError } from '../../platform/http/errors.ts';
import { auditActorOf } from '../auth/index.ts';
import { findRecord, listRecords, listRules, type RecordFilter } from './credit.repository.ts';
import { creditActor, loadObjection, loadRecord, scopeOf } from './credit.policy.ts';
import {
  CreateRecordBody,
  DecisionBody,
  ExportQuery,
  ObjectionBody,
  RecordDetail,
  RecordListQuery,
  RecordPage,
  RulesBody,
  RulesOut,
} from './credit.schemas.ts';
import { presentDetail, presentRecords, presentRule } from './credit.view.ts';
import { createCreditRecord } from './use-cases/create-record.ts';
import { decideObjection, fileObjection } from './use-cases/objections.ts';
import { updateRules } from './use-cases/update-rules.ts';
import { EXPORT_FORMAT, EXPORT_MEDIA_TYPE, creditExportLines } from './credit-export.ts';
import { can } from '../auth/index.ts';

const TAGS = ['credit'];
const isBefore = positiveIntCursor('before');
const SOURCE_ZH: Record<string, string> = {
  agreement_broken: '调解协议未履行',
  agreement_kept: '调解协议履行',
  judicial_confirmation: '司法确认',
  false_report: '虚假举报',
  recognition: '表彰',
};

export function creditRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/credit/records',
    {
      schema: {
        tags: TAGS,
        summary: '信用记录列表 / Credit records',
        description:
          'Records of subjects registered in the caller’s area, newest first: `subjectKind` + `subjectId` one ' +
          'person’s or enterprise’s, `direction` 守信/失信, `sourceKind`, `status`, `objected=1` those with a pending ' +
          'objection. `format=xlsx` exports every match (audited). Only the deciding roles (admin, leader, ' +
          'dispatcher); others get 404.',
        querystring: RecordListQuery,
        response: { 200: jsonOrXlsx(RecordPage, '信用记录 / Credit records'), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await creditActor(ctx, request, 'credit:read');
      const q = request.query;
      const filter: Omit<RecordFilter, 'limit'> = {
        scopePaths: scopeOf(actor),
        subjectKind: q.subjectKind,
        subjectId: q.subjectId,
        direction: q.direction,
        sourceKind: q.sourceKind,
        status: q.status,
        objected: q.objected === '1',
      };
      if (q.format === 'xlsx') {
        const rows = await presentRecords(ctx, await listRecords(ctx.db, { ...filter, limit: 20_000 }));
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `信用记录-${exportStamp(now)}.xlsx`,
          sheetName: '信用记录',
          columns: [
            { key: 'id', header: '编号', type: 'number', width: 8 },
            { key: 'subject', header: '主体', width: 20, value: (r) => r.subject.name },
            { key: 'kind', header: '类型', width: 8, value: (r) => (r.subject.kind === 'person' ? '个人' : '企业') },
            { key: 'ident', header: '证件', width: 22, value: (r) => r.subject.creditCode ?? r.subject.idNumber ?? '' },
            { key: 'unit', header: '所在区域', width: 18, value: (r) => r.subject.unitName },
            { key: 'ruleName', header: '规则', width: 24 },
            {
              key: 'direction',
              header: '守信/失信',
              width: 10,
              value: (r) => (r.direction === 'trust' ? '守信' : '失信'),
            },
            { key: 'score', header: '分值', type: 'number', width: 8 },
            {
              key: 'source',
              header: '来源',
              width: 22,
              value: (r) => `${SOURCE_ZH[r.source.kind] ?? r.source.kind} ${r.source.ref ?? r.source.id}`,
            },
            { key: 'validFrom', header: '生效日', type: 'date' },
            { key: 'validUntil', header: '有效期至', type: 'date' },
            { key: 'status', header: '状态', width: 8, value: (r) => (r.status === 'in_force' ? '有效' : '已撤销') },
            { key: 'version', header: '版本', type: 'number', width: 6 },
          ],
          rows,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'credit:read'),
            clientIp: request.ip,
            what: 'credit_records',
            filters: exportFilters(q as Record<string, unknown>),
          },
        });
      }
      const limit = q.limit ?? 50;
      const before = decodeCursor(q.cursor, isBefore)?.before;
      const rows = await listRecords(ctx.db, { ...filter, beforeId: before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: await presentRecords(ctx, page),
        nextCursor: rows.length > limit ? encodeCursor({ before: page[page.length - 1]!.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/credit/records/:id',
    {
      schema: {
        tags: TAGS,
        summary: '信用记录及其历史 / A credit record with its history',
        description:
          'The record as it stands, every version (the first from its source, each correction after it, none ' +
          'overwritten) and its objections. Outside the area, or for a role that does not decide on credit: 404.',
        params: IdParams,
        response: { 200: RecordDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await creditActor(ctx, request, 'credit:read');
      const record = await loadRecord(ctx, actor, request.params.id, 'credit:read');
      return presentDetail(ctx, actor, record);
    },
  );

  app.post(
    '/api/v1/credit/records',
    {
      schema: {
        tags: TAGS,
        summary: '登记信用记录 / Record a credit entry by hand',
        description:
          'A dispatcher or administrator records a source the system does not see by itself: a false report ' +
          'confirmed on a case (`false_report`, the case id), a judicial confirmation or a kept agreement (the ' +
          'mediation file id), a recognition. The subject must be registered in the caller’s area and the source ' +
          'exist there (else 422 CREDIT_SUBJECT_UNKNOWN / CREDIT_SOURCE_UNKNOWN); the score and validity come from ' +
          'the rule (`ruleCode`, or the source kind’s active rule). One record per source and subject: 409.',
        body: CreateRecordBody,
        response: { 201: RecordDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await creditActor(ctx, request, 'credit:decide');
      const id = await createCreditRecord(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentDetail(ctx, actor, (await findRecord(ctx.db, id))!);
    },
  );

  app.post(
    '/api/v1/credit/records/:id/objections',
    {
      schema: {
        tags: TAGS,
        summary: '提出异议 / File an objection',
        description:
          'The subject’s objection with its reason, filed by a dispatcher or administrator on the subject’s behalf ' +
          '(`receivedVia`: window, phone, letter, online). One pending objection per record: 409 ' +
          'CREDIT_OBJECTION_PENDING. Answers the record with its objections.',
        params: IdParams,
        body: ObjectionBody,
        response: { 201: RecordDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await creditActor(ctx, request, 'credit:decide');
      const record = await loadRecord(ctx, actor, request.params.id, 'credit:decide');
      await fileObjection(ctx, actor, record, request.body, request.ip);
      reply.code(201);
      return presentDetail(ctx, actor, (await findRecord(ctx.db, record.id))!);
    },
  );

  app.post(
    '/api/v1/credit/objections/:id/decision',
    {
      schema: {
        tags: TAGS,
        summary: '异议处理：维持或更正 / Decide an objection: uphold or correct',
        description:
          '`uphold` keeps the record; `correct` adds a new version — another rule (`ruleCode`), another score ' +
          '(`score`), or the record withdrawn (`revoke: true`) — with the note as its reason; earlier versions stay ' +
          'in the history. A correction that changes nothing: 422 CREDIT_CORRECTION_EMPTY; decided already: 422 ' +
          'CREDIT_OBJECTION_DECIDED. Answers the record.',
        params: IdParams,
        body: DecisionBody,
        response: { 200: RecordDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await creditActor(ctx, request, 'credit:decide');
      const { objection, record } = await loadObjection(ctx, actor, request.params.id);
      await decideObjection(ctx, actor, objection, record, request.body, request.ip);
      return presentDetail(ctx, actor, (await findRecord(ctx.db, record.id))!);
    },
  );

  app.get(
    '/api/v1/credit/rules',
    {
      schema: {
        tags: TAGS,
        summary: '信用奖惩规则 / Credit rules',
        description:
          'The rules as data: code, name, 守信 (trust) or 失信 (breach), score, validity in months, the source kind ' +
          'a rule applies to by itself, on or off. `abilities.edit` for administrators.',
        response: { 200: RulesOut, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const actor = await creditActor(ctx, request, 'credit:read');
      return { items: (await listRules(ctx.db)).map(presentRule), abilities: { edit: can(actor, 'credit:rules') } };
    },
  );

  app.put(
    '/api/v1/credit/rules',
    {
      schema: {
        tags: TAGS,
        summary: '修改信用奖惩规则 / Edit the credit rules',
        description:
          'An administrator adds or changes rules (by code; none is deleted — switch it off with `active: false`). ' +
          'A change applies to records made after it. A score against its direction: 422 CREDIT_RULE_INVALID. ' +
          'Audited with the codes changed.',
        body: RulesBody,
        response: { 200: RulesOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await creditActor(ctx, request, 'credit:rules');
      await updateRules(ctx, actor, request.body.rules, request.ip);
      return { items: (await listRules(ctx.db)).map(presentRule), abilities: { edit: true } };
    },
  );

  app.get(
    '/api/v1/credit/export',
    {
      schema: {
        tags: TAGS,
        summary: '向市信用平台导出 / Export for the city credit platform',
        description:
          `JSON Lines (${EXPORT_FORMAT}, UTF-8, one object per line; docs/credit-export.md): every version of a ` +
          'record of the caller’s area made between `from` and `to` (Beijing days, inclusive; at most 366 days). ' +
          'Persons by a stable Concord id with masked name and ID number, enterprises by their credit code. ' +
          'Header `X-Credit-Export-Truncated: 1` when the period held more than 50,000 versions. Audited. Administrators.',
        querystring: ExportQuery,
        response: {
          200: {
            description: 'JSON Lines',
            content: { 'application/x-ndjson': { schema: { type: 'string', format: 'binary' } } },
          } as unknown as ReturnType<typeof Type.Any>,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await creditActor(ctx, request, 'credit:export');
      const { from, to } = request.query;
      const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
      if (!Number.isFinite(span) || span < 0 || span > 365)
        throw new AppError('VALIDATION_FAILED', undefined, [
          {
            field: 'to',
            message: '须为有效日期，不早于 from，且跨度不超过 366 天 / A valid day, not before from, within 366 days',
          },
        ]);
      const { lines, truncated } = await creditExportLines(ctx, scopeOf(actor, 'credit:export'), from, to);
      const now = ctx.clock.now();
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'credit:export'),
            action: 'credit.export',
            subjectType: 'credit_records',
            subjectId: null,
            outcome: 'success',
            clientIp: request.ip,
            details: { from, to, lines: lines.length, truncated, identities: 'masked' },
          },
          now,
        ),
      );
      return reply
        .header('content-type', EXPORT_MEDIA_TYPE)
        .header('content-disposition', attachmentDisposition(`credit-${from}-${to}.jsonl`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('x-credit-export-truncated', truncated ? '1' : '0')
        .send(lines.map((l) => JSON.stringify(l) + '\n').join(''));
    },
  );
}
