// 巡查地图: patrols drawn on the offline base layer — each track a line (GCJ-02, as the server
// stores it), the chosen patrol's in blue and thicker, the others grey, and the visits as dots
// (orange where a problem was found). Centred on the chosen track, else on all of them. Loaded
// lazily by the patrols page (it brings ECharts).
import { Alert, Spin } from 'antd';
import { LinesChart } from 'echarts/charts';
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAreaBaseLayer } from '../map/base-layer.ts';
import { baseGeoOption, echarts, refreshGridNames, stillMotion, useGeoChart } from '../map/geo-chart.ts';

echarts.use([LinesChart]);

export interface MapPatrol {
  id: number;
  workerName: string;
  /** GCJ-02 [lng, lat], in time order. */
  track: readonly (readonly number[])[];
  visits: { id: number; place: string; lng: number; lat: number; finding: boolean }[];
}

const CHOSEN = '#1677ff';
const OTHER = '#8c8c8c';
const FINDING = '#fa8c16';
const VISIT = '#389e0d';

function focusOf(patrols: MapPatrol[]) {
  const points = patrols.flatMap((p) => [...p.track, ...p.visits.map((v) => [v.lng, v.lat])]);
  if (points.length === 0) return null;
  const lngs = points.map((p) => p[0] ?? 0);
  const lats = points.map((p) => p[1] ?? 0);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  return {
    center: { lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 },
    span: Math.max(maxLng - minLng, maxLat - minLat, 0.005) * 1.6,
  };
}

export function PatrolTrackMap({
  patrols,
  chosenId,
  height = 360,
}: {
  patrols: MapPatrol[];
  chosenId: number | null;
  height?: number;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const viewer = me?.user.id ?? 0;
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  const layer = useLoad(() => loadAreaBaseLayer(viewer), `area-${viewer}`);
  const chosen = patrols.find((p) => p.id === chosenId) ?? null;
  const visitCount = patrols.reduce((n, p) => n + p.visits.length, 0);

  useEffect(() => {
    const base = layer.data;
    if (!chart || !base) return;
    // The chosen patrol drawn last, on top.
    const ordered = [...patrols.filter((p) => p.id !== chosenId), ...(chosen ? [chosen] : [])];
    const visits = ordered.flatMap((p) => p.visits.map((v) => ({ ...v, chosen: p.id === chosenId })));
    chart.setOption(
      {
        animation: !stillMotion(),
        tooltip: { trigger: 'item' },
        geo: baseGeoOption(base, { gridNames: false, focus: focusOf(chosen ? [chosen] : patrols) }),
        series: [
          {
            id: 'tracks',
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: false,
            data: ordered
              .filter((p) => p.track.length > 1)
              .map((p) => ({
                name: p.workerName,
                coords: p.track,
                lineStyle: {
                  color: p.id === chosenId ? CHOSEN : OTHER,
                  width: p.id === chosenId ? 4 : 2,
                  opacity: p.id === chosenId || chosenId === null ? 0.9 : 0.5,
                },
              })),
            tooltip: { formatter: (params: { name: string }) => params.name },
            z: 5,
          },
          {
            id: 'visits',
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: (_: unknown, params: { dataIndex: number }) => (visits[params.dataIndex]?.chosen ? 12 : 8),
            data: visits.map((v) => ({
              name: v.place,
              value: [v.lng, v.lat],
              itemStyle: { color: v.finding ? FINDING : VISIT, borderColor: '#ffffff', borderWidth: 1.5 },
            })),
            tooltip: { formatter: (params: { name: string }) => params.name },
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
  }, [chart, layer.data, patrols, chosenId, chosen]);

  return (
    <div
      data-testid="patrol-track-map"
      data-patrols={patrols.length}
      data-chosen={chosenId ?? ''}
      data-chosen-points={chosen?.track.length ?? 0}
      data-visits={visitCount}
    >
      {layer.error ? <Alert type="warning" showIcon message={t('patrol.map.baseMissing')} /> : null}
      <div style={{ position: 'relative' }}>
        <div
          ref={box}
          role="img"
          aria-label={t('patrol.map.label', { patrols: patrols.length, visits: visitCount })}
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

export default PatrolTrackMap;
