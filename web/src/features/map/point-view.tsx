// A read-only mini map: the offline base layer (county, township and grid boundaries with names)
// and one pin at a case's point (GCJ-02), centred on it; the user may zoom and pan to look around.
// Pages load it with React.lazy (it brings ECharts).
import { Alert, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAreaBaseLayer } from './base-layer.ts';
import { baseGeoOption, PIN_PATH, refreshGridNames, stillMotion, useGeoChart, type LngLat } from './geo-chart.ts';

export interface PointViewProps {
  point: LngLat;
  height?: number;
}

/** How wide (degrees of longitude, about 2.5 km) the view is around the point. */
const FOCUS_SPAN = 0.03;

export function PointView({ point, height = 200 }: PointViewProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const viewer = me?.user.id ?? 0;
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  const layer = useLoad(() => loadAreaBaseLayer(viewer), `area-${viewer}`);

  const { lng, lat } = point;
  useEffect(() => {
    const base = layer.data;
    if (!chart || !base) return;
    chart.setOption(
      {
        animation: !stillMotion(),
        geo: baseGeoOption(base, { gridNames: false, focus: { center: { lng, lat }, span: FOCUS_SPAN } }),
        series: [
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            silent: true,
            symbol: `path://${PIN_PATH}`,
            symbolSize: [22, 32],
            symbolOffset: [0, '-50%'],
            itemStyle: { color: '#c0392b', borderColor: '#ffffff', borderWidth: 2 },
            data: [[lng, lat]],
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
  }, [chart, layer.data, lng, lat]);

  return (
    <div data-testid="point-view">
      {layer.error ? (
        <Alert
          type="warning"
          showIcon
          message={t('map.baseLayerMissing')}
          description={t('map.coords', { lng: point.lng.toFixed(6), lat: point.lat.toFixed(6) })}
        />
      ) : null}
      <div style={{ position: 'relative', display: layer.error ? 'none' : 'block' }}>
        <div
          ref={box}
          role="img"
          aria-label={t('map.coords', { lng: point.lng.toFixed(6), lat: point.lat.toFixed(6) })}
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

export default PointView;
