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
  geometry: { type: 'MultiPolygon'; coordinates: unknown };
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
    echarts.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as Parameters<
      typeof echarts.registerMap
    >[1]);
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
