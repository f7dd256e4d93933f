// 地图: a county's grids on their real boundaries (GCJ-02 GeoJSON from the API, 500 grids a
// request, offline), each coloured by its open cases (registered, dispatched, in progress),
// counted from the case list the user may see. The case list carries no coordinates, so cases are shown by grid, not as
// points. `?unit=` names the county; without it, the county of the first grid in the user's area.
import { Alert, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { mayUse } from '../../app/navigation.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import type { Unit } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { Refusal } from '../admin/refusal.tsx';
import { GeoMap, multiPolygonOf, type GeoFeature, type MapOption } from './map-chart.tsx';
import { UnitSearch } from './unit-search.tsx';
import { allUnits, type UnitRow } from './units.ts';

const OPEN = 'registered,dispatched,in_progress';
/** Pages of 200 open cases read at most (10,000 cases); beyond that the map says it counted part. */
const MAX_CASE_PAGES = 50;
const COLOURS = ['#fff1f0', '#ffccc7', '#ff7875', '#f5222d', '#a8071a', '#5c0011'];

interface GridFigures {
  open: number;
  overdue: number;
}

interface MapData {
  county: Unit;
  grids: UnitRow[];
  features: GeoFeature[];
  missing: number;
  byGrid: Map<number, GridFigures>;
  open: number;
  overdue: number;
  outside: number;
  partial: boolean;
}

async function resolveCounty(unitParam: number | null): Promise<Unit | null> {
  if (unitParam !== null) {
    const unit = await api.GET('/api/v1/units/{id}', { params: { path: { id: unitParam } } });
    if (unit.level === 'county') return unit;
    return [...unit.ancestors].reverse().find((u) => u.level === 'county') ?? null;
  }
  const first = await api.GET('/api/v1/units', { params: { query: { level: 'grid', limit: 1 } } });
  const grid = first.items[0];
  if (!grid) return null;
  const found = await api.GET('/api/v1/units/{id}', { params: { path: { id: grid.id } } });
  return found.ancestors.find((u) => u.level === 'county') ?? null;
}

async function countOpenCases(county: Unit, gridIds: Set<number>) {
  const byGrid = new Map<number, GridFigures>();
  let open = 0;
  let overdue = 0;
  let outside = 0;
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await api.GET('/api/v1/cases', {
      params: { query: { status: OPEN, unitId: county.id, limit: 200, cursor } },
    });
    for (const item of page.items) {
      open++;
      if (item.overdue) overdue++;
      if (item.gridId === null || !gridIds.has(item.gridId)) {
        outside++;
        continue;
      }
      const figures = byGrid.get(item.gridId) ?? { open: 0, overdue: 0 };
      figures.open++;
      if (item.overdue) figures.overdue++;
      byGrid.set(item.gridId, figures);
    }
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < MAX_CASE_PAGES);
  return { byGrid, open, overdue, outside, partial: cursor !== undefined };
}

/** Every grid boundary under the county, a page of 500 per request. */
async function gridGeometries(county: Unit) {
  const out: Answer<'/api/v1/units/{id}/grid-geometries'>['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET('/api/v1/units/{id}/grid-geometries', {
      params: { path: { id: county.id }, query: { limit: 500, cursor } },
    });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

async function loadMap(unitParam: number | null): Promise<MapData | null> {
  const county = await resolveCounty(unitParam);
  if (!county) return null;
  const grids = await allUnits({ level: 'grid', within: county.id });
  const [outline, shapes, figures] = await Promise.all([
    // The county's own boundary, when the user may read it (a grid worker reads only the grid).
    api.GET('/api/v1/units/{id}/geometry', { params: { path: { id: county.id } } }).catch(() => null),
    gridGeometries(county),
    countOpenCases(county, new Set(grids.map((g) => g.id))),
  ]);
  const features: GeoFeature[] = [];
  const outlineCoordinates = outline ? multiPolygonOf(outline.coordinates) : null;
  if (outlineCoordinates) {
    features.push({
      type: 'Feature',
      properties: { name: 'county' },
      geometry: { type: 'MultiPolygon', coordinates: outlineCoordinates },
    });
  }
  const drawn = new Set<number>();
  for (const shape of shapes) {
    const coordinates = multiPolygonOf(shape.coordinates);
    if (!coordinates) continue;
    drawn.add(shape.unitId);
    features.push({
      type: 'Feature',
      properties: { name: String(shape.unitId) },
      geometry: { type: 'MultiPolygon', coordinates },
    });
  }
  const missing = grids.filter((g) => !drawn.has(g.id)).length;
  return { county, grids, features, missing, ...figures };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export default function MapPage() {
  const { t } = useI18n();
  const { roles } = useSession();
  const [params, setParams] = useSearchParams();
  const unitParam = Number(params.get('unit')) || null;
  const allowed = mayUse(roles, '/map');
  const loaded = useLoad(
    () => (allowed ? loadMap(unitParam) : Promise.resolve(null)),
    `map-${unitParam ?? ''}-${allowed}`,
  );
  const data = loaded.data;

  const option = useMemo<MapOption | null>(() => {
    if (!data) return null;
    const names = new Map(data.grids.map((g) => [String(g.id), g]));
    const max = Math.max(1, ...[...data.byGrid.values()].map((f) => f.open));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          if (p.name === 'county') return escapeHtml(data.county.name);
          const grid = names.get(p.name);
          if (!grid) return '';
          const figures = data.byGrid.get(grid.id) ?? { open: 0, overdue: 0 };
          return [
            `<strong>${escapeHtml(grid.name)}</strong>`,
            escapeHtml(t('map.tooltipOpen', { count: figures.open })),
            escapeHtml(t('map.tooltipOverdue', { count: figures.overdue })),
          ].join('<br/>');
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 16,
        bottom: 16,
        text: [t('map.legendHigh'), t('map.legendLow')],
        calculable: false,
        seriesIndex: 0,
        inRange: { color: COLOURS },
      },
      series: [
        {
          type: 'map',
          map: `county-${data.county.id}`,
          roam: true,
          selectedMode: false,
          label: { show: false },
          itemStyle: { areaColor: '#fafafa', borderColor: '#8c8c8c', borderWidth: 0.6 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#fadb14' } },
          data: data.grids.map((g) => ({ name: String(g.id), value: data.byGrid.get(g.id)?.open ?? 0 })),
        },
      ],
    };
  }, [data, t]);

  const busiest = useMemo(() => {
    if (!data) return [];
    return data.grids
      .map((g) => ({ ...g, ...(data.byGrid.get(g.id) ?? { open: 0, overdue: 0 }) }))
      .filter((g) => g.open > 0)
      .sort((a, b) => b.open - a.open || a.code.localeCompare(b.code))
      .slice(0, 10);
  }, [data]);

  if (!allowed) return <Refusal />;
  return (
    <Card data-testid="map-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('map.title')}
          {data ? ` · ${data.county.name}` : ''}
        </Typography.Title>
        <UnitSearch
          placeholder={t('map.countyPlaceholder')}
          filter={{ level: 'county' }}
          current={data?.county ?? null}
          value={data?.county.id ?? null}
          onChange={(id) => setParams({ unit: String(id) }, { replace: true })}
          testId="map-county"
          style={{ width: 280 }}
        />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <PageLoading /> : null}
      {!loaded.loading && !loaded.error && (!data || data.grids.length === 0) ? (
        <Empty description={t('map.noGrids')} style={{ margin: 48 }} />
      ) : null}
      {!loaded.loading && data && data.grids.length > 0 && option ? (
        <Row gutter={16}>
          <Col xs={24} xl={17}>
            {data.partial ? (
              <Alert type="warning" showIcon message={t('map.partial', { count: MAX_CASE_PAGES * 200 })} />
            ) : null}
            {data.missing > 0 ? (
              <Alert type="warning" showIcon message={t('map.missingBoundaries', { count: data.missing })} />
            ) : null}
            <GeoMap mapName={`county-${data.county.id}`} features={data.features} option={option} testId="grid-map" />
            <Typography.Text type="secondary">{t('map.colouring')}</Typography.Text>
          </Col>
          <Col xs={24} xl={7}>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              <Col span={12}>
                <Statistic title={t('map.grids')} value={data.grids.length} data-testid="map-grid-count" />
              </Col>
              <Col span={12}>
                <Statistic title={t('map.open')} value={data.open} data-testid="map-open-count" />
              </Col>
              <Col span={12}>
                <Statistic title={t('map.overdue')} value={data.overdue} valueStyle={{ color: '#cf1322' }} />
              </Col>
              <Col span={12}>
                <Statistic title={t('map.outsideGrids')} value={data.outside} />
              </Col>
            </Row>
            <Typography.Title level={5}>{t('map.busiest')}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={busiest}
              data-testid="map-busiest"
              columns={[
                { title: t('map.grid'), dataIndex: 'name' },
                { title: t('map.count'), dataIndex: 'open', align: 'right' },
                { title: t('map.overdue'), dataIndex: 'overdue', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
