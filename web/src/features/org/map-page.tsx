// 地图: the cases of a county on its offline base layer (county, township and grid boundaries with
// names, from the data Concord serves; no tile server). Pins come from GET /api/v1/map/cases for
// what is in view, in their status colours, as bubbles with counts where the server clusters
// them; a heat layer on request; filters by status and registration date. Moving or zooming the
// map asks again for the new view; a pin opens its case, a bubble zooms in. `?unit=` names the
// county; without it, the county of the first grid in the user's area. Works on a 375-px phone.
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Grid,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_STATUSES, OPEN_STATUSES, type CaseStatus } from '../../../../common/case-state.ts';
import { mayUse } from '../../app/navigation.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Refusal } from '../admin/refusal.tsx';
import { gradeColour } from '../safety/grade-colour.ts';
import { loadBaseLayer, resolveCounty } from '../map/base-layer.ts';
import { pinColour } from '../map/pin-colours.ts';
import { CaseMap, type CaseMapHandle, type MapView } from './map-chart.tsx';
import { UnitSearch } from './unit-search.tsx';

type CaseMapAnswer = Answer<'/api/v1/map/cases'>;

/** How many cases in view the list beside the map names. */
const LIST_LIMIT = 8;

/** The start of a Beijing day as an instant, for the API's date-time filters. */
const dayStart = (day: Dayjs) => `${day.format('YYYY-MM-DD')}T00:00:00+08:00`;

const clampBox = ([minLng, minLat, maxLng, maxLat]: number[]) =>
  [Math.max(-180, minLng!), Math.max(-90, minLat!), Math.min(180, maxLng!), Math.min(90, maxLat!)].map((n) =>
    n.toFixed(6),
  );

export default function MapPage() {
  const { t, pick, locale } = useI18n();
  const { roles, me } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [params, setParams] = useSearchParams();
  const unitParam = Number(params.get('unit')) || null;
  const allowed = mayUse(roles, '/map');
  const viewer = me?.user.id ?? 0;
  const base = useLoad(
    async () => {
      if (!allowed) return null;
      const county = await resolveCounty(unitParam);
      return county ? loadBaseLayer(county, viewer) : null;
    },
    `map-${unitParam ?? ''}-${allowed}-${viewer}`,
  );
  const layer = base.data ?? null;

  const [statuses, setStatuses] = useState<CaseStatus[]>([...OPEN_STATUSES]);
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const [heat, setHeat] = useState(false);
  // 平安指数 layer: the townships filled by their safety index grade this month (issue 17 §3).
  const safetyAllowed = mayUse(roles, '/safety-index');
  const [safety, setSafety] = useState(params.get('layer') === 'safety');
  const safetyRanking = useLoad(
    async () => {
      if (!safety || !safetyAllowed || !layer) return null;
      const answer = await api.GET('/api/v1/safety-index', {
        params: { query: { withinUnitId: layer.county.id, level: 'township' } },
      });
      return 'items' in answer ? answer : null;
    },
    `safety-${safety}-${safetyAllowed}-${layer?.county.id ?? ''}`,
  );
  const townshipFills = useMemo(
    () =>
      safety && safetyRanking.data
        ? new Map(safetyRanking.data.items.map((item) => [item.unitId, gradeColour(item.grade)]))
        : null,
    [safety, safetyRanking.data],
  );
  const [view, setView] = useState<MapView | null>(null);
  const [cases, setCases] = useState<CaseMapAnswer | null>(null);
  const [casesError, setCasesError] = useState<unknown>(null);
  const [loadingCases, setLoadingCases] = useState(false);
  const round = useRef(0);
  const mapRef = useRef<CaseMapHandle>(null);

  // What is in view, filtered, asked again whenever the view or a filter changes; a late answer
  // to an earlier question is dropped.
  useEffect(() => {
    if (!layer || view?.mapName !== layer.mapName) return;
    const mine = ++round.current;
    setLoadingCases(true);
    api
      .GET('/api/v1/map/cases', {
        params: {
          query: {
            unitId: layer.county.id,
            bbox: clampBox(view.bbox).join(','),
            zoom: view.zoom,
            status: statuses.join(','),
            from: from ? dayStart(from) : undefined,
            to: to ? dayStart(to.add(1, 'day')) : undefined,
          },
        },
      })
      .then(
        (answer) => {
          if (mine !== round.current) return;
          setCases(answer);
          setCasesError(null);
        },
        (error: unknown) => {
          if (mine === round.current) setCasesError(error);
        },
      )
      .finally(() => {
        if (mine === round.current) setLoadingCases(false);
      });
  }, [layer, view, statuses, from, to]);

  const onView = useCallback((next: MapView) => setView(next), []);
  const onOpenCase = useCallback((id: number) => navigate(`/cases/${id}`), [navigate]);

  const pins = useMemo(
    () => (cases?.features ?? []).flatMap((f) => (f.properties.kind === 'case' ? [{ ...f.properties }] : [])),
    [cases],
  );

  if (!allowed) return <Refusal />;
  const mapHeight = phone ? 'min(68vh, 520px)' : 600;
  return (
    <Card data-testid="map-page" styles={{ body: { padding: phone ? 12 : 24 } }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('map.title')}
          {layer ? ` · ${layer.county.name}` : ''}
        </Typography.Title>
        <UnitSearch
          placeholder={t('map.countyPlaceholder')}
          filter={{ level: 'county' }}
          current={layer?.county ?? null}
          value={layer?.county.id ?? null}
          onChange={(id) => setParams({ unit: String(id) }, { replace: true })}
          testId="map-county"
          style={{ width: phone ? '100%' : 260, maxWidth: '100%' }}
        />
      </Space>
      <Row gutter={[8, 8]} align="middle" style={{ marginBottom: 12 }}>
        <Col xs={24} md={10}>
          <Select<CaseStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={statuses}
            onChange={setStatuses}
            placeholder={t('map.allStatuses')}
            aria-label={t('map.status')}
            options={CASE_STATUSES.map((s) => ({ value: s, label: pick(STATUS_LABELS[s]) }))}
            style={{ width: '100%' }}
            data-testid="map-status"
          />
        </Col>
        <Col xs={12} md={5}>
          <DatePicker
            value={from}
            onChange={setFrom}
            placeholder={t('map.dateFrom')}
            disabledDate={(d) => (to ? d.isAfter(to, 'day') : false)}
            style={{ width: '100%' }}
            inputReadOnly={phone}
            data-testid="map-from"
          />
        </Col>
        <Col xs={12} md={5}>
          <DatePicker
            value={to}
            onChange={setTo}
            placeholder={t('map.dateTo')}
            disabledDate={(d) => (from ? d.isBefore(from, 'day') : false)}
            style={{ width: '100%' }}
            inputReadOnly={phone}
            data-testid="map-to"
          />
        </Col>
        <Col xs={24} md={4}>
          <Space wrap>
            <Switch checked={heat} onChange={setHeat} data-testid="map-heat" aria-label={t('map.heat')} />
            <Typography.Text>{t('map.heat')}</Typography.Text>
            {safetyAllowed ? (
              <>
                <Switch
                  checked={safety}
                  onChange={setSafety}
                  data-testid="map-safety"
                  aria-label={t('safety.mapLayer')}
                />
                <Typography.Text>{t('safety.mapLayer')}</Typography.Text>
              </>
            ) : null}
            <Button size="small" onClick={() => mapRef.current?.reset()} disabled={!layer}>
              {t('map.resetView')}
            </Button>
            {/* A grid's page (ADR 0030): its houses, people, workers and cadres. */}
            {layer ? (
              <Select
                size="small"
                showSearch
                optionFilterProp="label"
                placeholder={t('gridPage.open')}
                style={{ minWidth: 140 }}
                data-testid="map-grid-page"
                options={layer.grids.map((g) => ({ value: g.id, label: g.name }))}
                onChange={(gridId: number) => void navigate(`/grids/${gridId}`)}
              />
            ) : null}
          </Space>
        </Col>
      </Row>
      {base.error ? <ErrorAlert error={base.error} onRetry={base.reload} /> : null}
      {casesError ? <ErrorAlert error={casesError} onRetry={() => setView((v) => (v ? { ...v } : v))} /> : null}
      {base.loading && !layer ? <PageLoading /> : null}
      {!base.loading && !base.error && (!layer || layer.features.length === 0) ? (
        <Empty description={t('map.noGrids')} style={{ margin: 48 }} />
      ) : null}
      {layer && layer.features.length > 0 ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={17}>
            {layer.missing > 0 ? (
              <Alert type="warning" showIcon message={t('map.missingBoundaries', { count: layer.missing })} />
            ) : null}
            <div style={{ position: 'relative' }}>
              <CaseMap
                ref={mapRef}
                layer={layer}
                features={cases?.features ?? []}
                heat={heat}
                townshipFills={townshipFills}
                height={mapHeight}
                onView={onView}
                onOpenCase={onOpenCase}
              />
              {loadingCases ? (
                <Tag style={{ position: 'absolute', top: 8, right: 0 }} data-testid="map-loading">
                  {t('map.loadingCases')}
                </Tag>
              ) : null}
            </div>
            {safetyRanking.error ? <ErrorAlert error={safetyRanking.error} onRetry={safetyRanking.reload} /> : null}
            {townshipFills && safetyRanking.data ? (
              <div style={{ marginTop: 8 }} data-testid="safety-legend">
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {t('safety.mapLegend', { period: safetyRanking.data.period })}
                </Typography.Text>
                <Space wrap size={[12, 4]} style={{ display: 'flex' }}>
                  {safetyRanking.data.items.map((item) => (
                    <Space
                      key={item.unitId}
                      size={4}
                      data-testid="safety-legend-item"
                      data-unit={item.unitId}
                      data-grade={item.grade}
                      data-colour={gradeColour(item.grade)}
                    >
                      <span
                        aria-hidden
                        style={{
                          display: 'inline-block',
                          width: 12,
                          height: 12,
                          background: gradeColour(item.grade),
                        }}
                      />
                      <Link to={`/safety-index?unit=${item.unitId}`} style={{ fontSize: 12 }}>
                        {item.unitName} {item.score.toFixed(1)} {locale === 'en' ? item.gradeNameEn : item.gradeName}
                      </Link>
                    </Space>
                  ))}
                </Space>
              </div>
            ) : null}
            <Space wrap size={[12, 4]} style={{ marginTop: 8 }} data-testid="map-legend">
              {CASE_STATUSES.map((s) => (
                <Space key={s} size={4}>
                  <span
                    aria-hidden
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      borderRadius: 5,
                      background: pinColour(s),
                    }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {pick(STATUS_LABELS[s])}
                  </Typography.Text>
                </Space>
              ))}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('map.overdueRing')}
              </Typography.Text>
            </Space>
          </Col>
          <Col xs={24} xl={7}>
            <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
              <Col span={12}>
                <Statistic title={t('map.grids')} value={layer.grids.length} data-testid="map-grid-count" />
              </Col>
              <Col span={12}>
                <Statistic title={t('map.inView')} value={cases?.total ?? 0} data-testid="map-total" />
              </Col>
            </Row>
            {cases?.clustered ? (
              <Alert type="info" showIcon message={t('map.clustered')} style={{ marginBottom: 8 }} />
            ) : null}
            <div data-testid="map-in-view">
              {cases && !cases.clustered && pins.length === 0 ? (
                <Typography.Text type="secondary">{t('map.noneInView')}</Typography.Text>
              ) : null}
              {pins.slice(0, LIST_LIMIT).map((pin) => (
                <div
                  key={pin.id}
                  data-testid="map-in-view-case"
                  style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '4px 0', minWidth: 0 }}
                >
                  <span
                    aria-hidden
                    style={{ flex: 'none', width: 8, height: 8, borderRadius: 4, background: pinColour(pin.status) }}
                  />
                  <Link to={`/cases/${pin.id}`} style={{ flex: 'none' }}>
                    {pin.number}
                  </Link>
                  <Typography.Text ellipsis style={{ minWidth: 0 }}>
                    {pin.title}
                  </Typography.Text>
                </div>
              ))}
              {pins.length > LIST_LIMIT ? (
                <Typography.Text type="secondary">
                  {t('map.moreInView', { count: pins.length - LIST_LIMIT })}
                </Typography.Text>
              ) : null}
            </div>
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
