// 在地图上绘制边界 (issue 18 §3): an administrator draws a unit's boundary on the offline base layer.
// The township the unit lies in is outlined, its other grids shown lighter and named (read only),
// the unit's own stored shape hidden under the drawing. A click on the map adds a vertex (the pixel
// converted to GCJ-02 by the geo component), a click on a vertex removes it, a vertex drags to a
// new place; the ring closes by itself. Under the map, a live check with the server's own pure
// checks (common/polygon-checks.ts): a ring that crosses itself, or one over a neighbouring basic
// grid, is named before saving — the server still decides (inside the area above, dedicated
// grids' domains). Controlled (`value` / `onChange`, an open ring), so the typed vertex list beside
// it stays the same data. Loaded lazily (it brings ECharts).
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import type { MultiPolygon, Position } from '../../../../common/polygon-checks.ts';
import { loadBaseLayer, regionName, resolveCounty, type BaseLayer } from './base-layer.ts';
import { checkDrawing } from './draw-check.ts';
import { baseGeoOption, pointAt, stillMotion, useGeoChart, viewOf, type GeoChart } from './geo-chart.ts';

export interface PolygonDrawerProps {
  /** The unit whose boundary is drawn: its own stored shape is hidden under the drawing. */
  unitId: number;
  /** The unit's materialised id path (`/1/15/…/`): finds its township on the layer. */
  unitPath: string;
  /** Whether the unit is a basic grid: then basic neighbours are checked for overlap live. */
  basicGrid: boolean;
  value: Position[];
  onChange: (ring: Position[]) => void;
  height?: number;
}

const LINE = '#d4380d';
/** A click this close (px) to a vertex removes it rather than adding one. */
const VERTEX_HIT = 9;

function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n));
}

/** What the drawer shows of the layer around the unit. */
function surroundings(layer: BaseLayer, unitId: number, unitPath: string) {
  const ids = new Set(pathIds(unitPath));
  const township = layer.townships.find((t) => ids.has(t.id)) ?? null;
  const shapes = new Map(layer.features.map((f) => [f.properties.name, f.geometry.coordinates as MultiPolygon]));
  const siblings = layer.grids.filter((g) => g.id !== unitId && township !== null && g.townshipId === township.id);
  const townshipShape = township ? (shapes.get(regionName.township(township.id)) ?? null) : null;
  return { township, siblings, shapes, townshipShape };
}

/** The view around some points: their box's middle, wide enough for the box in a chart of `aspect` (width / height). */
function bboxCentre(
  points: Iterable<Position>,
  aspect: number,
): { center: { lng: number; lat: number }; span: number } | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) return null;
  const lat = (minY + maxY) / 2;
  // A degree of latitude is longer on screen than one of longitude (the layer's aspectScale).
  const tall = ((maxY - minY) / Math.cos((lat * Math.PI) / 180)) * aspect;
  return {
    center: { lng: (minX + maxX) / 2, lat },
    span: Math.max((maxX - minX) * 1.15, tall * 1.15, 0.004),
  };
}

/** The drawing as graphic elements at the chart's current view: the ring (or line) and its vertices. */
function drawingGraphic(chart: GeoChart, ring: Position[], onDrop: (index: number, x: number, y: number) => void) {
  const pixels = ring
    .map((p) => chart.convertToPixel('geo', p) as number[] | undefined)
    .filter((p): p is number[] => !!p);
  const shape =
    pixels.length >= 3
      ? {
          id: 'drawn',
          $action: 'replace',
          type: 'polygon',
          shape: { points: pixels },
          style: { fill: 'rgba(212,56,13,0.15)', stroke: LINE, lineWidth: 2 },
          silent: true,
          z: 90,
        }
      : {
          id: 'drawn',
          $action: 'replace',
          type: 'polyline',
          shape: { points: pixels },
          style: { fill: null, stroke: LINE, lineWidth: 2 },
          silent: true,
          z: 90,
        };
  const vertices = pixels.map((p, i) => ({
    id: `v${i}`,
    type: 'circle',
    x: p[0],
    y: p[1],
    shape: { cx: 0, cy: 0, r: 6 },
    style: { fill: '#ffffff', stroke: LINE, lineWidth: 2 },
    draggable: true,
    cursor: 'move',
    z: 100,
    ondragend(this: { x: number; y: number }) {
      onDrop(i, this.x, this.y);
    },
  }));
  return [shape, ...vertices];
}

export function PolygonDrawer({ unitId, unitPath, basicGrid, value, onChange, height = 360 }: PolygonDrawerProps) {
  const { t, server } = useI18n();
  const { me } = useSession();
  const viewer = me?.user.id ?? 0;
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  // The county the unit lies in (a province administrator's own area spans many).
  const layer = useLoad(async () => {
    const county = await resolveCounty(unitId);
    return county ? loadBaseLayer(county, viewer) : null;
  }, `unit-${unitId}-${viewer}`);
  const around = useMemo(
    () => (layer.data ? surroundings(layer.data, unitId, unitPath) : null),
    [layer.data, unitId, unitPath],
  );

  // The latest props for the chart's handlers, which are bound once per layer.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  // How many graphic elements the last drawing had: the extra ones are removed by id.
  const drawnCount = useRef(0);

  const redraw = (on: GeoChart) => {
    const ring = latest.current.value;
    const elements: object[] = drawingGraphic(on, ring, (index, x, y) => {
      const moved = pointAt(on, x, y);
      if (!moved) return;
      const next = [...latest.current.value];
      next[index] = [moved.lng, moved.lat];
      latest.current.onChange(next);
    });
    for (let i = ring.length; i < drawnCount.current; i++) elements.push({ id: `v${i}`, $action: 'remove' });
    drawnCount.current = ring.length;
    on.setOption({ graphic: elements });
  };

  // The base layer around the unit, drawn once loaded; the view fits the drawing, else the township.
  useEffect(() => {
    const base = layer.data;
    if (!chart || !base || !around) return;
    const focusPoints: Position[] = latest.current.value.length
      ? latest.current.value
      : (around.townshipShape?.flat(2) ?? []);
    const focus = bboxCentre(focusPoints, chart.getWidth() / Math.max(chart.getHeight(), 1));
    const sibling = new Set(around.siblings.map((g) => g.id));
    const geo = baseGeoOption(base, { gridNames: false, focus });
    const regions = [
      ...base.grids.map((grid) => {
        const name = regionName.grid(grid.id);
        if (grid.id === unitId) {
          return { name, itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#8c8c8c', borderType: 'dashed' } };
        }
        const near = sibling.has(grid.id);
        return {
          name,
          itemStyle: {
            areaColor: near ? (grid.basic ? '#e6f4ff' : '#f9f0ff') : '#fafafa',
            borderColor: near ? '#69b1ff' : '#e0e0e0',
            borderWidth: near ? 1 : 0.5,
          },
          label: { show: near && base.labels.has(name), fontSize: 11, color: '#1f3a5f' },
        };
      }),
      ...base.townships.map((township) => {
        const name = regionName.township(township.id);
        const parent = township.id === around.township?.id;
        return {
          name,
          itemStyle: {
            areaColor: 'rgba(0,0,0,0)',
            borderColor: parent ? '#1677ff' : '#bfbfbf',
            borderWidth: parent ? 2.4 : 1,
          },
          label: { show: false },
        };
      }),
      {
        name: regionName.county,
        itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#595959', borderWidth: 1.6 },
        label: { show: false },
      },
    ];
    chart.setOption({ animation: !stillMotion(), geo: { ...geo, regions } }, { notMerge: true });
    // The layer's zoom assumes the county fills the box's width; in a wide, low box it fills the
    // height instead, so the view is measured and the zoom corrected to the span wanted.
    const shown = viewOf(chart);
    if (focus && shown && 'zoom' in geo && typeof geo.zoom === 'number') {
      const span = shown.bbox[2] - shown.bbox[0];
      if (span > 0) {
        chart.setOption({
          geo: { id: 'base', zoom: (geo.zoom * span) / focus.span, center: [focus.center.lng, focus.center.lat] },
        });
      }
    }
    drawnCount.current = 0;
    redraw(chart);
    const zr = chart.getZr();
    const onTap = (event: { offsetX: number; offsetY: number }) => {
      const ring = latest.current.value;
      const hit = ring.findIndex((p) => {
        const at = chart.convertToPixel('geo', p) as number[] | undefined;
        return !!at && Math.hypot(at[0]! - event.offsetX, at[1]! - event.offsetY) <= VERTEX_HIT;
      });
      if (hit >= 0) {
        latest.current.onChange(ring.filter((_, i) => i !== hit));
        return;
      }
      const tapped = pointAt(chart, event.offsetX, event.offsetY);
      if (tapped) latest.current.onChange([...ring, [tapped.lng, tapped.lat]]);
    };
    const onRoam = () => redraw(chart);
    zr.on('click', onTap);
    chart.on('georoam', onRoam);
    return () => {
      zr.off('click', onTap);
      chart.off('georoam', onRoam);
    };
  }, [chart, layer.data, around, unitId]);

  // The drawing follows the value.
  useEffect(() => {
    if (chart && layer.data) redraw(chart);
  }, [chart, layer.data, value]);

  const neighbours = useMemo(
    () =>
      basicGrid && around
        ? around.siblings
            .filter((g) => g.basic)
            .flatMap((g) => {
              const coordinates = around.shapes.get(regionName.grid(g.id));
              return coordinates ? [{ name: g.name, coordinates }] : [];
            })
        : [],
    [around, basicGrid],
  );
  const check = useMemo(() => checkDrawing(value, neighbours), [value, neighbours]);

  return (
    <div data-testid="polygon-drawer">
      {layer.error ? (
        <Alert type="warning" showIcon message={t('map.baseLayerFailed')} style={{ marginBottom: 8 }} />
      ) : null}
      <div style={{ position: 'relative', display: layer.error ? 'none' : 'block' }}>
        <div
          ref={box}
          data-testid="polygon-drawer-map"
          role="application"
          aria-label={t('orgEdit.draw.hint')}
          style={{ width: '100%', height, border: '1px solid #d9d9d9', borderRadius: 6, overflow: 'hidden' }}
        />
        {layer.loading ? (
          <div style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}>
            <Spin />
          </div>
        ) : null}
      </div>
      <Space direction="vertical" size={2} style={{ width: '100%', marginTop: 6 }}>
        <Space wrap size={8}>
          <Button
            size="small"
            disabled={value.length === 0}
            onClick={() => onChange(value.slice(0, -1))}
            data-testid="polygon-drawer-undo"
          >
            {t('orgEdit.draw.undo')}
          </Button>
          <Button
            size="small"
            disabled={value.length === 0}
            onClick={() => onChange([])}
            data-testid="polygon-drawer-clear"
          >
            {t('orgEdit.draw.clear')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="polygon-drawer-count">
            {t('orgEdit.draw.count', { n: value.length })}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('orgEdit.draw.hint')}
        </Typography.Text>
        {around?.township ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('orgEdit.draw.legend', { township: around.township.name })}
          </Typography.Text>
        ) : null}
        <Typography.Text
          data-testid="polygon-drawer-check"
          data-state={check.state}
          type={
            check.state === 'crosses' || check.state === 'overlaps' || check.state === 'invalid' ? 'danger' : undefined
          }
        >
          {check.state === 'empty' && t('orgEdit.draw.empty')}
          {check.state === 'too_few' && t('orgEdit.draw.tooFew')}
          {check.state === 'crosses' &&
            t('orgEdit.draw.crosses', { lng: check.at[0].toFixed(6), lat: check.at[1].toFixed(6) })}
          {check.state === 'invalid' && server(check.problem)}
          {check.state === 'overlaps' && t('orgEdit.draw.overlaps', { name: check.name })}
          {check.state === 'ok' && t('orgEdit.draw.ok')}
        </Typography.Text>
      </Space>
    </div>
  );
}

export default PolygonDrawer;
