// 驾驶舱: what a county leader reads every morning — a period's volumes by category and area,
// the response, resolution, satisfaction and on-time rates, the year's trend and what is overdue.
// The period is in the address (`?period=2026-11`, `2026-Q4`, `2026`, a from–to range; none: the
// server's current month), and every figure links to the case list of exactly the cases behind it
// (shared/case-links.ts: the same window and KPI rule the figure was counted with).
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { currentMonth, parsePeriod, type ReportPeriod } from '../../../../common/period.ts';
import { CASE_STATUSES, OPEN_STATUSES } from '../../../../common/workflow.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, formatPercent, useI18n } from '../../shared/i18n.tsx';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import type { CaseStats, CaseSummary } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { StatusTag } from './case-table.tsx';
import { Chart, type ChartOption } from './chart.tsx';
import { TitleText } from '../../shared/title-text.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { useSession } from '../../app/session.tsx';
import { holds } from '../../../../common/powers.ts';
import { casesBehind, type CasesBehind } from '../../shared/case-links.ts';
import { PeriodPicker } from '../../shared/period-picker.tsx';

/** The first day of the month `back` months before the month holding `iso`, in Beijing time. */
function monthStart(iso: string, back: number): string {
  const beijing = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const months = beijing.getUTCFullYear() * 12 + beijing.getUTCMonth() - back;
  const year = Math.floor(months / 12);
  const month = String((months % 12) + 1).padStart(2, '0');
  return `${year}-${month}-01T00:00:00+08:00`;
}

interface Figures {
  month: CaseStats;
  year: CaseStats;
  overdue: CaseSummary[];
  /** All overdue cases, of which `overdue` is the oldest ten. */
  overdueTotal: number;
}

/** The counts on either side of a rate. */
type RatePart = Exclude<keyof CaseStats['counts'], 'overdue'>;

type Granularity = 'day' | 'week' | 'month';

/** The buckets of a period's own figures (and its export): days up to two months, then weeks, then months. */
function granularityOf(period: ReportPeriod): Granularity {
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
  return days <= 62 ? 'day' : days <= 200 ? 'week' : 'month';
}

/** The period's query to GET /api/v1/stats/cases; none: the server's current month. */
const statsQuery = (period: ReportPeriod | null) =>
  period ? { from: period.from, to: period.to, period: granularityOf(period) } : {};

async function loadFigures(period: ReportPeriod | null): Promise<Figures> {
  const month = await api.GET('/api/v1/stats/cases', { params: { query: statsQuery(period) } });
  // The trend: the twelve months up to the period's last one.
  const last = new Date(new Date(month.to).getTime() - 1).toISOString();
  const [year, overdue] = await Promise.all([
    api.GET('/api/v1/stats/cases', {
      params: { query: { from: monthStart(last, 11), to: month.to, period: 'month' } },
    }),
    api.GET('/api/v1/stats/overdue', { params: { query: { limit: 10 } } }),
  ]);
  return { month, year, overdue: overdue.items, overdueTotal: overdue.total };
}

/** A figure as a link to the cases behind it. */
function Figure({ to, testId, children }: { to: CasesBehind; testId: string; children: ReactNode }) {
  return (
    <Link to={casesBehind(to)} data-testid={testId}>
      {children}
    </Link>
  );
}

/** Named counts, each a link, wrapping on a phone: the bars of a chart as figures one can follow. */
function FigureList({ items }: { items: { key: string; name: string; count: number; to: CasesBehind }[] }) {
  return (
    <Space size={[12, 4]} wrap style={{ marginTop: 8 }}>
      {items.map((item) => (
        <Typography.Text key={item.key} style={{ whiteSpace: 'nowrap' }}>
          {item.name}{' '}
          <Figure to={item.to} testId={`cases-${item.key}`}>
            {item.count}
          </Figure>
        </Typography.Text>
      ))}
    </Space>
  );
}

const bar = (names: string[], values: number[], colour: string): ChartOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 110, overflow: 'truncate' } },
  series: [{ type: 'bar', data: values, itemStyle: { color: colour }, barMaxWidth: 18 }],
});

export default function DashboardPage() {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // No (valid) period in the address: the server's current month (its clock, not the browser's).
  const asked = params.get('period') ?? '';
  const chosen = parsePeriod(asked);
  const loaded = useLoad(() => loadFigures(chosen), chosen?.label ?? 'current');
  const figures = loaded.data;
  const setPeriod = (label: string) => {
    const next = new URLSearchParams(params);
    next.set('period', label);
    setParams(next, { replace: true });
  };

  const charts = useMemo(() => {
    if (!figures) return null;
    const categories = figures.month.byCategory.slice(0, 10);
    const units = [...figures.month.byUnit].sort((a, b) => b.count - a.count).slice(0, 12);
    return {
      category: bar(
        categories.map((c) => c.name),
        categories.map((c) => c.count),
        '#c0392b',
      ),
      area: bar(
        units.map((u) => u.name),
        units.map((u) => u.count),
        '#2f6fb0',
      ),
      status: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '45%'],
            data: CASE_STATUSES.map((s) => ({ name: pick(STATUS_LABELS[s]), value: figures.month.byStatus[s] })),
          },
        ],
      },
      trend: {
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: figures.year.byPeriod.map((p) => p.period) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'line', smooth: true, areaStyle: {}, data: figures.year.byPeriod.map((p) => p.count) }],
      },
    } satisfies Record<string, ChartOption>;
  }, [figures, pick]);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!figures || !charts) return <PageLoading />;
  const { month } = figures;
  const span = { from: month.from, to: month.to };
  const go = (to: CasesBehind) => void navigate(casesBehind(to));
  const label = chosen?.label ?? currentMonth(new Date(month.from)).label;
  const open = OPEN_STATUSES.reduce((sum, status) => sum + month.byStatus[status], 0);
  const rates: ['response' | 'resolution' | 'satisfaction' | 'onTime', RatePart, RatePart][] = [
    ['response', 'responded', 'all'],
    ['resolution', 'resolved', 'notCancelled'],
    ['satisfaction', 'satisfied', 'rated'],
    ['onTime', 'handledOnTime', 'handlingDue'],
  ];
  const categories = month.byCategory.slice(0, 10);
  const units = [...month.byUnit].sort((a, b) => b.count - a.count).slice(0, 12);
  const trendWindow = (index: number) => {
    const bucket = parsePeriod(figures.year.byPeriod[index]?.period ?? '');
    return bucket ? { from: bucket.from, to: bucket.to } : undefined;
  };
  const count = (title: string, value: number, to: CasesBehind, testId: string) => (
    <Col xs={12} md={8} xl={6}>
      <Card style={{ height: '100%' }}>
        <Statistic
          title={title}
          value={value}
          data-testid={`figure-${testId}`}
          valueRender={(node) => (
            <Figure to={to} testId={`cases-${testId}`}>
              {node}
            </Figure>
          )}
        />
      </Card>
    </Col>
  );
  return (
    <div data-testid="dashboard">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Space wrap>
          <PeriodPicker value={label} onChange={setPeriod} />
          <ExportButton
            url="/api/v1/stats/cases"
            query={statsQuery(chosen)}
            fallbackName={`case-stats-${label}.xlsx`}
            testId="export-stats"
          />
          {roles.some((role) => holds(role, 'report:read')) && (
            <ExportButton
              url="/api/v1/reports/monthly"
              query={{ period: label }}
              format={null}
              fallbackName={`monthly-report-${label}.docx`}
              label={t('report.monthly')}
              runningLabel={t('report.running')}
              hint={t('report.hint')}
              testId="monthly-report"
            />
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" data-testid="dashboard-period">
        {t('dashboard.period', {
          from: formatDate(month.from, locale),
          to: formatDate(new Date(new Date(month.to).getTime() - 1).toISOString(), locale),
        })}{' '}
        {t('dashboard.drill')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {count(t('dashboard.total'), month.total, { window: span }, 'total')}
        {count(t('dashboard.open'), open, { window: span, kpi: 'open' }, 'open')}
        {count(t('dashboard.overdueInPeriod'), month.counts.overdue, { window: span, kpi: 'overdue' }, 'overdue')}
        {rates.map(([rate, numerator, denominator]) => (
          <Col xs={12} md={8} xl={6} key={rate}>
            <Card style={{ height: '100%' }}>
              <Statistic title={t(`dashboard.${rate}`)} value={formatPercent(month.rates[rate])} />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t(`dashboard.kpi.${numerator}`)}{' '}
                <Figure to={{ window: span, kpi: numerator }} testId={`cases-${rate}-numerator`}>
                  {month.counts[numerator]}
                </Figure>
                {' / '}
                {t(`dashboard.kpi.${denominator}`)}{' '}
                <Figure to={{ window: span, kpi: denominator }} testId={`cases-${rate}-denominator`}>
                  {month.counts[denominator]}
                </Figure>
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byCategory')}>
            <Chart
              option={charts.category}
              testId="chart-category"
              onPick={(i) => categories[i] && go({ window: span, categoryCode: categories[i].code })}
            />
            <FigureList
              items={categories.map((c) => ({
                key: `category-${c.code}`,
                name: c.name,
                count: c.count,
                to: { window: span, categoryCode: c.code },
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byArea')}>
            <Chart
              option={charts.area}
              testId="chart-area"
              onPick={(i) => units[i] && go({ window: span, unitId: units[i].unitId })}
            />
            <FigureList
              items={units.map((u) => ({
                key: `unit-${u.unitId}`,
                name: u.name,
                count: u.count,
                to: { window: span, unitId: u.unitId },
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.trend')}>
            <Chart
              option={charts.trend}
              testId="chart-trend"
              onPick={(i) => {
                const bucket = trendWindow(i);
                if (bucket) go({ window: bucket });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byStatus')}>
            <Chart
              option={charts.status}
              testId="chart-status"
              onPick={(i) => CASE_STATUSES[i] && go({ window: span, status: CASE_STATUSES[i] })}
            />
            <FigureList
              items={CASE_STATUSES.map((status) => ({
                key: `status-${status}`,
                name: pick(STATUS_LABELS[status]),
                count: month.byStatus[status],
                to: { window: span, status },
              }))}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={
              <Space size={4} wrap>
                {t('dashboard.overdue')}
                {'·'}
                <Figure to={{ kpi: 'overdue' }} testId="cases-overdue-all">
                  {figures.overdueTotal}
                </Figure>
              </Space>
            }
            extra={<ExportButton url="/api/v1/stats/overdue" fallbackName="overdue.xlsx" testId="export-overdue" />}
          >
            <Table<CaseSummary>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={figures.overdue}
              locale={{ emptyText: t('dashboard.noOverdue') }}
              columns={[
                {
                  title: t('cases.number'),
                  dataIndex: 'number',
                  render: (_: unknown, row) => <Link to={`/cases/${row.id}`}>{row.number}</Link>,
                },
                { title: t('cases.title'), dataIndex: 'title', render: (title: string) => <TitleText text={title} /> },
                {
                  title: t('cases.status'),
                  dataIndex: 'status',
                  render: (_: unknown, row) => <StatusTag status={row.status} />,
                },
                {
                  title: t('cases.deadline'),
                  dataIndex: 'stageDeadline',
                  render: (value: string | null) => formatDateTime(value, locale),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
