// HTTP for the org tree: browse, search by Chinese name, one unit with its ancestors, locate.
import { createHash } from 'node:crypto';
import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, keysetPage, errorResponses } from '../../platform/http/schemas.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import {
  countyOf,
  findAncestors,
  findGeometryJson,
  findUnitById,
  findUnitsByIds,
  firstCountyWithin,
  listBaseMapGrids,
  listGridGeometries,
  type OrgUnitRow,
} from './org.repository.ts';
import {
  BaseMapFeature,
  BaseMapOut,
  BaseMapQuery,
  GeometryOut,
  GridGeometryOut,
  GridGeometryQuery,
  LocateQuery,
  UnitListQuery,
  UnitOut,
  UnitWithAncestors,
} from './org.schemas.ts';
import { locateGrid } from './use-cases/locate-grid.ts';
import {
  UNIT_EXPORT_COLUMNS,
  UNIT_EXPORT_PAGE_SIZE,
  listUnitPage,
  presentUnit,
  type UnitListItem,
} from './unit-list.ts';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';

const TAGS = ['org'];

function isCodeCursor(value: unknown): value is { code: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code: unknown }).code === 'string';
}

/**
 * How org's routes authorise. Auth sits above org — a membership points into the tree, and the
 * actor is resolved from its units — so org does not import it: app.ts hands in auth's functions.
 */
export interface OrgAccess<Actor> {
  authorize: (
    ctx: AppContext,
    request: FastifyRequest,
    action: 'unit:read' | 'unit:locate' | 'unit:base_map',
    resource?: { paths: string[]; type: string; id: number },
  ) => Promise<Actor>;
  jurisdictionPaths: (actor: Actor, action: 'unit:read' | 'unit:base_map') => string[];
  /** Who an export's audit record names (auth's `auditActorOf`). */
  auditActor: (actor: Actor, action: 'unit:read') => AuditActor | null;
}

export function orgRoutes<Actor>(
  app: Api,
  ctx: AppContext,
  { authorize, jurisdictionPaths, auditActor }: OrgAccess<Actor>,
): void {
  app.get(
    '/api/v1/units',
    {
      schema: {
        tags: TAGS,
        summary: '组织单位列表 / List org units',
        description:
          'Filters combine. `q` searches Chinese names; `within` limits to a subtree; results are ordered by code and limited to the caller’s jurisdiction. `format=xlsx` sends every matching unit (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: UnitListQuery,
        response: { 200: jsonOrXlsx(Page(UnitOut), '组织单位列表 / Org units'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'unit:read');
      const query = request.query;
      const scopePaths = jurisdictionPaths(actor, 'unit:read');
      if (query.format !== 'xlsx') {
        const after = decodeCursor(query.cursor, isCodeCursor)?.code;
        const { items, next } = await listUnitPage(ctx, scopePaths, query, after, query.limit ?? 100);
        return { items, nextCursor: next === undefined ? null : encodeCursor({ code: next }) };
      }
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `组织单位-${exportStamp(now)}.xlsx`,
        sheetName: '组织单位',
        columns: UNIT_EXPORT_COLUMNS,
        rows: allPages<UnitListItem, string>(async (after) => {
          const { items, next } = await listUnitPage(ctx, scopePaths, query, after, UNIT_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActor(actor, 'unit:read'),
          clientIp: request.ip,
          what: 'org_units',
          filters: exportFilters(query),
        },
      });
    },
  );

  app.get(
    '/api/v1/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: '组织单位及其上级 / One unit with its ancestors',
        params: IdParams,
        response: { 200: UnitWithAncestors, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const unit = await findUnitById(ctx.db, request.params.id);
      if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      await authorize(ctx, request, 'unit:read', { paths: [unit.path], type: 'org_unit', id: unit.id });
      const ancestors = await findAncestors(ctx.db, unit);
      return { ...presentUnit(unit), ancestors: ancestors.map(presentUnit) };
    },
  );

  app.get(
    '/api/v1/units/:id/geometry',
    {
      schema: {
        tags: TAGS,
        summary: '单位边界 / A unit’s boundary (GCJ-02)',
        params: IdParams,
        response: { 200: GeometryOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const unit = await findUnitById(ctx.db, request.params.id);
      if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      await authorize(ctx, request, 'unit:read', { paths: [unit.path], type: 'org_unit', id: unit.id });
      const geometry = await ctx.db
        .selectFrom('org_geometry')
        .selectAll()
        .where('unit_id', '=', unit.id)
        .executeTakeFirst();
      if (!geometry) throw new AppError('NOT_FOUND', '该单位没有边界数据 / This unit has no boundary');
      return {
        unitId: unit.id,
        crs: 'gcj02' as const,
        type: 'MultiPolygon' as const,
        coordinates: JSON.parse(geometry.geojson) as unknown,
        bbox: [geometry.min_lng, geometry.min_lat, geometry.max_lng, geometry.max_lat],
      };
    },
  );

  app.get(
    '/api/v1/units/:id/grid-geometries',
    {
      schema: {
        tags: TAGS,
        summary: '辖区内网格边界 / Boundaries of the grids within a unit (GCJ-02)',
        description:
          'The MultiPolygon coordinates of every grid under the unit that lies in the caller’s jurisdiction, ordered by code, `limit` (default 500) a page: one request for a county’s map instead of one per grid. Like the unit list, a unit outside the jurisdiction answers only the grids of the caller’s area inside it (none when there are none).',
        params: IdParams,
        querystring: GridGeometryQuery,
        response: { 200: Page(GridGeometryOut), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'unit:read');
      const unit = await findUnitById(ctx.db, request.params.id);
      if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      const limit = request.query.limit ?? 500;
      const rows = await listGridGeometries(ctx.db, {
        withinPath: unit.path,
        scopePaths: jurisdictionPaths(actor, 'unit:read'),
        afterCode: decodeCursor(request.query.cursor, isCodeCursor)?.code,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ code: r.code }));
      return {
        items: page.map((row) => ({
          unitId: row.unit_id,
          code: row.code,
          coordinates: JSON.parse(row.geojson) as unknown,
        })),
        nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/grids/locate',
    {
      schema: {
        tags: TAGS,
        summary: '按坐标定位网格 / Find the grid at a point',
        description: 'WGS84 input (GPS) is converted to GCJ-02. 404 NOT_IN_ANY_GRID outside every grid.',
        querystring: LocateQuery,
        response: { 200: UnitWithAncestors, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'unit:locate');
      const grid = await locateGrid(ctx, request.query.lng, request.query.lat, request.query.crs ?? 'gcj02');
      const ancestors = await findAncestors(ctx.db, grid);
      return { ...presentUnit(grid), ancestors: ancestors.map(presentUnit) };
    },
  );

  app.get(
    '/api/v1/base-map',
    {
      schema: {
        tags: TAGS,
        summary: '底图 / The base map of a county (GCJ-02)',
        description:
          'Public administrative geography for every signed-in user, residents included: the county’s outline (when it has one) and every grid in it, each with its name and its township’s, as a GeoJSON FeatureCollection. Region units only: no department, committee, person or case. The county is the one of `unitId` (the unit itself or the county above it), else of the grid at `lng`,`lat` (GCJ-02), else of the caller’s own area. Cacheable: an ETag, `Cache-Control: private`.',
        querystring: BaseMapQuery,
        response: {
          200: BaseMapOut,
          304: Type.Null({ description: 'Not modified (If-None-Match matched the ETag)' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'unit:base_map');
      const { unitId, lng, lat } = request.query;
      let county: OrgUnitRow | undefined;
      if (unitId !== undefined) {
        const unit = await findUnitById(ctx.db, unitId);
        if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        county = await countyOf(ctx.db, unit);
      } else if (lng !== undefined || lat !== undefined) {
        if (lng === undefined || lat === undefined) {
          throw new AppError('VALIDATION_FAILED', '经度和纬度须一起给出 / Give both lng and lat');
        }
        county = await countyOf(ctx.db, await locateGrid(ctx, lng, lat, 'gcj02'));
      } else {
        for (const path of jurisdictionPaths(actor, 'unit:base_map')) {
          county = (await countyOf(ctx.db, { path })) ?? (await firstCountyWithin(ctx.db, path));
          if (county) break;
        }
      }
      if (!county) throw new AppError('NOT_FOUND', '该处不在任何区县内 / No county there');

      const [grids, outline] = await Promise.all([
        listBaseMapGrids(ctx.db, county.path),
        findGeometryJson(ctx.db, county.id),
      ]);
      // A grid's township is the unit one level below the county on its path.
      const depth = pathIds(county.path).length;
      const townshipIdOf = (path: string): number | null => pathIds(path)[depth] ?? null;
      const townships = new Map(
        (
          await findUnitsByIds(
            ctx.db,
            [...new Set(grids.map((g) => townshipIdOf(g.path)))].filter((id) => id !== null),
          )
        )
          .filter((u) => u.type === 'region' && u.level === 'township')
          .map((u) => [u.id, u.name]),
      );
      const features = grids.map((g): Static<typeof BaseMapFeature> => {
        const townshipId = townshipIdOf(g.path);
        const townshipName = townshipId === null ? null : (townships.get(townshipId) ?? null);
        return {
          type: 'Feature',
          properties: {
            kind: 'grid',
            id: g.id,
            name: g.name,
            townshipId: townshipName === null ? null : townshipId,
            townshipName,
            basic: g.kind === null || g.kind === 'basic',
          },
          geometry: { type: 'MultiPolygon', coordinates: JSON.parse(g.geojson) as unknown },
        };
      });
      if (outline !== undefined) {
        features.unshift({
          type: 'Feature',
          properties: {
            kind: 'county',
            id: county.id,
            name: county.name,
            townshipId: null,
            townshipName: null,
            basic: false,
          },
          geometry: { type: 'MultiPolygon', coordinates: JSON.parse(outline) as unknown },
        });
      }
      const body = { type: 'FeatureCollection' as const, crs: 'gcj02' as const, county: presentUnit(county), features };
      // The geography changes only when reference data is reloaded: a browser keeps it and revalidates.
      const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
      void reply.header('cache-control', 'private, max-age=3600, must-revalidate').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return body;
    },
  );
}
