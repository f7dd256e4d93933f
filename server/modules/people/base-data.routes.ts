// HTTP for base data 一标三实 (issue 18 §2): houses, people (the registry's persons with their
// houses, enterprises and key groups) and enterprises of the caller's area — lists with search and
// .xlsx export, one record registered from a form (新增, by the import's rules), edits, history, and a
// grid's counts. Outside the area a record does not exist (404). Phones and ID numbers are masked everywhere here, exports included.
import type { FastifyRequest } from 'fastify';
import {
  KEY_GROUPS,
  KEY_GROUP_SPECS,
  HOUSE_KIND_LABELS,
  ENTERPRISE_KIND_LABELS,
  HOUSE_RELATION_LABELS,
  ENTERPRISE_RELATION_LABELS,
  type KeyGroup,
} from '../../../common/base-data.ts';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  errorResponses,
  keysetPage,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import {
  allPages,
  exportFilters,
  exportStamp,
  jsonOrXlsx,
  sendXlsx,
  type XlsxColumn,
} from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { findUnitById, type OrgUnitRow } from '../org/index.ts';
import {
  countBaseData,
  findEnterprise,
  findHouse,
  listBasePeople,
  listChanges,
  listEnterprises,
  listHouses,
  personLinks,
  type EnterpriseRow,
  type HouseRow,
} from './base-data.repository.ts';
import {
  BasePersonOut,
  CountsOut,
  CountsQuery,
  EnterpriseCreate,
  EnterpriseDetail,
  EnterpriseOut,
  EnterprisePatch,
  EnterpriseQuery,
  History,
  HouseCreate,
  HouseDetail,
  HouseOut,
  HousePatch,
  HouseQuery,
  PeopleListQuery,
  PersonCreate,
  PersonPatch,
} from './base-data.schemas.ts';
import {
  presentBasePerson,
  presentEnterprise,
  presentHistory,
  presentHouse,
  visibleKeyGroups,
} from './base-data.view.ts';
import { createBaseDataRecord } from './use-cases/create-base-data.ts';
import { editEnterprise, editHouse, editPerson } from './use-cases/edit-base-data.ts';
import { findPersonById, type PersonRow } from './people.repository.ts';

const TAGS = ['base-data'];
const isIdCursor = positiveIntCursor('id');
const EXPORT_PAGE = 500;

/** The unit a filter names: its path, or a path nothing is under when it does not exist. */
async function unitPathOf(ctx: AppContext, unitId: number | undefined): Promise<string | undefined> {
  if (unitId === undefined) return undefined;
  return (await findUnitById(ctx.db, unitId))?.path ?? '/none/';
}

/** A house, person or enterprise is placed in a grid or a village of the editor's area (else 404). */
async function targetUnit(
  ctx: AppContext,
  request: FastifyRequest,
  unitId: number | undefined,
): Promise<OrgUnitRow | undefined> {
  if (unitId === undefined) return undefined;
  const unit = await findUnitById(ctx.db, unitId);
  await authorize(ctx, request, 'base_data:edit', { paths: [unit?.path ?? '/none/'], type: 'org_unit', id: unitId });
  if (!unit || unit.type !== 'region' || (unit.level !== 'grid' && unit.level !== 'village')) {
    throw new AppError('VALIDATION_FAILED', '所属单位须为网格或村（社区） / Place it in a grid or a village', [
      { field: 'unitId', message: '须为网格或村（社区） / A grid or a village' },
    ]);
  }
  return unit;
}

async function loadHouse(
  ctx: AppContext,
  request: FastifyRequest,
  id: number,
  power: 'base_data:read' | 'base_data:edit',
) {
  const row = await findHouse(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '房屋不存在 / No such house');
  const resource = { paths: [row.unit_path], type: 'house', id };
  let actor = await authorize(ctx, request, 'base_data:read', resource);
  if (power !== 'base_data:read') actor = await authorize(ctx, request, power, resource);
  return { row, actor };
}

async function loadEnterprise(
  ctx: AppContext,
  request: FastifyRequest,
  id: number,
  power: 'base_data:read' | 'base_data:edit',
) {
  const row = await findEnterprise(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '企业不存在 / No such enterprise');
  const resource = { paths: [row.unit_path], type: 'enterprise', id };
  let actor = await authorize(ctx, request, 'base_data:read', resource);
  if (power !== 'base_data:read') actor = await authorize(ctx, request, power, resource);
  return { row, actor };
}

async function loadPerson(
  ctx: AppContext,
  request: FastifyRequest,
  id: number,
  power: 'base_data:read' | 'base_data:edit',
) {
  const row = await findPersonById(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '人员不存在 / No such person');
  const resource = { paths: [row.unit_path], type: 'person', id };
  let actor = await authorize(ctx, request, 'base_data:read', resource);
  if (power !== 'base_data:read') actor = await authorize(ctx, request, power, resource);
  return { row, actor };
}

async function presentPeople(ctx: AppContext, actor: Actor, rows: PersonRow[]) {
  const links = await personLinks(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => presentBasePerson(ctx, actor, row, links.get(row.id)));
}

type PresentedPerson = ReturnType<typeof presentBasePerson>;
type PresentedHouse = ReturnType<typeof presentHouse>;
type PresentedEnterprise = ReturnType<typeof presentEnterprise>;

const HOUSE_COLUMNS: readonly XlsxColumn<PresentedHouse>[] = [
  { key: 'address', header: '标准地址', width: 40 },
  { key: 'kind', header: '房屋类型', width: 10, value: (h) => HOUSE_KIND_LABELS[h.kind].zh },
  { key: 'unitName', header: '所属网格', width: 20 },
  { key: 'lng', header: '经度', width: 12, type: 'number' },
  { key: 'lat', header: '纬度', width: 12, type: 'number' },
  { key: 'note', header: '备注', width: 30 },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];

const ENTERPRISE_COLUMNS: readonly XlsxColumn<PresentedEnterprise>[] = [
  { key: 'name', header: '名称', width: 30 },
  { key: 'creditCode', header: '统一社会信用代码', width: 22 },
  { key: 'kind', header: '类型', width: 10, value: (e) => ENTERPRISE_KIND_LABELS[e.kind].zh },
  { key: 'address', header: '地址', width: 36 },
  { key: 'unitName', header: '所属网格', width: 20 },
  { key: 'contactName', header: '联系人', width: 12 },
  // Masked, as on screen: an export is no way around the masking.
  { key: 'contactPhone', header: '联系电话（脱敏）', width: 16 },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];

const PEOPLE_COLUMNS: readonly XlsxColumn<PresentedPerson>[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '身份证号（脱敏）', width: 22 },
  { key: 'phone', header: '联系电话（脱敏）', width: 16 },
  { key: 'unitName', header: '所属网格', width: 20 },
  {
    key: 'houses',
    header: '房屋',
    width: 40,
    value: (p) => p.houses.map((h) => `${h.address}（${HOUSE_RELATION_LABELS[h.relation].zh}）`).join('；'),
  },
  {
    key: 'enterprises',
    header: '企业',
    width: 30,
    value: (p) => p.enterprises.map((e) => `${e.name}（${ENTERPRISE_RELATION_LABELS[e.relation].zh}）`).join('；'),
  },
  {
    key: 'keyGroups',
    header: '重点人群',
    width: 24,
    value: (p) => (p.keyGroups ?? []).map((g) => KEY_GROUP_SPECS[g].zh).join('、'),
  },
  { key: 'note', header: '备注', width: 30 },
];

export function baseDataRoutes(app: Api, ctx: AppContext): void {
  // --- houses -------------------------------------------------------------------------------
  app.get(
    '/api/v1/base-data/houses',
    {
      schema: {
        tags: TAGS,
        summary: '房屋列表 / Houses',
        description:
          '辖区内的房屋；`q` 按地址查找，`unitId` 限定网格；`format=xlsx` 导出 / Houses of the caller’s area; `q` searches the address.',
        querystring: HouseQuery,
        response: { 200: jsonOrXlsx(Page(HouseOut), '房屋列表 / Houses'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:read');
      const query = request.query;
      const filter = {
        scopePaths: jurisdictionPaths(actor, 'base_data:read'),
        unitPath: await unitPathOf(ctx, query.unitId),
        q: query.q,
      };
      if (query.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `房屋列表-${exportStamp(now)}.xlsx`,
          sheetName: '房屋',
          columns: HOUSE_COLUMNS,
          rows: allPages<PresentedHouse, number>(async (after) => {
            const rows = await listHouses(ctx.db, { ...filter, afterId: after, limit: EXPORT_PAGE });
            return {
              rows: rows.map((r) => presentHouse(actor, r)),
              next: rows.length === EXPORT_PAGE ? rows[rows.length - 1]!.id : undefined,
            };
          }),
          audit: exportAudit(ctx, actor, request, now, 'houses', query),
        });
      }
      const limit = query.limit ?? 50;
      const rows = await listHouses(ctx.db, {
        ...filter,
        afterId: decodeCursor(query.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      return { items: page.map((r) => presentHouse(actor, r)), nextCursor };
    },
  );

  app.post(
    '/api/v1/base-data/houses',
    {
      schema: {
        tags: TAGS,
        summary: '新增房屋 / Register a house',
        description:
          '按导入的同一套规则校验；自然键已登记则 409；单位在辖区外则 404 / Checked by the import’s rules; a registered natural key is 409; a unit outside the caller’s area is 404.',
        body: HouseCreate,
        response: { 201: HouseOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:edit');
      const { unitId, ...fields } = request.body;
      const unit = (await targetUnit(ctx, request, unitId))!;
      const id = await createBaseDataRecord(ctx, actor, 'houses', unit, fields, request.ip);
      return reply.status(201).send(presentHouse(actor, (await findHouse(ctx.db, id))!));
    },
  );

  app.get(
    '/api/v1/base-data/houses/:id',
    {
      schema: {
        tags: TAGS,
        summary: '房屋详情（含住户） / One house with its people',
        params: IdParams,
        response: { 200: HouseDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row, actor } = await loadHouse(ctx, request, request.params.id, 'base_data:read');
      return { ...presentHouse(actor, row), people: await linkedPeople(ctx, actor, { houseId: row.id }) };
    },
  );

  app.patch(
    '/api/v1/base-data/houses/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改房屋 / Edit a house',
        params: IdParams,
        body: HousePatch,
        response: { 200: HouseOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { row, actor } = await loadHouse(ctx, request, request.params.id, 'base_data:edit');
      const unit = await targetUnit(ctx, request, request.body.unitId);
      return presentHouse(actor, await editHouse(ctx, actor, row, request.body, unit, request.ip));
    },
  );

  app.get(
    '/api/v1/base-data/houses/:id/history',
    {
      schema: {
        tags: TAGS,
        summary: '房屋变更记录 / A house’s history of changes',
        params: IdParams,
        response: { 200: History, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row } = await loadHouse(ctx, request, request.params.id, 'base_data:read');
      return { items: await presentHistory(ctx.db, await listChanges(ctx.db, 'house', row.id), null) };
    },
  );

  // --- enterprises --------------------------------------------------------------------------
  app.get(
    '/api/v1/base-data/enterprises',
    {
      schema: {
        tags: TAGS,
        summary: '企业和商铺列表 / Enterprises and shops',
        description: '`q` 按名称或地址查找；联系电话脱敏 / `q` searches name and address; phones masked.',
        querystring: EnterpriseQuery,
        response: { 200: jsonOrXlsx(Page(EnterpriseOut), '企业列表 / Enterprises'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:read');
      const query = request.query;
      const filter = {
        scopePaths: jurisdictionPaths(actor, 'base_data:read'),
        unitPath: await unitPathOf(ctx, query.unitId),
        q: query.q,
      };
      if (query.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `企业列表-${exportStamp(now)}.xlsx`,
          sheetName: '企业和商铺',
          columns: ENTERPRISE_COLUMNS,
          rows: allPages<PresentedEnterprise, number>(async (after) => {
            const rows = await listEnterprises(ctx.db, { ...filter, afterId: after, limit: EXPORT_PAGE });
            return {
              rows: rows.map((r) => presentEnterprise(ctx, actor, r)),
              next: rows.length === EXPORT_PAGE ? rows[rows.length - 1]!.id : undefined,
            };
          }),
          audit: exportAudit(ctx, actor, request, now, 'enterprises', query),
        });
      }
      const limit = query.limit ?? 50;
      const rows = await listEnterprises(ctx.db, {
        ...filter,
        afterId: decodeCursor(query.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      return { items: page.map((r) => presentEnterprise(ctx, actor, r)), nextCursor };
    },
  );

  app.post(
    '/api/v1/base-data/enterprises',
    {
      schema: {
        tags: TAGS,
        summary: '新增企业或商铺 / Register an enterprise or shop',
        description:
          '按导入的同一套规则校验；自然键已登记则 409；单位在辖区外则 404 / Checked by the import’s rules; a registered natural key is 409; a unit outside the caller’s area is 404.',
        body: EnterpriseCreate,
        response: { 201: EnterpriseOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:edit');
      const { unitId, ...fields } = request.body;
      const unit = (await targetUnit(ctx, request, unitId))!;
      const id = await createBaseDataRecord(ctx, actor, 'enterprises', unit, fields, request.ip);
      return reply.status(201).send(presentEnterprise(ctx, actor, (await findEnterprise(ctx.db, id))!));
    },
  );

  app.get(
    '/api/v1/base-data/enterprises/:id',
    {
      schema: {
        tags: TAGS,
        summary: '企业详情（含人员） / One enterprise with its people',
        params: IdParams,
        response: { 200: EnterpriseDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row, actor } = await loadEnterprise(ctx, request, request.params.id, 'base_data:read');
      return {
        ...presentEnterprise(ctx, actor, row),
        people: await linkedPeople(ctx, actor, { enterpriseId: row.id }),
      };
    },
  );

  app.patch(
    '/api/v1/base-data/enterprises/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改企业 / Edit an enterprise',
        params: IdParams,
        body: EnterprisePatch,
        response: { 200: EnterpriseOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { row, actor } = await loadEnterprise(ctx, request, request.params.id, 'base_data:edit');
      const unit = await targetUnit(ctx, request, request.body.unitId);
      return presentEnterprise(ctx, actor, await editEnterprise(ctx, actor, row, request.body, unit, request.ip));
    },
  );

  app.get(
    '/api/v1/base-data/enterprises/:id/history',
    {
      schema: {
        tags: TAGS,
        summary: '企业变更记录 / An enterprise’s history of changes',
        params: IdParams,
        response: { 200: History, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row } = await loadEnterprise(ctx, request, request.params.id, 'base_data:read');
      return { items: await presentHistory(ctx.db, await listChanges(ctx.db, 'enterprise', row.id), null) };
    },
  );

  // --- people -------------------------------------------------------------------------------
  app.get(
    '/api/v1/base-data/people',
    {
      schema: {
        tags: TAGS,
        summary: '实有人口列表 / People of the area',
        description:
          '`q` 按姓名或房屋地址查找；`keyGroup` 只列该重点人群（无权查看该类别时为空）；电话和身份证号脱敏 / `q` searches name and house address; `keyGroup` lists one key group (empty for a caller who may not see it); numbers masked.',
        querystring: PeopleListQuery,
        response: { 200: jsonOrXlsx(Page(BasePersonOut), '人员列表 / People'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:read');
      const query = request.query;
      const group = query.keyGroup as KeyGroup | undefined;
      const filter = {
        scopePaths: jurisdictionPaths(actor, 'base_data:read'),
        unitPath: await unitPathOf(ctx, query.unitId),
        q: query.q,
        keyGroup: group ? { code: group, paths: jurisdictionPaths(actor, KEY_GROUP_SPECS[group].power) } : undefined,
        houseId: query.houseId,
        enterpriseId: query.enterpriseId,
      };
      if (query.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `人员列表-${exportStamp(now)}.xlsx`,
          sheetName: '实有人口',
          columns: PEOPLE_COLUMNS,
          rows: allPages<PresentedPerson, number>(async (after) => {
            const rows = await listBasePeople(ctx.db, { ...filter, afterId: after, limit: EXPORT_PAGE });
            return {
              rows: await presentPeople(ctx, actor, rows),
              next: rows.length === EXPORT_PAGE ? rows[rows.length - 1]!.id : undefined,
            };
          }),
          audit: exportAudit(ctx, actor, request, now, 'base_people', query),
        });
      }
      const limit = query.limit ?? 50;
      const rows = await listBasePeople(ctx.db, {
        ...filter,
        afterId: decodeCursor(query.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      return { items: await presentPeople(ctx, actor, page), nextCursor };
    },
  );

  app.post(
    '/api/v1/base-data/people',
    {
      schema: {
        tags: TAGS,
        summary: '新增人员 / Register a person',
        description:
          '按导入的同一套规则校验；自然键已登记则 409；单位在辖区外则 404 / Checked by the import’s rules; a registered natural key is 409; a unit outside the caller’s area is 404.',
        body: PersonCreate,
        response: { 201: BasePersonOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'base_data:edit');
      const { unitId, ...fields } = request.body;
      const unit = (await targetUnit(ctx, request, unitId))!;
      const id = await createBaseDataRecord(ctx, actor, 'people', unit, fields, request.ip);
      return reply.status(201).send((await presentPeople(ctx, actor, [(await findPersonById(ctx.db, id))!]))[0]!);
    },
  );

  app.get(
    '/api/v1/base-data/people/:id',
    {
      schema: {
        tags: TAGS,
        summary: '人员详情（脱敏） / One person, masked',
        params: IdParams,
        response: { 200: BasePersonOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row, actor } = await loadPerson(ctx, request, request.params.id, 'base_data:read');
      return (await presentPeople(ctx, actor, [row]))[0]!;
    },
  );

  app.patch(
    '/api/v1/base-data/people/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改人员信息、房屋和企业关联、重点人群 / Edit a person, their houses, enterprises and key groups',
        params: IdParams,
        body: PersonPatch,
        response: { 200: BasePersonOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { row, actor } = await loadPerson(ctx, request, request.params.id, 'base_data:edit');
      const body = request.body;
      const unit = await targetUnit(ctx, request, body.unitId);
      const scope = jurisdictionPaths(actor, 'base_data:read');
      // Linked records must be ones the editor sees; any other id is "no such house".
      const houses = new Map<number, HouseRow>();
      for (const { houseId } of body.houses ?? []) {
        const house = await findHouse(ctx.db, houseId);
        if (house && scope.some((p) => house.unit_path.startsWith(p))) houses.set(houseId, house);
      }
      const enterprises = new Map<number, EnterpriseRow>();
      for (const { enterpriseId } of body.enterprises ?? []) {
        const enterprise = await findEnterprise(ctx.db, enterpriseId);
        if (enterprise && scope.some((p) => enterprise.unit_path.startsWith(p)))
          enterprises.set(enterpriseId, enterprise);
      }
      await editPerson(ctx, actor, row, body, unit, { houses, enterprises }, request.ip);
      return (await presentPeople(ctx, actor, [(await findPersonById(ctx.db, row.id))!]))[0]!;
    },
  );

  app.get(
    '/api/v1/base-data/people/:id/history',
    {
      schema: {
        tags: TAGS,
        summary: '人员变更记录 / A person’s history of changes',
        description:
          '电话、身份证号以脱敏形式记录；无权查看的重点人群变更不列出 / Numbers recorded masked; changes of key groups the caller may not see are left out.',
        params: IdParams,
        response: { 200: History, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { row, actor } = await loadPerson(ctx, request, request.params.id, 'base_data:read');
      return {
        items: await presentHistory(
          ctx.db,
          await listChanges(ctx.db, 'person', row.id),
          visibleKeyGroups(actor, row.unit_path),
        ),
      };
    },
  );

  // --- counts -------------------------------------------------------------------------------
  app.get(
    '/api/v1/base-data/counts',
    {
      schema: {
        tags: TAGS,
        summary: '房屋、人口、企业和重点人群数 / Counts of houses, people, enterprises and key groups',
        description:
          '`unitId`：某网格或上级单位；重点人群只计调用者有权查看的类别 / Key groups only those the caller may see.',
        querystring: CountsQuery,
        response: { 200: CountsOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      let actor = await authorize(ctx, request, 'base_data:read');
      const unitId = request.query.unitId;
      let unitPath: string | undefined;
      if (unitId !== undefined) {
        const unit = await findUnitById(ctx.db, unitId);
        actor = await authorize(ctx, request, 'base_data:read', {
          paths: [unit?.path ?? '/none/'],
          type: 'org_unit',
          id: unitId,
        });
        unitPath = unit!.path;
      }
      const groupPaths: Record<string, string[]> = {};
      for (const group of KEY_GROUPS) groupPaths[group] = jurisdictionPaths(actor, KEY_GROUP_SPECS[group].power);
      const counts = await countBaseData(ctx.db, {
        scopePaths: jurisdictionPaths(actor, 'base_data:read'),
        unitPath,
        groupPaths,
      });
      return {
        houses: counts.houses,
        people: counts.people,
        enterprises: counts.enterprises,
        keyGroups: KEY_GROUPS.filter((g) => counts.keyGroups[g] !== undefined).map((g) => ({
          group: g,
          count: counts.keyGroups[g]!,
        })),
      };
    },
  );
}

/** The people linked to a house or an enterprise, as the actor may see them. */
async function linkedPeople(ctx: AppContext, actor: Actor, link: { houseId?: number; enterpriseId?: number }) {
  const rows = await listBasePeople(ctx.db, {
    scopePaths: jurisdictionPaths(actor, 'base_data:read'),
    ...link,
    limit: 500,
  });
  const links = await personLinks(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const l = links.get(r.id);
    const relation =
      link.houseId !== undefined
        ? l?.houses.find((h) => h.houseId === link.houseId)?.relation
        : l?.enterprises.find((e) => e.enterpriseId === link.enterpriseId)?.relation;
    return { personId: r.id, name: r.name, relation: relation ?? '' };
  });
}

function exportAudit(
  ctx: AppContext,
  actor: Actor,
  request: FastifyRequest,
  now: Date,
  what: string,
  query: Record<string, unknown>,
) {
  return {
    log: ctx.audit,
    db: ctx.db,
    at: now,
    actor: auditActorOf(actor, 'base_data:read'),
    clientIp: request.ip,
    what,
    filters: exportFilters(query),
  };
}
