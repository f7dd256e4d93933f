// The map components as pages should use them: loaded with React.lazy on first render, so ECharts
// stays out of a page's first-screen JavaScript (the residents' /m above all). `PointPickerField`
// takes the optional `value`/`onChange` an Ant Design Form.Item hands its child. `LazyPolygonDrawer`
// draws a unit's boundary (the org tree editor).
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { UnitWithAncestors } from '../../shared/api-types.ts';
import type { LngLat } from './geo-chart.ts';
import type { GridViewProps } from './grid-view.tsx';
import type { PolygonDrawerProps } from './polygon-drawer.tsx';

const PointPicker = lazy(() => import('./point-picker.tsx'));
const PointView = lazy(() => import('./point-view.tsx'));
const GridView = lazy(() => import('./grid-view.tsx'));
const PolygonDrawer = lazy(() => import('./polygon-drawer.tsx'));

function Placeholder({ height }: { height: number }) {
  return (
    <div style={{ height, display: 'grid', placeItems: 'center', border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Spin />
    </div>
  );
}

export function PointPickerField({
  value,
  onChange,
  height = 280,
  onLocate,
}: {
  value?: LngLat | null;
  onChange?: (point: LngLat) => void;
  height?: number;
  onLocate?: (grid: UnitWithAncestors | null) => void;
}) {
  return (
    <Suspense fallback={<Placeholder height={height} />}>
      <PointPicker value={value ?? null} onChange={(point) => onChange?.(point)} height={height} onLocate={onLocate} />
    </Suspense>
  );
}

export function LazyPointView({ point, height = 200 }: { point: LngLat; height?: number }) {
  return (
    <Suspense fallback={<Placeholder height={height} />}>
      <PointView point={point} height={height} />
    </Suspense>
  );
}

/** A grid's boundary and its houses (the grid page). */
export function LazyGridView(props: GridViewProps) {
  return (
    <Suspense fallback={<Placeholder height={props.height ?? 320} />}>
      <GridView {...props} />
    </Suspense>
  );
}

export function LazyPolygonDrawer(props: PolygonDrawerProps) {
  return (
    <Suspense fallback={<Placeholder height={props.height ?? 360} />}>
      <PolygonDrawer {...props} />
    </Suspense>
  );
}
