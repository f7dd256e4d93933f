// HTTP for the people registry. Phone and ID numbers are encrypted at rest, always masked in
// responses, and opened only through /reveal by roles that need them, each time audited.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { isValidIdNumber, isValidPhone, maskIdNumber, maskPhone } from '../../platform/crypto/personal-data.ts';
import { auditActorOf, authorize, can, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { findPersonById, insertPerson, listPeople, type PersonRow } from './people.repository.ts';
import { CreatePersonBody, PeopleQuery, PersonOut, RevealBody, RevealOut } from './people.schemas.ts';
import { LOOKUP_BUDGET, LOOKUP_WINDOW_MS, beginExactLookup } from './lookup-budget.ts';

const TAGS = ['people'];

function present(ctx: AppContext, actor: Actor, row: PersonRow) {
  return {
    id: row.id,
    name: row.name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    phone: row.phone_enc ? maskPhone(ctx.cipher.decrypt(row.phone_enc)) : null,
    idNumber: row.id_number_enc ? maskIdNumber(ctx.cipher.decrypt(row.id_number_enc)) : null,
    note: row.note,
    createdAt: row.created_at,
    abilities: {
      revealPhone: can(actor, 'person:reveal_phone', [row.unit_path]),
      revealIdNumber: can(actor, 'person:reveal_id_number', [row.unit_path]),
    },
  };
}

async function loadAuthorized(ctx: AppContext, request: FastifyRequest, id: number) {
  const row = await findPersonById(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '人员不存在 / No such person');
  const actor = await authorize(ctx, request, 'person:read', { paths: [row.unit_path], type: 'person', id });
  return { row, actor };
}

const isIdCursor = positiveIntCursor('id');

export function peopleRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/people',
    {
      schema: {
        tags: TAGS,
        summary: '人员列表 / List people',
        description:
          '`phone` and `idNumber` find exact matches, still masked. Such a look-up needs `person:lookup_exact` ' +
          `(operator, dispatcher, mediator) and a \`purpose\`, is audited, and each account may make ${LOOKUP_BUDGET} ` +
          `in ${LOOKUP_WINDOW_MS / 60_000} minutes (then 429 LOOKUP_BUDGET_EXCEEDED with Retry-After). Search by name with \`q\`.`,
        querystring: PeopleQuery,
        response: { 200: Page(PersonOut), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const fields = (['phone', 'idNumber'] as const).filter((field) => Boolean(query[field]));
      const lookup = fields.length > 0;
      // A look-up confirms a guessed number even when the answer is masked: its own power, first.
      const actor = await authorize(ctx, request, lookup ? 'person:lookup_exact' : 'person:read');
      const purpose = query.purpose?.trim() ?? '';
      if (lookup) {
        await beginExactLookup(ctx, actor, reply, purpose, {
          message: '请说明查找事由 / State why you look this person up',
          field: '按号码查找须写明事由 / Required with phone or idNumber',
        });
      }
      const limit = query.limit ?? 50;
      let unitPath: string | undefined;
      if (query.unitId !== undefined) unitPath = (await findUnitById(ctx.db, query.unitId))?.path ?? '/none/';
      const rows = await listPeople(ctx.db, {
        scopePaths: jurisdictionPaths(actor, lookup ? 'person:lookup_exact' : 'person:read'),
        unitPath,
        q: query.q,
        phoneHash: query.phone ? ctx.cipher.blindIndex(query.phone) : undefined,
        idNumberHash: query.idNumber ? ctx.cipher.blindIndex(query.idNumber) : undefined,
        afterId: decodeCursor(query.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      if (lookup) {
        // Who looked for whom and why; the number searched for stays out of the log.
        const now = ctx.clock.now();
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(
            trx,
            {
              actor: auditActorOf(actor, 'person:lookup_exact'),
              action: 'person.lookup',
              subjectType: 'person',
              subjectId: page.length === 1 ? page[0]!.id : null,
              outcome: 'success',
              clientIp: request.ip,
              details: { fields, purpose, found: page.length, personIds: page.map((r) => r.id) },
            },
            now,
          ),
        );
      }
      return {
        items: page.map((row) => present(ctx, actor, row)),
        nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/people',
    {
      schema: {
        tags: TAGS,
        summary: '登记人员 / Register a person',
        body: CreatePersonBody,
        response: { 201: PersonOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const unit = await findUnitById(ctx.db, body.unitId);
      if (!unit) {
        throw new AppError('VALIDATION_FAILED', '单位不存在 / Unknown unit', [
          { field: 'unitId', message: '单位不存在 / Unknown unit' },
        ]);
      }
      const actor = await authorize(ctx, request, 'person:create', {
        paths: [unit.path],
        type: 'org_unit',
        id: unit.id,
      });
      const phone = body.phone?.replace(/\s+/g, '');
      const idNumber = body.idNumber?.trim().toUpperCase();
      const problems: { field: string; message: string }[] = [];
      if (phone !== undefined && !isValidPhone(phone))
        problems.push({ field: 'phone', message: '电话号码格式无效 / Invalid phone number' });
      if (idNumber !== undefined && !isValidIdNumber(idNumber)) {
        problems.push({ field: 'idNumber', message: '身份证号码无效 / Invalid ID card number' });
      }
      if (problems.length > 0)
        throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', problems);
      const now = ctx.clock.now();
      const id = await ctx.db.transaction().execute(async (trx) => {
        const personId = await insertPerson(trx, {
          name: body.name.trim(),
          unit_id: unit.id,
          phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
          phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
          id_number_enc: idNumber ? ctx.cipher.encrypt(idNumber) : null,
          id_number_hash: idNumber ? ctx.cipher.blindIndex(idNumber) : null,
          note: body.note ?? null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'person:create'),
            action: 'person.create',
            subjectType: 'person',
            subjectId: personId,
            outcome: 'success',
            clientIp: request.ip,
            details: { unitId: unit.id, hasPhone: phone !== undefined, hasIdNumber: idNumber !== undefined },
          },
          now,
        );
        return personId;
      });
      return reply.status(201).send(present(ctx, actor, (await findPersonById(ctx.db, id))!));
    },
  );

  app.get(
    '/api/v1/people/:id',
    {
      schema: {
        tags: TAGS,
        summary: '人员详情（脱敏） / One person, masked',
        params: IdParams,
        response: { 200: PersonOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row, actor } = await loadAuthorized(ctx, request, request.params.id);
      return present(ctx, actor, row);
    },
  );

  app.post(
    '/api/v1/people/:id/reveal',
    {
      schema: {
        tags: TAGS,
        summary: '查看明文（留痕） / Show clear values (audited)',
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row } = await loadAuthorized(ctx, request, request.params.id);
      const wantsPhone = request.body.fields.includes('phone');
      const wantsId = request.body.fields.includes('idNumber');
      const resource = { paths: [row.unit_path], type: 'person', id: row.id };
      let actor: Actor | undefined;
      if (wantsPhone) actor = await authorize(ctx, request, 'person:reveal_phone', resource);
      if (wantsId) actor = await authorize(ctx, request, 'person:reveal_id_number', resource);
      const out: { phone?: string | null; idNumber?: string | null } = {};
      if (wantsPhone) out.phone = row.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null;
      if (wantsId) out.idNumber = row.id_number_enc ? ctx.cipher.decrypt(row.id_number_enc) : null;
      const now = ctx.clock.now();
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor!, wantsId ? 'person:reveal_id_number' : 'person:reveal_phone'),
            action: 'person.reveal',
            subjectType: 'person',
            subjectId: row.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { fields: request.body.fields },
          },
          now,
        ),
      );
      return out;
    },
  );
}
