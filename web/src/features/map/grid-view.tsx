// A grid on the offline base layer (the grid page, ADR 0030): the view fits the grid, its boundary
// drawn strong over its neighbours, and its houses with a recorded point (GCJ-02) as dots named on
// hover. Houses without a point are the page's own list. Pages load it lazily (it brings ECharts).
import { Alert, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { areaFocus, loadBaseLayer, regionName, resolveCounty } from './base-layer.ts';
import { baseGeoOption, refreshGridNames, stillMotion, useGeoChart } from './geo-chart.ts';

export interface GridViewHouse {
  id: number;
  address: string;
  lng: number;
  lat: number;
}

export interface GridViewProps {
  gridId: number;
  houses: GridViewHouse[];
  height?: number;
}

export function GridView({ gridId, houses, height = 320 }: GridViewProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const viewer = me?.user.id ?? 0;
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  const layer = useLoad(async () => {
    const county = await resolveCounty(gridId);
    return county ? loadBaseLayer(county, viewer) : null;
  }, `grid-${viewer}-${gridId}`);
  const focus = layer.data ? areaFocus(layer.data, [gridId]) : null;

  useEffect(() => {
    const base = layer.data;
    if (!chart || !base) return;
    const mine = regionName.grid(gridId);
    const geo = baseGeoOption(base, { gridNames: false, focus: areaFocus(base, [gridId]) });
    // The grid itself stands out: a stronger border and a warmer fill than its neighbours.
    const regions = (geo.regions as { name: string; itemStyle?: object }[]).map((r) =>
      r.name === mine
        ? { ...r, itemStyle: { ...r.itemStyle, areaColor: '#fff7e6', borderColor: '#d4380d', borderWidth: 2.4 } }
        : r,
    );
    chart.setOption(
      {
        animation: !stillMotion(),
        tooltip: { trigger: 'item', confine: true },
        geo: { ...geo, regions, silent: false },
        series: [
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 9,
            itemStyle: { color: '#1677ff', borderColor: '#ffffff', borderWidth: 1.5 },
            tooltip: { formatter: (p: { name: string }) => p.name },
            data: houses.map((h) => ({ name: h.address, value: [h.lng, h.lat] })),
            z: 10,
          },
        ],
      },
      { notMerge: true },
    );
    let shown = refreshGridNames(chart, base, false);
    const onRoam = () => {
      shown = refreshGridNames(chart, base, shown);
    };
    chart.on('georoam', onRoam);
    return () => {
      chart.off('georoam', onRoam);
    };
  }, [chart, layer.data, gridId, houses]);

  const missing = layer.error || (layer.data !== undefined && (layer.data === null || focus === null));
  return (
    <div data-testid="grid-map">
      {missing ? <Alert type="info" showIcon message={t('gridPage.noBoundary')} style={{ marginBottom: 8 }} /> : null}
      <div style={{ position: 'relative' }}>
        <div
          ref={box}
          role="img"
          aria-label={t('gridPage.mapLabel')}
          data-house-points={houses.length}
          style={{ width: '100%', height, border: '1px solid #d9d9d9', borderRadius: 6, overflow: 'hidden' }}
        />
        {layer.loading ? (
          <div style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}>
            <Spin />
          </div>
        ) : null}
      </div>
    </div>
  );
}

export default GridView;
