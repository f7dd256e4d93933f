// ECharts' map series over GeoJSON the server sends (GET /api/v1/units/{id}/geometry): offline,
// no tile server. Only the map chart, the tooltip and the continuous legend are bundled, in this
// page's chunk.
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([MapChart, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

export interface GeoFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

const isPosition = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
const allOf = <T,>(value: unknown, check: (item: unknown) => item is T): value is T[] =>
  Array.isArray(value) && value.every(check);
const isRing = (value: unknown): value is number[][] => allOf(value, isPosition);
const isPolygon = (value: unknown): value is number[][][] => allOf(value, isRing);

/**
 * A boundary's coordinates when they are a GeoJSON MultiPolygon (polygons of rings of [lng, lat]).
 * The API passes the stored GeoJSON through untyped, so the map checks it rather than trusting it.
 */
export function multiPolygonOf(coordinates: unknown): number[][][][] | null {
  return allOf(coordinates, isPolygon) ? coordinates : null;
}

export type MapOption = echarts.EChartsCoreOption;

export function GeoMap({
  mapName,
  features,
  option,
  height = 560,
  testId,
}: {
  mapName: string;
  features: GeoFeature[];
  option: MapOption;
  height?: number;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    echarts.registerMap(mapName, { type: 'FeatureCollection', features });
    const chart = echarts.init(box.current, undefined, { renderer: 'canvas' });
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.setOption(still ? { ...option, animation: false } : option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [mapName, features, option]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
