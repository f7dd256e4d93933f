// HTTP for administrators who edit the tree (issue 18 §3): create, rename, move, close units of
// their area, draw a boundary, split and merge grids, read a unit's history. A unit or parent
// outside the administrator's jurisdiction does not exist for them (404).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { findUnitById, findUnitsByIds, type OrgUnitRow } from './org.repository.ts';
import { listHistory } from './org-edit.repository.ts';
import { GeometryOut, UnitOut } from './org.schemas.ts';
import {
  CreateUnitBody,
  GeoJsonPolygonIn,
  MergeGridsBody,
  MergeOut,
  SplitGridBody,
  SplitOut,
  UnitHistoryOut,
  UpdateUnitBody,
} from './org-edit.schemas.ts';
import { presentUnit } from './unit-list.ts';
import { boundingBox } from './geo.ts';
import {
  createUnit,
  mergeGrids,
  setBoundary,
  splitGrid,
  updateUnit,
  type CaseCounter,
  type Editor,
} from './use-cases/edit-units.ts';

const TAGS = ['org'];

export interface OrgEditAccess<Actor> {
  authorize: (
    ctx: AppContext,
    request: FastifyRequest,
    action: 'unit:manage' | 'unit:read',
    resource?: { paths: string[]; type: string; id: number },
  ) => Promise<Actor>;
  auditActor: (actor: Actor, action: 'unit:manage') => AuditActor | null;
  cases: CaseCounter;
}

export function orgEditRoutes<Actor>(app: Api, ctx: AppContext, access: OrgEditAccess<Actor>): void {
  const { authorize, auditActor, cases } = access;

  /** A unit the caller may manage; outside the jurisdiction (or missing) it does not exist. */
  async function managed(request: FastifyRequest, id: number, action: 'unit:manage' | 'unit:read' = 'unit:manage') {
    await authorize(ctx, request, action);
    const unit = await findUnitById(ctx.db, id);
    if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
    const actor = await authorize(ctx, request, action, { paths: [unit.path], type: 'org_unit', id: unit.id });
    return { actor, unit };
  }

  const editorOf = (actor: Actor, request: FastifyRequest): Editor => ({
    audit: auditActor(actor, 'unit:manage'),
    clientIp: request.ip,
  });

  app.post(
    '/api/v1/units',
    {
      schema: {
        tags: TAGS,
        summary: '新建单位 / Create a unit',
        description:
          'A village or community under a township, a grid (basic or dedicated: `domain`) under a village, a department, centre or committee (any domain of common/org-units.ts, court-invited mediation included) under a region — within the caller’s jurisdiction. A grid or village may come with its boundary (GeoJSON, GCJ-02), checked like PUT …/geometry.',
        body: CreateUnitBody,
        response: { 201: UnitOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { actor, unit: parent } = await managed(request, request.body.parentId);
      const body = request.body;
      const unit = await createUnit(ctx, editorOf(actor, request), {
        parent,
        kind: body.kind,
        name: body.name,
        domain: body.domain,
        geometry: body.geometry,
      });
      return reply.code(201).send({ ...presentUnit(unit), childCount: 0 });
    },
  );

  app.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改单位：改名、调整上级、撤销 / Rename, move or close a unit',
        description:
          '`parentId` moves the unit (and everything under it) under another parent of the right level within the jurisdiction; a village or grid with cases on record is not moved. `closed: true` closes it: refused while cases are open in it or led by it, or units under it are open. A closed unit keeps its history and old cases and takes nothing new.',
        params: IdParams,
        body: UpdateUnitBody,
        response: { 200: UnitOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { actor, unit } = await managed(request, request.params.id);
      let parent: OrgUnitRow | undefined;
      if (request.body.parentId !== undefined) parent = (await managed(request, request.body.parentId)).unit;
      const updated = await updateUnit(ctx, editorOf(actor, request), cases, unit, {
        name: request.body.name,
        parent,
        closed: request.body.closed,
      });
      return presentUnit(updated);
    },
  );

  app.put(
    '/api/v1/units/:id/geometry',
    {
      schema: {
        tags: TAGS,
        summary: '设定边界 / Draw a unit’s boundary (GCJ-02)',
        description:
          'A GeoJSON Polygon or MultiPolygon for a grid, village or township. Refused (422) when it crosses itself (GEOMETRY_SELF_INTERSECTS), leaves the nearest unit above with a boundary by more than 1 % (GEOMETRY_OUTSIDE_PARENT), or — for a grid — overlaps another open grid of its township and class by more than 1 % of the smaller area (GEOMETRY_OVERLAPS_SIBLING, naming it).',
        params: IdParams,
        body: GeoJsonPolygonIn,
        response: { 200: GeometryOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { actor, unit } = await managed(request, request.params.id);
      const polygon = await setBoundary(ctx, editorOf(actor, request), unit, request.body);
      const box = boundingBox(polygon);
      return {
        unitId: unit.id,
        crs: 'gcj02' as const,
        type: 'MultiPolygon' as const,
        coordinates: polygon,
        bbox: [box.minLng, box.minLat, box.maxLng, box.maxLat],
      };
    },
  );

  app.post(
    '/api/v1/units/:id/split',
    {
      schema: {
        tags: TAGS,
        summary: '拆分网格 / Split a grid',
        description:
          'Closes the grid and creates two or more grids of its kind under the same village, each with its boundary. Cases filed under the old grid keep it (and show its name); new cases go to the new grids.',
        params: IdParams,
        body: SplitGridBody,
        response: { 201: SplitOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { actor, unit } = await managed(request, request.params.id);
      const created = await splitGrid(ctx, editorOf(actor, request), unit, request.body.parts);
      const closed = (await findUnitById(ctx.db, unit.id))!;
      return reply.code(201).send({ closed: presentUnit(closed), created: created.map(presentUnit) });
    },
  );

  app.post(
    '/api/v1/units/merge',
    {
      schema: {
        tags: TAGS,
        summary: '合并网格 / Merge grids',
        description:
          'Closes two or more open grids of one village (of one kind) and creates one grid in their place, with the boundary given or, without one, their boundaries together. Their cases keep them.',
        body: MergeGridsBody,
        response: { 201: MergeOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const grids: OrgUnitRow[] = [];
      let actor: Actor | undefined;
      for (const id of request.body.unitIds) {
        const found = await managed(request, id);
        actor = found.actor;
        grids.push(found.unit);
      }
      const created = await mergeGrids(ctx, editorOf(actor!, request), grids, {
        name: request.body.name,
        geometry: request.body.geometry,
      });
      const closed = await findUnitsByIds(ctx.db, request.body.unitIds);
      return reply.code(201).send({ closed: closed.map(presentUnit), created: presentUnit(created) });
    },
  );

  app.get(
    '/api/v1/units/:id/history',
    {
      schema: {
        tags: TAGS,
        summary: '单位变更记录 / A unit’s history',
        description:
          'Created, renamed, moved, closed, boundary drawn, split or merged: who and when, newest first (200 at most).',
        params: IdParams,
        response: { 200: UnitHistoryOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { unit } = await managed(request, request.params.id, 'unit:read');
      const rows = await listHistory(ctx.db, unit.id);
      return {
        items: rows.map((r) => ({
          id: r.id,
          change: r.change,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
          actorName: r.actor_name,
          at: r.at,
        })),
      };
    },
  );
}
