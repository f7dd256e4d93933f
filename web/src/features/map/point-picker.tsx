// 在地图上选点: pick a case's place on the offline base layer (county, township and grid boundaries
// with their names). Tap or click to place the pin, drag the pin to move it, pinch or scroll to
// zoom, drag the map to pan; "use my location" asks the browser (GPS, WGS84) and converts the point
// to GCJ-02 (gcoord). Underneath, the grid the point falls in (GET /api/v1/grids/locate), so the
// user sees where the case will go before submitting. Controlled: `value` / `onChange`, so it sits
// in an Ant Design Form.Item. Pages load it with React.lazy (it brings ECharts).
import { Alert, Button, Space, Spin, Typography } from 'antd';
import gcoord from 'gcoord';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { api, ApiError } from '../../shared/api.ts';
import type { UnitWithAncestors } from '../../shared/api-types.ts';
import { describeError } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { areaFocus, loadAreaBaseLayer } from './base-layer.ts';
import {
  baseGeoOption,
  pointAt,
  refreshGridNames,
  stillMotion,
  useGeoChart,
  type GeoChart,
  type LngLat,
} from './geo-chart.ts';

export interface PointPickerProps {
  value: LngLat | null;
  onChange: (point: LngLat) => void;
  height?: number;
  /** Told the grid the point falls in once it is known: null when it is in no grid. */
  onLocate?: (grid: UnitWithAncestors | null) => void;
}

const PIN_COLOUR = '#c0392b';

/** How wide (degrees of longitude, about 3.5 km) the view is around a chosen point. */
const FOCUS_SPAN = 0.04;

type Located =
  | { state: 'none' }
  | { state: 'finding' }
  | { state: 'found'; grid: UnitWithAncestors }
  | { state: 'outside' }
  | { state: 'failed'; error: unknown };

type Gps = 'idle' | 'busy' | 'denied' | 'unavailable' | 'unsupported';

/** The draggable pin of the graphic component at the point's pixel, or none. */
function pinGraphic(chart: GeoChart, point: LngLat | null, onDrop: (x: number, y: number) => void) {
  const at = point ? (chart.convertToPixel('geo', [point.lng, point.lat]) as number[] | undefined) : undefined;
  return [
    {
      id: 'pin',
      type: 'group',
      // Kept, hidden, while there is no point: the component then never removes an element.
      invisible: !at,
      x: at?.[0] ?? -100,
      y: at?.[1] ?? -100,
      draggable: !!at,
      cursor: 'move',
      z: 100,
      children: [
        // A teardrop: a point for the tip, a round head above it.
        {
          type: 'polygon',
          shape: {
            points: [
              [-8, -16],
              [8, -16],
              [0, 0],
            ],
          },
          style: { fill: PIN_COLOUR, stroke: '#ffffff', lineWidth: 1.5 },
          z: 100,
        },
        {
          type: 'circle',
          shape: { cx: 0, cy: -22, r: 11 },
          style: { fill: PIN_COLOUR, stroke: '#ffffff', lineWidth: 2 },
          z: 100,
        },
        { type: 'circle', shape: { cx: 0, cy: -22, r: 4 }, style: { fill: '#ffffff' }, z: 101 },
      ],
      ondragend(this: { x: number; y: number }) {
        onDrop(this.x, this.y);
      },
    },
  ];
}

/** Whether a pixel is on the pin (its head and point, drawn above its tip). */
function onPin(chart: GeoChart, point: LngLat | null, x: number, y: number): boolean {
  const at = point ? (chart.convertToPixel('geo', [point.lng, point.lat]) as number[] | undefined) : undefined;
  if (!at) return false;
  const dx = x - at[0]!;
  const dy = y - at[1]!;
  return Math.abs(dx) <= 12 && dy <= 1 && dy >= -34;
}

export function PointPicker({ value, onChange, height = 280, onLocate }: PointPickerProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const viewer = me?.user.id ?? 0;
  // The user's units, for the opening view (their own grids); read once the layer is drawn.
  const myUnits = useRef<number[]>([]);
  myUnits.current = me?.memberships.map((m) => m.unitId) ?? [];
  const box = useRef<HTMLDivElement>(null);
  const chart = useGeoChart(box);
  const layer = useLoad(() => loadAreaBaseLayer(viewer), `area-${viewer}`);
  const [located, setLocated] = useState<Located>({ state: 'none' });
  const [gps, setGps] = useState<Gps>('idle');
  const point = value ?? null;

  // The latest props for the chart's handlers, which are bound once.
  const latest = useRef({ point, onChange, onLocate });
  latest.current = { point, onChange, onLocate };
  const gridNames = useRef(false);

  const placePin = (on: GeoChart) => {
    on.setOption({
      graphic: pinGraphic(on, latest.current.point, (x, y) => {
        const dropped = pointAt(on, x, y);
        if (dropped) latest.current.onChange(dropped);
      }),
    });
  };

  // The base layer, drawn once it is loaded, centred on the point when there is one.
  useEffect(() => {
    const base = layer.data;
    if (!chart || !base) return;
    const at = latest.current.point;
    chart.setOption(
      {
        animation: !stillMotion(),
        geo: baseGeoOption(base, {
          gridNames: false,
          focus: at ? { center: at, span: FOCUS_SPAN } : areaFocus(base, myUnits.current),
        }),
      },
      { notMerge: true },
    );
    gridNames.current = refreshGridNames(chart, base, false);
    placePin(chart);
    const zr = chart.getZr();
    const onTap = (event: { offsetX: number; offsetY: number }) => {
      if (onPin(chart, latest.current.point, event.offsetX, event.offsetY)) return; // dragging moves it
      const tapped = pointAt(chart, event.offsetX, event.offsetY);
      if (tapped) latest.current.onChange(tapped);
    };
    const onRoam = () => {
      gridNames.current = refreshGridNames(chart, base, gridNames.current);
      placePin(chart);
    };
    zr.on('click', onTap);
    chart.on('georoam', onRoam);
    return () => {
      zr.off('click', onTap);
      chart.off('georoam', onRoam);
    };
  }, [chart, layer.data]);

  // The pin follows the value, and the grid under it is looked up.
  useEffect(() => {
    if (chart && layer.data) placePin(chart);
    if (!point) {
      setLocated({ state: 'none' });
      return;
    }
    let cancelled = false;
    setLocated({ state: 'finding' });
    api.GET('/api/v1/grids/locate', { params: { query: { lng: point.lng, lat: point.lat, crs: 'gcj02' } } }).then(
      (grid) => {
        if (cancelled) return;
        setLocated({ state: 'found', grid });
        latest.current.onLocate?.(grid);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.code === 'NOT_IN_ANY_GRID') {
          setLocated({ state: 'outside' });
          latest.current.onLocate?.(null);
        } else setLocated({ state: 'failed', error });
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart, layer.data, point?.lng, point?.lat]);

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) {
      setGps('unsupported');
      return;
    }
    setGps('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const [lng, lat] = gcoord.transform<[number, number]>(
          [position.coords.longitude, position.coords.latitude],
          gcoord.WGS84,
          gcoord.GCJ02,
        );
        const found = { lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)) };
        setGps('idle');
        latest.current.onChange(found);
        if (chart && layer.data) {
          chart.setOption({
            geo: baseGeoOption(layer.data, {
              gridNames: gridNames.current,
              focus: { center: found, span: FOCUS_SPAN },
            }),
          });
          gridNames.current = refreshGridNames(chart, layer.data, gridNames.current);
          latest.current.point = found;
          placePin(chart);
        }
      },
      (error) => setGps(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const township = located.state === 'found' ? located.grid.ancestors.find((u) => u.level === 'township') : undefined;
  return (
    <div data-testid="point-picker">
      {layer.error ? (
        <Alert type="warning" showIcon message={t('map.baseLayerFailed')} style={{ marginBottom: 8 }} />
      ) : null}
      <div style={{ position: 'relative', display: layer.error ? 'none' : 'block' }}>
        <div
          ref={box}
          data-testid="point-picker-map"
          role="application"
          aria-label={t('map.pickHint')}
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
          <Button size="small" loading={gps === 'busy'} onClick={useMyLocation} data-testid="point-picker-gps">
            {gps === 'busy' ? t('map.locating') : t('map.useMyLocation')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('map.pickHint')}
          </Typography.Text>
        </Space>
        {gps === 'denied' || gps === 'unavailable' || gps === 'unsupported' ? (
          <Typography.Text type="warning" data-testid="point-picker-gps-failed">
            {t(
              gps === 'denied' ? 'map.gpsDenied' : gps === 'unavailable' ? 'map.gpsUnavailable' : 'map.gpsUnsupported',
            )}
          </Typography.Text>
        ) : null}
        <Typography.Text data-testid="point-picker-grid" strong={located.state === 'found'}>
          {located.state === 'none' && t('map.noPoint')}
          {located.state === 'finding' && t('map.findingGrid')}
          {located.state === 'found' &&
            t('map.inGrid', { grid: township ? `${located.grid.name}（${township.name}）` : located.grid.name })}
          {located.state === 'outside' && t('map.notInGrid')}
          {located.state === 'failed' && `${t('map.gridUnknown')}：${describeError(located.error, i18n)}`}
        </Typography.Text>
        {point ? (
          <Typography.Text type="secondary" data-testid="point-picker-coords" style={{ fontSize: 12 }}>
            {t('map.coords', { lng: point.lng.toFixed(6), lat: point.lat.toFixed(6) })}
          </Typography.Text>
        ) : null}
      </Space>
    </div>
  );
}

export default PointPicker;
