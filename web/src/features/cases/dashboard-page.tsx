// 驾驶舱: what a county leader reads every morning — this month's volumes by category and area,
// the response, resolution, satisfaction and on-time rates, the year's trend and what is overdue.
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
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

async function loadFigures(): Promise<Figures> {
  const month = await api.GET('/api/v1/stats/cases');
  const [year, overdue] = await Promise.all([
    api.GET('/api/v1/stats/cases', {
      params: { query: { from: monthStart(month.from, 11), to: month.to, period: 'month' } },
    }),
    api.GET('/api/v1/stats/overdue', { params: { query: { limit: 10 } } }),
  ]);
  return { month, year, overdue: overdue.items, overdueTotal: overdue.total };
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
  const loaded = useLoad(loadFigures, 'dashboard');
  const figures = loaded.data;

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
  const open = OPEN_STATUSES.reduce((sum, status) => sum + month.byStatus[status], 0);
  const rates: [string, number | null][] = [
    [t('dashboard.response'), month.rates.response],
    [t('dashboard.resolution'), month.rates.resolution],
    [t('dashboard.satisfaction'), month.rates.satisfaction],
    [t('dashboard.onTime'), month.rates.onTime],
  ];
  return (
    <div data-testid="dashboard">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <ExportButton url="/api/v1/stats/cases" fallbackName="case-stats.xlsx" testId="export-stats" />
        {roles.some((role) => holds(role, 'report:read')) && (
          <ExportButton
            url="/api/v1/reports/monthly"
            format={null}
            fallbackName="monthly-report.docx"
            label={t('report.monthly')}
            runningLabel={t('report.running')}
            hint={t('report.hint')}
            testId="monthly-report"
          />
        )}
      </Space>
      <Typography.Paragraph type="secondary">
        {t('dashboard.period', {
          from: formatDate(month.from, locale),
          to: formatDate(new Date(new Date(month.to).getTime() - 1).toISOString(), locale),
        })}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('dashboard.total')} value={month.total} data-testid="figure-total" />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card>
            <Statistic title={t('dashboard.open')} value={open} />
          </Card>
        </Col>
        {rates.map(([title, value]) => (
          <Col xs={12} md={8} xl={4} key={title}>
            <Card>
              <Statistic title={title} value={formatPercent(value)} />
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byCategory')}>
            <Chart option={charts.category} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byArea')}>
            <Chart option={charts.area} testId="chart-area" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.trend')}>
            <Chart option={charts.trend} testId="chart-trend" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byStatus')}>
            <Chart option={charts.status} testId="chart-status" />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={`${t('dashboard.overdue')} · ${figures.overdueTotal}`}
            extra={<ExportButton url="/api/v1/stats/overdue" fallbackName="overdue.xlsx" testId="export-overdue" />}
          >
            <Table<CaseSummary>
              rowKey="id"
              size="small"
              pagination={false}
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
