// The console map's chart: the offline base layer (features/map), the cases of GET /api/v1/map/cases
// on it — a pin per case in its status colour (a red ring when overdue), a bubble with the count
// where the server clustered them — and, on request, a heat layer. Tap or click a pin to open its
// case, a bubble to zoom in on it; drag, pinch or scroll to move, and the page asks again for
// what is in view. The heat layer and its legend are bundled here, in the map page's chunk.
import { HeatmapChart } from 'echarts/charts';
import { VisualMapContinuousComponent } from 'echarts/components';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef } from 'react';
import type { CaseStatus } from '../../../../common/case-state.ts';
import type { Answer } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { STATUS_LABELS } from '../../shared/labels.ts';
import type { BaseLayer, BBox } from '../map/base-layer.ts';
import {
  baseGeoOption,
  echarts,
  paintTownships,
  PIN_PATH,
  refreshGridNames,
  stillMotion,
  useGeoChart,
  viewOf,
  type GeoChart,
  type TownshipFills,
} from '../map/geo-chart.ts';
import { OVERDUE_RING, pinColour } from '../map/pin-colours.ts';

echarts.use([HeatmapChart, VisualMapContinuousComponent]);

export type MapFeature = Answer<'/api/v1/map/cases'>['features'][number];
export interface MapView {
  /** The base layer the view is of: a view of the county before is not asked for. */
  mapName: string;
  bbox: BBox;
  zoom: number;
}
export interface CaseMapHandle {
  /** Back to the whole county. */
  reset(): void;
}

/** How long the map rests after a move before it asks for what is in view. */
const DEBOUNCE_MS = 350;
const HEAT_COLOURS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The status with most cases in a cluster, whose colour the bubble wears. */
function mainStatus(statuses: Record<string, number>): CaseStatus {
  let best: [string, number] = ['registered', -1];
  for (const entry of Object.entries(statuses)) if (entry[1] > best[1]) best = entry;
  return best[0] as CaseStatus;
}

interface PinDatum {
  value: [number, number];
  id: number;
  number: string;
  title: string;
  status: CaseStatus;
  overdue: boolean;
}
interface ClusterDatum {
  value: [number, number, number];
  count: number;
  statuses: Record<string, number>;
}

export const CaseMap = forwardRef<
  CaseMapHandle,
  {
    layer: BaseLayer;
    features: MapFeature[];
    heat: boolean;
    /** The safety index layer: a fill per township (its grade's colour), or null. */
    townshipFills?: TownshipFills;
    height: number | string;
    onView: (view: MapView) => void;
    onOpenCase: (id: number) => void;
  }
>(function CaseMap({ layer, features, heat, townshipFills = null, height, onView, onOpenCase }, ref) {
  const { t, pick } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  const handlers = useRef({ onView, onOpenCase });
  handlers.current = { onView, onOpenCase };
  const gridNames = useRef(false);
  const fills = useRef<TownshipFills>(townshipFills);
  fills.current = townshipFills;
  const timer = useRef<number | undefined>(undefined);

  /** Tells the page what is in view, at once or once the map has rested. */
  const report = useCallback((on: GeoChart, mapName: string, now = false) => {
    window.clearTimeout(timer.current);
    const send = () => {
      const view = viewOf(on);
      if (view) handlers.current.onView({ mapName, ...view });
    };
    if (now) send();
    else timer.current = window.setTimeout(send, DEBOUNCE_MS);
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      reset() {
        if (!chart) return;
        chart.setOption({ geo: { id: 'base', center: null, zoom: 1 } });
        gridNames.current = refreshGridNames(chart, layer, gridNames.current, fills.current);
        report(chart, layer.mapName, true);
      },
    }),
    [chart, layer, report],
  );

  // The base layer, and the handlers of roaming and clicking.
  useEffect(() => {
    if (!chart) return;
    chart.setOption(
      {
        animation: !stillMotion(),
        tooltip: {
          trigger: 'item',
          confine: true,
          className: 'case-map-tooltip',
          // Long titles wrap inside the map rather than run off a phone's screen.
          extraCssText: 'white-space: normal; max-width: min(280px, 80vw);',
        },
        geo: baseGeoOption(layer, { gridNames: false, fills: fills.current }),
      },
      { notMerge: true },
    );
    gridNames.current = refreshGridNames(chart, layer, false, fills.current);
    const onRoam = () => {
      gridNames.current = refreshGridNames(chart, layer, gridNames.current, fills.current);
      report(chart, layer.mapName);
    };
    const onClick = (params: { seriesId?: string; data?: unknown }) => {
      if (params.seriesId === 'cases') {
        handlers.current.onOpenCase((params.data as PinDatum).id);
      } else if (params.seriesId === 'clusters') {
        const [lng, lat] = (params.data as ClusterDatum).value;
        const geo = (chart.getOption() as { geo?: { zoom?: number }[] }).geo?.[0];
        chart.setOption({ geo: { id: 'base', center: [lng, lat], zoom: (geo?.zoom ?? 1) * 2.5 } });
        gridNames.current = refreshGridNames(chart, layer, gridNames.current, fills.current);
        report(chart, layer.mapName, true);
      }
    };
    chart.on('georoam', onRoam);
    chart.on('click', onClick);
    report(chart, layer.mapName, true);
    return () => {
      window.clearTimeout(timer.current);
      chart.off('georoam', onRoam);
      chart.off('click', onClick);
    };
  }, [chart, layer, report]);

  // The safety index layer, painted over the townships as it comes and goes.
  useEffect(() => {
    if (chart) paintTownships(chart, layer, gridNames.current, townshipFills);
  }, [chart, layer, townshipFills]);

  // The cases, the clusters and the heat layer.
  useEffect(() => {
    if (!chart) return;
    const pins: PinDatum[] = [];
    const clusters: ClusterDatum[] = [];
    for (const feature of features) {
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const p = feature.properties;
      if (p.kind === 'case') {
        pins.push({
          value: [lng, lat],
          id: p.id,
          number: p.number,
          title: p.title,
          status: p.status,
          overdue: p.overdue,
        });
      } else {
        clusters.push({ value: [lng, lat, p.count], count: p.count, statuses: p.statuses });
      }
    }
    const maxCount = Math.max(1, ...clusters.map((c) => c.count));
    const heatPoints = [...pins.map((p) => [...p.value, 1]), ...clusters.map((c) => c.value)];
    const series: object[] = [
      {
        id: 'cases',
        type: 'scatter',
        coordinateSystem: 'geo',
        z: 4,
        cursor: 'pointer',
        symbol: `path://${PIN_PATH}`,
        symbolSize: [18, 26],
        symbolOffset: [0, '-50%'],
        // The heat layer replaces the pins and bubbles while it is on: it is the picture then.
        data: (heat ? [] : pins).map((pin) => ({
          ...pin,
          itemStyle: {
            color: pinColour(pin.status),
            borderColor: pin.overdue ? OVERDUE_RING : '#ffffff',
            borderWidth: pin.overdue ? 2.5 : 1.2,
          },
        })),
        emphasis: { scale: 1.25 },
        tooltip: {
          formatter: (params: { data: PinDatum }) => {
            const d = params.data;
            return [
              `<strong>${escapeHtml(d.number)}</strong>`,
              escapeHtml(d.title),
              escapeHtml(pick(STATUS_LABELS[d.status])) + (d.overdue ? ` · ${escapeHtml(t('map.overdueTag'))}` : ''),
            ].join('<br/>');
          },
        },
      },
      {
        id: 'clusters',
        type: 'scatter',
        coordinateSystem: 'geo',
        z: 5,
        cursor: 'pointer',
        symbol: 'circle',
        symbolSize: (value: number[]) => 26 + 22 * Math.sqrt((value[2] ?? 1) / maxCount),
        data: (heat ? [] : clusters).map((cluster) => ({
          ...cluster,
          itemStyle: {
            color: pinColour(mainStatus(cluster.statuses)),
            opacity: 0.88,
            borderColor: '#fff',
            borderWidth: 2,
          },
        })),
        label: {
          show: true,
          formatter: (params: { data: ClusterDatum }) => String(params.data.count),
          color: '#ffffff',
          fontWeight: 700,
          fontSize: 12,
        },
        tooltip: {
          formatter: (params: { data: ClusterDatum }) => {
            const d = params.data;
            const lines = Object.entries(d.statuses)
              .sort((a, b) => b[1] - a[1])
              .map(
                ([status, n]) =>
                  `${escapeHtml(pick(STATUS_LABELS[status as CaseStatus] ?? { zh: status, en: status }))}：${n}`,
              );
            return [`<strong>${escapeHtml(t('map.cluster', { count: d.count }))}</strong>`, ...lines].join('<br/>');
          },
        },
      },
    ];
    const option: Record<string, unknown> = { series };
    if (heat) {
      series.push({
        id: 'heat',
        type: 'heatmap',
        coordinateSystem: 'geo',
        z: 3,
        pointSize: 22,
        blurSize: 30,
        silent: true,
        data: heatPoints,
      });
      option.visualMap = {
        type: 'continuous',
        seriesIndex: 2,
        min: 0,
        max: Math.max(3, Math.ceil(maxCount / 2)),
        calculable: false,
        left: 8,
        bottom: 8,
        itemWidth: 10,
        itemHeight: 80,
        text: [t('map.heatHigh'), t('map.heatLow')],
        textStyle: { color: '#595959', fontSize: 11 },
        inRange: { color: HEAT_COLOURS },
      };
    } else {
      option.visualMap = [];
    }
    chart.setOption(option, { replaceMerge: ['series', 'visualMap'] });
  }, [chart, features, heat, pick, t]);

  return (
    <div
      ref={box}
      data-testid="case-map"
      role="application"
      aria-label={t('map.openCase')}
      style={{ width: '100%', height }}
    />
  );
});
