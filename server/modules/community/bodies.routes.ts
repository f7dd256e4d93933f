// HTTP for community bodies (社区组织): list (.xlsx), register, edit, link the resident accounts that
// act for them, and the audited reveal of a contact's number.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, can, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';
import { findBody, listBodies, type BodyRow } from './community.repository.ts';
import { notFound, readArea, reaches } from './community.policy.ts';
import { BodyCreate, BodyOut, BodyPatch, BodyQuery, MemberAdd, MemberParams, RevealBody } from './community.schemas.ts';
import { presentBodies } from './community.view.ts';
import { addMember, createBody, removeMember, revealContactPhone, updateBody } from './use-cases/manage-bodies.ts';

const TAGS = ['community'];

const KIND_LABEL: Record<string, string> = {
  owners_committee: '业主委员会',
  property_company: '物业服务企业',
  social_org: '社会组织',
  volunteer_team: '志愿服务队',
  building_head: '楼栋长',
};

export async function loadBody(ctx: AppContext, actor: Actor, id: number, power: Power): Promise<BodyRow> {
  const body = await findBody(ctx.db, id);
  const reach =
    !!body &&
    (power === 'community:manage' ? can(actor, power, [body.unitPath]) : reaches(actor, power, body.unitPath));
  if (!body || !reach) throw notFound('社区组织', 'community_body', id, !!body);
  return body;
}

export function bodyRoutes(app: Api, ctx: AppContext): void {
  // The contract's name (docs: /api/v1/community-orgs) and the module's own: the same routes at both.
  for (const prefix of BODY_PREFIXES) bodyRoutesAt(app, ctx, prefix);
}

/** Where the body routes answer: the module's name, and the contract's `community-orgs`. */
export const BODY_PREFIXES = ['/api/v1/community-bodies', '/api/v1/community-orgs'] as const;

function bodyRoutesAt(app: Api, ctx: AppContext, prefix: (typeof BODY_PREFIXES)[number]): void {
  const one = async (actor: Actor, id: number) =>
    (await presentBodies(ctx, actor, [(await findBody(ctx.db, id))!]))[0]!;

  app.get(
    prefix,
    {
      schema: {
        tags: TAGS,
        summary: '社区组织列表 / Community bodies of the caller’s area',
        description:
          'Owners’ committees, property companies, social organisations, volunteer teams and building heads whose ' +
          'area overlaps the caller’s, with their contact (phone masked) and linked accounts. `kind` filters; ' +
          '`format=xlsx` exports (audited).',
        querystring: BodyQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(BodyOut) }), '社区组织 / Bodies'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'community:read');
      const q = request.query;
      const rows = await listBodies(ctx.db, {
        area: readArea(actor, 'community:read'),
        kind: q.kind,
        limit: q.format === 'xlsx' ? 20_000 : (q.limit ?? 500),
      });
      const items = await presentBodies(ctx, actor, rows);
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `社区组织-${exportStamp(now)}.xlsx`,
          sheetName: '社区组织',
          columns: [
            { key: 'name', header: '名称', width: 28 },
            { key: 'kind', header: '类型', value: (b) => KIND_LABEL[b.kind] ?? b.kind },
            { key: 'unitName', header: '服务区域', width: 20 },
            { key: 'contactName', header: '联系人' },
            { key: 'contactPhone', header: '联系电话（脱敏）', width: 16 },
            { key: 'members', header: '关联账号数', type: 'number', value: (b) => b.members.length },
            { key: 'active', header: '状态', value: (b) => (b.active ? '在册' : '停用') },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'community:read'),
            clientIp: request.ip,
            what: 'community_bodies',
            filters: { kind: q.kind ?? null },
          },
        });
      }
      return { items };
    },
  );

  app.post(
    prefix,
    {
      schema: {
        tags: TAGS,
        summary: '登记社区组织 / Register a community body',
        description:
          'Staff register a body serving a region of their area, with a contact person and phone (sealed at rest, ' +
          'shown masked). A unit that is not a region: 422 COMMUNITY_UNIT_NOT_ALLOWED; outside the area: 404.',
        body: BodyCreate,
        response: { 201: BodyOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'community:manage');
      const id = await createBody(ctx, actor, request.body, request.ip);
      reply.code(201);
      return one(actor, id);
    },
  );

  app.get(
    `${prefix}/:id`,
    {
      schema: {
        tags: TAGS,
        summary: '社区组织详情 / A community body',
        params: IdParams,
        response: { 200: BodyOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'community:read');
      const body = await loadBody(ctx, actor, request.params.id, 'community:read');
      return (await presentBodies(ctx, actor, [body]))[0]!;
    },
  );

  app.patch(
    `${prefix}/:id`,
    {
      schema: {
        tags: TAGS,
        summary: '修改社区组织 / Edit a community body',
        description: 'Name, contact, note, or `active: false` to retire it. Outside the area: 404.',
        params: IdParams,
        body: BodyPatch,
        response: { 200: BodyOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'community:manage');
      const body = await loadBody(ctx, actor, request.params.id, 'community:manage');
      await updateBody(ctx, actor, body, request.body, request.ip);
      return one(actor, body.id);
    },
  );

  app.post(
    `${prefix}/:id/members`,
    {
      schema: {
        tags: TAGS,
        summary: '关联居民账号 / Link a resident account to the body',
        description:
          'The account (by `username`, or by the `phone` it signed up with) acts for the body: a social ' +
          'organisation’s member applies for and reports on service projects; a volunteer team’s `lead` logs hours. ' +
          'Linking again changes the role. No such resident account: 422 COMMUNITY_MEMBER_NOT_RESIDENT.',
        params: IdParams,
        body: MemberAdd,
        response: { 200: BodyOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'community:manage');
      const body = await loadBody(ctx, actor, request.params.id, 'community:manage');
      await addMember(ctx, actor, body, request.body, request.ip);
      return one(actor, body.id);
    },
  );

  app.delete(
    `${prefix}/:id/members/:userId`,
    {
      schema: {
        tags: TAGS,
        summary: '解除关联账号 / Unlink an account',
        params: MemberParams,
        response: { 200: BodyOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'community:manage');
      const body = await loadBody(ctx, actor, request.params.id, 'community:manage');
      if (!(await removeMember(ctx, actor, body, request.params.userId, request.ip))) {
        throw notFound('关联账号', 'community_body_member', request.params.userId, false);
      }
      return one(actor, body.id);
    },
  );

  app.post(
    `${prefix}/:id/contact-phone`,
    {
      schema: {
        tags: TAGS,
        summary: '查看联系电话 / Reveal the contact’s phone',
        description:
          'Staff who keep the body see its contact’s number in clear, stating why (at least 2 characters); each ' +
          'reveal is audited with the reason, never the number.',
        params: IdParams,
        body: RevealBody,
        response: {
          200: Type.Object({ phone: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'community:manage');
      const body = await loadBody(ctx, actor, request.params.id, 'community:manage');
      return revealContactPhone(ctx, actor, body, request.body.reason, request.ip);
    },
  );
}
