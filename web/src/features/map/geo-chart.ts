// ECharts for the maps, from 'echarts/core' with only what they draw: the geo component (the base
// layer), scatter (pins and clusters), the graphic component (the picker's draggable pin) and the
// tooltip, painted as SVG: the township and grid names are text a screen reader (and a browser
// test) can find, and a few hundred shapes stay light on a phone. The console map adds the heat
// layer and its legend in its own module. Imported only by the map components, which pages load
// lazily, so ECharts is never in the first-screen JavaScript of /m.
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, GraphicComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useState, type RefObject } from 'react';
import { regionName, type BaseLayer, type BBox } from './base-layer.ts';

echarts.use([GeoComponent, ScatterChart, GraphicComponent, TooltipComponent, SVGRenderer]);

export { echarts };
export type GeoChart = echarts.ECharts;
export type ChartOption = echarts.EChartsCoreOption;
export type LngLat = { lng: number; lat: number };

/** Soft fills, one per township, so that neighbouring townships read apart. */
const TOWNSHIP_FILLS = ['#f6f8fb', '#f3f7ee', '#fbf6ee', '#f2f5fb', '#f8f1f4', '#eef7f6', '#f7f7ef', '#f4f1f8'];
const DEDICATED_FILL = '#e6f4ff';

/** A chart in the box, disposed with it and resized with it. */
export function useGeoChart(box: RefObject<HTMLDivElement | null>): GeoChart | null {
  const [chart, setChart] = useState<GeoChart | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    setChart(instance);
    return () => {
      observer.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [box]);
  return chart;
}

export { stillMotion } from '../../shared/motion.ts';

const registered = new Set<string>();

function register(layer: BaseLayer): void {
  if (registered.has(layer.mapName)) return;
  echarts.registerMap(layer.mapName, { type: 'FeatureCollection', features: layer.features });
  registered.add(layer.mapName);
}

/** Pixels per degree of longitude at the chart's current view. */
function pixelsPerDegree(chart: GeoChart, layer: BaseLayer): number {
  const lng = (layer.bbox[0] + layer.bbox[2]) / 2;
  const lat = (layer.bbox[1] + layer.bbox[3]) / 2;
  const a = chart.convertToPixel('geo', [lng, lat]) as number[] | undefined;
  const b = chart.convertToPixel('geo', [lng + 0.01, lat]) as number[] | undefined;
  if (!a || !b) return 0;
  return Math.abs(b[0]! - a[0]!) / 0.01;
}

/** Whether a typical grid is wide enough on screen for its name. */
export function gridNamesFit(chart: GeoChart, layer: BaseLayer): boolean {
  return pixelsPerDegree(chart, layer) * layer.gridWidth > 50;
}

/** A fill per township id (the safety index's grade colours), over the soft default fills. */
export type TownshipFills = ReadonlyMap<number, string> | null;

/**
 * The regions' styles and labels: grids named only when they are wide enough to hold a name; with
 * `fills`, a township's basic grids wear its fill.
 */
function regions(layer: BaseLayer, gridNames: boolean, fills: TownshipFills = null) {
  const townshipIndex = new Map(layer.townships.map((t, i) => [t.id, i]));
  const label = (name: string, show: boolean) => ({ show: show && layer.labels.has(name) });
  return [
    ...layer.grids.map((grid) => {
      const name = regionName.grid(grid.id);
      const fill = grid.basic
        ? (fills?.get(grid.townshipId ?? -1) ??
          TOWNSHIP_FILLS[(townshipIndex.get(grid.townshipId ?? -1) ?? 0) % TOWNSHIP_FILLS.length])
        : DEDICATED_FILL;
      return {
        name,
        itemStyle: { areaColor: fill, borderColor: grid.basic ? '#bfbfbf' : '#69b1ff', borderWidth: 0.6 },
        label: { ...label(name, gridNames), fontSize: 10, color: '#595959' },
      };
    }),
    ...layer.townships.map((township) => {
      const name = regionName.township(township.id);
      return {
        name,
        itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#595959', borderWidth: 1.6 },
        label: { ...label(name, true), fontSize: 13, fontWeight: 600, color: '#262626' },
      };
    }),
    {
      name: regionName.county,
      itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#262626', borderWidth: 2.4 },
      label: { show: false },
    },
  ];
}

export interface ViewFocus {
  center: LngLat;
  /** The width of the view around the centre, in degrees of longitude. */
  span: number;
}

/**
 * The geo component of the base layer. `focus` centres the view on a point with a given width;
 * without it the whole layer fits the box.
 */
export function baseGeoOption(
  layer: BaseLayer,
  options: { gridNames: boolean; focus?: ViewFocus | null; fills?: TownshipFills },
) {
  register(layer);
  const [minLng, minLat, maxLng, maxLat] = layer.bbox;
  const midLat = ((minLat + maxLat) / 2) * (Math.PI / 180);
  const width = Math.max(maxLng - minLng, (maxLat - minLat) / Math.cos(midLat), 1e-4);
  const focus = options.focus;
  return {
    id: 'base',
    map: layer.mapName,
    roam: true,
    // One degree of longitude is shorter than one of latitude away from the equator.
    aspectScale: Math.cos(midLat),
    layoutCenter: ['50%', '50%'],
    layoutSize: '96%',
    scaleLimit: { min: 0.6, max: 200 },
    silent: true,
    selectedMode: false,
    emphasis: { disabled: true },
    label: {
      show: false,
      formatter: (params: { name: string }) => layer.labels.get(params.name) ?? '',
      textBorderColor: '#ffffff',
      textBorderWidth: 3,
    },
    itemStyle: { areaColor: TOWNSHIP_FILLS[0], borderColor: '#bfbfbf', borderWidth: 0.6 },
    regions: regions(layer, options.gridNames, options.fills),
    ...(focus
      ? { center: [focus.center.lng, focus.center.lat], zoom: Math.max(1, width / Math.max(focus.span, 1e-4)) }
      : { center: undefined, zoom: 1 }),
  };
}

/** Shows or hides the grids' names as the view's scale changes; answers the new state. */
export function refreshGridNames(
  chart: GeoChart,
  layer: BaseLayer,
  shown: boolean,
  fills: TownshipFills = null,
): boolean {
  const fit = gridNamesFit(chart, layer);
  if (fit !== shown) chart.setOption({ geo: { id: 'base', regions: regions(layer, fit, fills) } });
  return fit;
}

/** Paints the townships with `fills` (or back to the soft defaults with null). */
export function paintTownships(chart: GeoChart, layer: BaseLayer, gridNames: boolean, fills: TownshipFills): void {
  chart.setOption({ geo: { id: 'base', regions: regions(layer, gridNames, fills) } });
}

/** The box and the web-map zoom level (0 = the world in 256 px) of what the chart shows now. */
export function viewOf(chart: GeoChart): { bbox: BBox; zoom: number } | null {
  const width = chart.getWidth();
  const height = chart.getHeight();
  const topLeft = chart.convertFromPixel('geo', [0, 0]) as number[] | undefined;
  const bottomRight = chart.convertFromPixel('geo', [width, height]) as number[] | undefined;
  if (!topLeft || !bottomRight || width === 0) return null;
  const [minLng, maxLat] = topLeft as [number, number];
  const [maxLng, minLat] = bottomRight as [number, number];
  const span = Math.max(maxLng - minLng, 1e-6);
  const zoom = Math.log2((width * 360) / (256 * span));
  return {
    bbox: [minLng, Math.min(minLat, maxLat), maxLng, Math.max(minLat, maxLat)],
    zoom: Math.max(0, Math.min(22, Math.round(zoom))),
  };
}

/** The point under a pixel of the chart, to six decimals (about 10 cm). */
export function pointAt(chart: GeoChart, x: number, y: number): LngLat | null {
  const at = chart.convertFromPixel('geo', [x, y]) as number[] | undefined;
  if (!at || !Number.isFinite(at[0]) || !Number.isFinite(at[1])) return null;
  return { lng: Number(at[0]!.toFixed(6)), lat: Number(at[1]!.toFixed(6)) };
}

/** A map pin's outline, its tip at (0, 0). */
export const PIN_PATH = 'M0,0 C-3,-8 -11,-13 -11,-21 A11,11 0 1 1 11,-21 C11,-13 3,-8 0,0 Z';
