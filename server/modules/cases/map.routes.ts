// HTTP for the case map (GeoJSON points of the cases the caller may see, clustered on a grid when
// there are too many for the zoom) and for the units' current load (the dispatch dialog).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../common/workflow.ts';
import { authorize, can } from '../auth/index.ts';
import { findUnitById, findUnitsByIds } from '../org/index.ts';
import { caseScope } from './cases.policy.ts';
import { KPIS, isOverdue } from './kpi.ts';
import {
  countLedCases,
  countMapCases,
  countMapCells,
  findMapPoints,
  type Box,
  type MapFilter,
} from './map.repository.ts';
import { CaseMap, MapCaseQuery, UnitLoadList, UnitLoadQuery } from './map.schemas.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** Never more single points than this in one answer, whatever the zoom. */
export const MAX_POINTS = 2000;
/** A clustered answer has at most about this many cells across the box each way. */
const CELLS_ACROSS = 64;
const DEFAULT_ZOOM = 12;

/** Points are sent one by one up to this many, then clustered: 100 at zoom 10, doubling per level. */
export function clusterAbove(zoom: number): number {
  return Math.min(MAX_POINTS, 100 * 2 ** Math.max(0, zoom - 10));
}

/**
 * The side of a cluster cell in degrees: a quarter of a 256-px map tile at `zoom` (about 64 px on
 * screen), and never so small that the box holds more than CELLS_ACROSS² cells.
 */
export function cellSize(zoom: number, box: Box): number {
  const base = 360 / 2 ** zoom / 4;
  return Math.max(base, (box.maxLng - box.minLng) / CELLS_ACROSS, (box.maxLat - box.minLat) / CELLS_ACROSS);
}

function parseBox(text: string): Box {
  const [minLng, minLat, maxLng, maxLat] = text.split(',').map(Number) as [number, number, number, number];
  if (![minLng, maxLng].every((v) => Number.isFinite(v) && v >= -180 && v <= 180))
    throw invalid('bbox', '经度须在 -180 到 180 之间 / Longitudes must lie in [-180, 180]');
  if (![minLat, maxLat].every((v) => Number.isFinite(v) && v >= -90 && v <= 90))
    throw invalid('bbox', '纬度须在 -90 到 90 之间 / Latitudes must lie in [-90, 90]');
  if (minLng > maxLng || minLat > maxLat)
    throw invalid('bbox', '最小值不能大于最大值 / The minimum must not exceed the maximum');
  return { minLng, minLat, maxLng, maxLat };
}

function parseStatuses(text: string | undefined): CaseStatus[] | undefined {
  const statuses = text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = statuses?.filter((s) => !(CASE_STATUSES as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) throw invalid('status', `未知状态 ${unknown.join(',')} / Unknown status`);
  return statuses as CaseStatus[] | undefined;
}

const point = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] });

export function mapRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/map/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '事件地图（GeoJSON，密集时聚合） / Case map as GeoJSON, clustered when dense',
        description: `本人可见的、有坐标的事件（与事件列表相同的辖区范围），坐标为 GCJ-02 [经度, 纬度]。范围内的事件多于该缩放级别的阈值（缩放 10 级 100 个，每级加倍，至多 ${MAX_POINTS} 个）时，按约 64 像素的格网聚合，每格一个点（成员坐标的平均），附各状态的数量。 / The located cases the caller may see (the case list's jurisdiction), GCJ-02 [lng, lat]. When the box holds more than the zoom's threshold (100 at zoom 10, doubling per level, at most ${MAX_POINTS}), they are clustered on a grid of about 64 px, one point per cell (the mean of its cases) with the count per status. \`overdue\` is the KPI rule: ${KPIS.overdue.description}. A \`unitId\` outside the caller's jurisdiction does not exist (404).`,
        querystring: MapCaseQuery,
        response: { 200: CaseMap, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      let actor = await authorize(ctx, request, 'case:read');
      let withinPath: string | undefined;
      if (q.unitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.unitId);
        if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        actor = await authorize(ctx, request, 'case:read', { paths: [unit.path], type: 'org_unit', id: unit.id });
        withinPath = unit.path;
      }
      const box = q.bbox === undefined ? undefined : parseBox(q.bbox);
      const from = q.from === undefined ? undefined : new Date(q.from);
      const to = q.to === undefined ? undefined : new Date(q.to);
      if (from && to && to.getTime() <= from.getTime())
        throw invalid('to', '结束时间须晚于开始时间 / Must be after from');
      const filter: MapFilter = {
        scope: caseScope(actor),
        withinPath,
        box,
        status: parseStatuses(q.status),
        createdFrom: from?.toISOString(),
        createdTo: to?.toISOString(),
      };
      const zoom = q.zoom ?? DEFAULT_ZOOM;
      const { total, extent } = await countMapCases(ctx.db, filter);
      if (total <= clusterAbove(zoom) || extent === null) {
        const now = ctx.clock.now();
        const rows = await findMapPoints(ctx.db, filter, clusterAbove(zoom));
        return {
          type: 'FeatureCollection' as const,
          total,
          clustered: false,
          features: rows.map((r) => ({
            type: 'Feature' as const,
            geometry: point(r.lng, r.lat),
            properties: {
              kind: 'case' as const,
              id: r.id,
              number: r.number,
              title: r.title,
              status: r.status,
              overdue: isOverdue(r, now),
            },
          })),
        };
      }
      // The cells cover what matched, within the box asked for.
      const cells = await countMapCells(ctx.db, ctx.dialect, filter, cellSize(zoom, extent));
      const merged = new Map<
        string,
        { count: number; sumLng: number; sumLat: number; statuses: Record<string, number> }
      >();
      for (const c of cells) {
        const key = `${c.gx}:${c.gy}`;
        let cell = merged.get(key);
        if (!cell) merged.set(key, (cell = { count: 0, sumLng: 0, sumLat: 0, statuses: {} }));
        cell.count += c.count;
        cell.sumLng += c.sumLng;
        cell.sumLat += c.sumLat;
        cell.statuses[c.status] = (cell.statuses[c.status] ?? 0) + c.count;
      }
      return {
        type: 'FeatureCollection' as const,
        total,
        clustered: true,
        features: [...merged.values()]
          .sort((a, b) => b.count - a.count)
          .map((c) => ({
            type: 'Feature' as const,
            geometry: point(c.sumLng / c.count, c.sumLat / c.count),
            properties: { kind: 'cluster' as const, count: c.count, statuses: c.statuses },
          })),
      };
    },
  );

  app.get(
    '/api/v1/units/load',
    {
      schema: {
        tags: ['cases'],
        summary: '单位当前工作量 / The units’ current load',
        description: `每个单位牵头的未办结事件数，及其中已超期的数量（考核规则：${KPIS.overdue.zh}，${KPIS.overdue.description}），供分拨时选择承办单位。单位须在本人辖区内（与单位列表相同），否则 404。 / For each unit, the open cases it leads now and how many of them are overdue (the KPI rule: ${KPIS.overdue.description}), for choosing whom to dispatch to. Every unit must be visible to the caller as in the unit list, else 404. Items follow the order of \`ids\`, each once.`,
        querystring: UnitLoadQuery,
        response: { 200: UnitLoadList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'unit:read');
      const ids = [...new Set(request.query.ids.split(',').map(Number))];
      if (ids.some((id) => !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647))
        throw invalid('ids', '单位编号无效 / Invalid unit id');
      const units = new Map((await findUnitsByIds(ctx.db, ids)).map((u) => [u.id, u]));
      for (const id of ids) {
        const unit = units.get(id);
        if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        if (!can(actor, 'unit:read', [unit.path]))
          await authorize(ctx, request, 'unit:read', { paths: [unit.path], type: 'org_unit', id: unit.id });
      }
      const counts = await countLedCases(ctx.db, ids, ctx.clock.now().toISOString());
      return {
        items: ids.map((id) => ({
          unitId: id,
          name: units.get(id)!.name,
          open: counts.get(id)?.open ?? 0,
          overdue: counts.get(id)?.overdue ?? 0,
        })),
      };
    },
  );
}
