// HTTP for SMS: the demo's outbox (what the local gateway kept, with a simulated reply), the
// templates the administrator edits, the provider's inbound callback (TD replies), and a staff
// member's own opt-in to deadline cards by SMS.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { isValidPhone, maskPhone } from '../../platform/crypto/personal-data.ts';
import { auditActorOf, authorize, coversWholeTree } from '../auth/index.ts';
import { findMessage, findTemplate, listTemplates, subscriptionsOf, type SmsTemplateRow } from './sms.repository.ts';
import {
  SMS_TEMPLATE_CODES,
  SMS_TEMPLATE_PLACEHOLDERS,
  hasStrayBrace,
  isTemplateCode,
  unknownPlaceholders,
  type SmsTemplateCode,
} from '../../../common/sms-templates.ts';
import { handleReply, normalisePhone } from './opt-out.ts';
import { verifySignedParams } from './sms-signature.ts';
import { STAFF_SMS_TOPICS } from './sms-channel.ts';
import { SMS_EXPORT_COLUMNS, SMS_EXPORT_PAGE_SIZE, listOutbox, type SmsOutboxListItem } from './sms-outbox-list.ts';
import { ExportFormat, allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';

const SmsOutboxItem = Type.Object(
  {
    id: Type.Integer(),
    phoneMasked: Type.String(),
    template: Type.String(),
    text: Type.String(),
    status: Type.String({ enum: ['sent', 'skipped'] }),
    createdAt: Type.String(),
  },
  { title: 'SmsOutboxItem' },
);

const SmsTemplateOut = Type.Object(
  {
    code: Type.String({ enum: SMS_TEMPLATE_CODES }),
    text: Type.String(),
    providerTemplateId: Type.Union([Type.String(), Type.Null()]),
    placeholders: Type.Array(Type.String()),
    updatedAt: Type.String(),
  },
  { title: 'SmsTemplate' },
);

const SmsSubscriptions = Type.Object(
  {
    phoneMasked: Type.Union([Type.String(), Type.Null()]),
    topics: Type.Array(Type.String({ enum: [...STAFF_SMS_TOPICS] })),
    available: Type.Array(Type.String({ enum: [...STAFF_SMS_TOPICS] })),
  },
  { title: 'SmsSubscriptions' },
);

/** The provider's callback: its signed parameters, each a string (the RPC signature's form). */
const InboundBody = Type.Object(
  {
    PhoneNumber: Type.String({ minLength: 1, maxLength: 20 }),
    Content: Type.String({ maxLength: 500 }),
    AccessKeyId: Type.String({ minLength: 1, maxLength: 100 }),
    Timestamp: Type.String({ minLength: 1, maxLength: 40 }),
    SignatureNonce: Type.String({ minLength: 1, maxLength: 100 }),
    Signature: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** A callback older or newer than this is refused: a captured one cannot be replayed later. */
const CALLBACK_WINDOW_MS = 15 * 60_000;

function presentTemplate(row: SmsTemplateRow, code: SmsTemplateCode) {
  return {
    code,
    text: row.text_zh,
    providerTemplateId: row.provider_template_id,
    placeholders: [...SMS_TEMPLATE_PLACEHOLDERS[code]],
    updatedAt: row.updated_at,
  };
}

export function smsRoutes(app: Api, ctx: AppContext): void {
  /** The outbox exists in demo mode only: in production the messages are the provider's. */
  const requireDemo = () => {
    if (ctx.config.mode !== 'demo') throw new AppError('ROUTE_NOT_FOUND', '未找到 / Not found');
  };

  app.get(
    '/api/v1/sms-outbox',
    {
      schema: {
        tags: ['sms'],
        summary: '短信发件箱（仅演示模式）/ The SMS outbox (demo mode only)',
        description:
          'The newest messages (`limit`, 50 by default), phones masked. `format=xlsx` sends every message as an Excel sheet, streamed, and audits the export.',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), format: ExportFormat },
          { additionalProperties: false },
        ),
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(SmsOutboxItem) }), '短信发件箱 / The SMS outbox'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      requireDemo();
      const actor = await authorize(ctx, request, 'sms:manage');
      const q = request.query;
      if (q.format !== 'xlsx') return { items: (await listOutbox(ctx.db, undefined, q.limit ?? 50)).items };
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `短信发件箱-${exportStamp(now)}.xlsx`,
        sheetName: '短信发件箱',
        columns: SMS_EXPORT_COLUMNS,
        rows: allPages<SmsOutboxListItem, number>(async (before) => {
          const { items, next } = await listOutbox(ctx.db, before, SMS_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'sms:manage'),
          clientIp: request.ip,
          what: 'sms_outbox',
          filters: exportFilters(q),
        },
      });
    },
  );

  app.post(
    '/api/v1/sms-outbox/:id/reply',
    {
      schema: {
        tags: ['sms'],
        summary: '模拟居民回复（仅演示模式）/ Simulate a reply to a message (demo mode only)',
        params: IdParams,
        body: Type.Object({ content: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ optedOut: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireDemo();
      await authorize(ctx, request, 'sms:manage');
      const message = await findMessage(ctx.db, request.params.id);
      if (!message) throw notFound('短信');
      const optedOut = await handleReply(ctx, ctx.cipher.decrypt(message.phone_enc), request.body.content, 'simulated');
      return { optedOut };
    },
  );

  app.post(
    '/api/v1/sms/inbound',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['sms'],
        summary: '短信上行回调（服务商签名）/ Replies from the SMS provider (signed)',
        security: [],
        body: InboundBody,
        response: { 200: Type.Object({ ok: Type.Boolean(), optedOut: Type.Boolean() }), ...errorResponses(400, 403) },
      },
    },
    async (request) => {
      const provider = ctx.config.smsProvider;
      const body = request.body;
      const at = Date.parse(body.Timestamp);
      const fresh = !Number.isNaN(at) && Math.abs(at - ctx.clock.now().getTime()) <= CALLBACK_WINDOW_MS;
      if (
        !provider ||
        body.AccessKeyId !== provider.accessKeyId ||
        !verifySignedParams('POST', { ...body }, provider.accessKeySecret) ||
        !fresh
      ) {
        throw new AppError('SMS_SIGNATURE_INVALID');
      }
      const optedOut = await handleReply(ctx, body.PhoneNumber, body.Content, 'reply');
      return { ok: true, optedOut };
    },
  );

  app.get(
    '/api/v1/sms-templates',
    {
      schema: {
        tags: ['sms'],
        summary: '短信模板 / SMS templates',
        response: { 200: Type.Object({ items: Type.Array(SmsTemplateOut) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'sms:manage');
      const rows = await listTemplates(ctx.db);
      return { items: rows.flatMap((r) => (isTemplateCode(r.code) ? [presentTemplate(r, r.code)] : [])) };
    },
  );

  app.put(
    '/api/v1/sms-templates/:code',
    {
      schema: {
        tags: ['sms'],
        summary: '修改短信模板 / Edit an SMS template',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            text: Type.String({ minLength: 2, maxLength: 300 }),
            providerTemplateId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: SmsTemplateOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'sms:manage');
      if (!coversWholeTree(actor, 'sms:manage')) {
        throw new AppError(
          'FORBIDDEN',
          '短信模板全省通用，仅省级管理员可修改 / Only a province administrator edits the SMS templates',
        );
      }
      const { code } = request.params;
      if (!isTemplateCode(code)) throw notFound('短信模板');
      const text = request.body.text.trim();
      const unknown = unknownPlaceholders(code, text);
      if (unknown.length > 0 || hasStrayBrace(text)) {
        throw new AppError(
          'SMS_TEMPLATE_PLACEHOLDER_UNKNOWN',
          unknown.length > 0
            ? `模板不能使用占位符 ${unknown.map((u) => `{${u}}`).join('、')}，可用：${SMS_TEMPLATE_PLACEHOLDERS[code].map((p) => `{${p}}`).join('、')} / Unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; this template may use ${SMS_TEMPLATE_PLACEHOLDERS[code].map((p) => `{${p}}`).join(', ')}`
            : '模板中有不成对的花括号 / A brace opens no placeholder',
          { unknown, allowed: [...SMS_TEMPLATE_PLACEHOLDERS[code]] },
        );
      }
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const current = await findTemplate(trx, code);
        if (!current) throw notFound('短信模板');
        await trx
          .updateTable('sms_template')
          .set({
            text_zh: text,
            ...(request.body.providerTemplateId !== undefined
              ? { provider_template_id: request.body.providerTemplateId?.trim() || null }
              : {}),
            updated_by: actor.userId,
            updated_at: now.toISOString(),
          })
          .where('code', '=', code)
          .execute();
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'sms:manage'),
            action: 'sms.template_edit',
            subjectType: 'sms_template',
            subjectId: code,
            outcome: 'success',
            clientIp: request.ip,
          },
          now,
        );
      });
      return presentTemplate((await findTemplate(ctx.db, code))!, code);
    },
  );

  const mySubscriptions = async (userId: number) => {
    const rows = await subscriptionsOf(ctx.db, userId);
    return {
      phoneMasked: rows[0]?.phone_masked ?? null,
      topics: rows
        .map((r) => r.topic)
        .filter((t): t is (typeof STAFF_SMS_TOPICS)[number] => (STAFF_SMS_TOPICS as readonly string[]).includes(t)),
      available: [...STAFF_SMS_TOPICS],
    };
  };

  app.get(
    '/api/v1/me/sms-subscriptions',
    {
      schema: {
        tags: ['sms'],
        summary: '我的短信提醒 / My SMS alerts',
        response: { 200: SmsSubscriptions, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'sms:subscribe');
      return mySubscriptions(actor.userId);
    },
  );

  app.put(
    '/api/v1/me/sms-subscriptions',
    {
      schema: {
        tags: ['sms'],
        summary: '设置我的短信提醒 / Choose my SMS alerts',
        body: Type.Object(
          {
            topics: Type.Array(Type.String({ enum: [...STAFF_SMS_TOPICS] }), {
              maxItems: STAFF_SMS_TOPICS.length,
              uniqueItems: true,
            }),
            phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SmsSubscriptions, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'sms:subscribe');
      const now = ctx.clock.now();
      const current = await subscriptionsOf(ctx.db, actor.userId);
      let sealed: { enc: string; hash: string; masked: string } | null = current[0]
        ? { enc: current[0].phone_enc, hash: current[0].phone_hash, masked: current[0].phone_masked }
        : null;
      if (request.body.phone !== undefined) {
        const phone = normalisePhone(request.body.phone);
        if (!/^1[3-9]\d{9}$/.test(phone) || !isValidPhone(phone)) {
          throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
            { field: 'phone', message: '请填写有效的手机号码 / A mainland mobile number' },
          ]);
        }
        sealed = { enc: ctx.cipher.encrypt(phone), hash: ctx.cipher.blindIndex(phone), masked: maskPhone(phone) };
      }
      const topics = request.body.topics;
      if (topics.length > 0 && !sealed) throw new AppError('SMS_PHONE_REQUIRED');
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sms_subscription').where('user_id', '=', actor.userId).execute();
        if (topics.length > 0 && sealed) {
          await trx
            .insertInto('sms_subscription')
            .values(
              topics.map((topic) => ({
                user_id: actor.userId,
                topic,
                phone_enc: sealed.enc,
                phone_hash: sealed.hash,
                phone_masked: sealed.masked,
                created_at: now.toISOString(),
              })),
            )
            .execute();
        }
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'sms:subscribe'),
            action: 'sms.subscriptions',
            subjectType: 'user',
            subjectId: actor.userId,
            outcome: 'success',
            clientIp: request.ip,
            details: { topics, phoneChanged: request.body.phone !== undefined },
          },
          now,
        );
      });
      return mySubscriptions(actor.userId);
    },
  );
}
