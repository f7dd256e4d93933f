// 平安指数 (/safety-index): a region unit's score and grade for a month, each component (raw value,
// weight, contribution, why), the twelve months' trend, and the units below it ranked (a click
// opens that unit's index). `?unit=` names the unit (default: the caller's own region), `?period=`
// the month. The score is the sum of the contributions (docs/safety-index.md).
import { Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { mayUse } from '../../app/navigation.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Refusal } from '../admin/refusal.tsx';
import { Chart, type ChartOption } from '../cases/chart.tsx';
import { gradeColour } from './grade-colour.ts';

type SafetyAnswer = Answer<'/api/v1/safety-index'>;
export type SafetyIndex = Extract<SafetyAnswer, { components: unknown }>;
export type SafetyRanking = Extract<SafetyAnswer, { items: unknown }>;
type Component = SafetyIndex['components'][number];

function formatValue(c: Component): string {
  if (c.value === null) return '';
  // Rates and shares are 0–1; counts per 10,000 residents are not.
  return c.key.endsWith('_rate') || c.key.endsWith('_share') || c.key.endsWith('_coverage')
    ? `${(c.value * 100).toFixed(1)}%`
    : c.value.toFixed(2);
}

export default function SafetyIndexPage() {
  const { t, locale } = useI18n();
  const { roles } = useSession();
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unit')) || undefined;
  // Without `?period=` the server's own month (its clock, not the browser's).
  const period = params.get('period') ?? undefined;
  const allowed = mayUse(roles, '/safety-index');
  // Whoever edits the weights, residents and schedules finds them from here (系统管理 › 平安建设).
  const manages = roles.some((role) => holds(role, 'safety:manage'));
  const en = locale === 'en';

  const index = useLoad(
    async () => {
      if (!allowed) return null;
      const answer = await api.GET('/api/v1/safety-index', { params: { query: { unitId, period } } });
      if (!('components' in answer)) return null;
      const ranking = await api.GET('/api/v1/safety-index', {
        params: { query: { withinUnitId: answer.unitId, period: answer.period } },
      });
      return { index: answer, children: 'items' in ranking ? ranking.items : [] };
    },
    `safety-${unitId ?? ''}-${period}-${allowed}`,
  );

  const trend = useMemo<ChartOption | null>(() => {
    const data = index.data?.index.trend;
    if (!data) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: data.map((p) => p.period) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'line', name: t('safety.score'), data: data.map((p) => p.score), smooth: true }],
    };
  }, [index.data, t]);

  if (!allowed) return <Refusal />;
  const go = (next: { unit?: number; period?: string }) =>
    setParams({
      ...((next.unit ?? unitId) ? { unit: String(next.unit ?? unitId) } : {}),
      period: next.period ?? period ?? index.data?.index.period ?? '',
    });
  const data = index.data;
  const sum = data ? data.index.components.reduce((total, c) => total + c.contribution, 0) : 0;

  return (
    <Card
      data-testid="safety-page"
      title={`${t('safety.title')}${data ? ` · ${data.index.unitName}` : ''}`}
      extra={
        <Space wrap>
          {manages ? (
            <Link to="/admin/safety" data-testid="safety-settings-link">
              {t('safetySettings.link')}
            </Link>
          ) : null}
          <DatePicker
            picker="month"
            allowClear={false}
            value={period ? dayjs(`${period}-01`) : data ? dayjs(`${data.index.period}-01`) : null}
            onChange={(d) => d && go({ period: d.format('YYYY-MM') })}
            aria-label={t('safety.period')}
            data-testid="safety-period"
          />
        </Space>
      }
    >
      {index.error ? <ErrorAlert error={index.error} onRetry={index.reload} /> : null}
      {index.loading && !data ? <PageLoading /> : null}
      {data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <Space size={32} align="start">
              <Statistic
                title={t('safety.score')}
                value={data.index.score}
                precision={2}
                valueStyle={{ color: gradeColour(data.index.grade) }}
                data-testid="safety-score"
              />
              <div>
                <Typography.Text type="secondary">{t('safety.grade')}</Typography.Text>
                <div>
                  <Tag color={gradeColour(data.index.grade)} data-testid="safety-grade" style={{ fontSize: 16 }}>
                    {en ? data.index.gradeNameEn : data.index.gradeName}
                  </Tag>
                </div>
              </div>
            </Space>
            {unitId ? (
              <div style={{ marginTop: 12 }}>
                <Button onClick={() => window.history.back()}>{t('safety.up')}</Button>
              </div>
            ) : null}
          </Col>
          <Col xs={24} md={16}>
            <Typography.Title level={5}>{t('safety.trend')}</Typography.Title>
            {trend ? <Chart option={trend} height={220} testId="safety-trend" /> : null}
          </Col>
          <Col span={24}>
            <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('safety.components')}
              </Typography.Title>
              <ExportButton
                url="/api/v1/safety-index"
                query={{ unitId: data.index.unitId, period: data.index.period }}
                fallbackName="safety-index.xlsx"
                testId="export-safety-components"
              />
            </Space>
            <Table<Component>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={data.index.components}
              data-testid="safety-components"
              columns={[
                { title: t('safety.component'), render: (_: unknown, c) => (en ? c.nameEn : c.name) },
                {
                  title: t('safety.value'),
                  render: (_: unknown, c) =>
                    c.value === null ? (
                      <Typography.Text type="secondary">{t('safety.noValue')}</Typography.Text>
                    ) : (
                      formatValue(c)
                    ),
                },
                { title: t('safety.weight'), dataIndex: 'weight' },
                {
                  title: t('safety.contribution'),
                  render: (_: unknown, c) => <span data-testid="safety-contribution">{c.contribution.toFixed(2)}</span>,
                },
                { title: t('safety.explanation'), render: (_: unknown, c) => (en ? c.explanationEn : c.explanation) },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={5}>
                    <span data-testid="safety-sum">{t('safety.sum', { sum: sum.toFixed(2) })}</span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Col>
          <Col span={24}>
            <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('safety.children')}
              </Typography.Title>
              <ExportButton
                url="/api/v1/safety-index"
                query={{ withinUnitId: data.index.unitId, period: data.index.period }}
                fallbackName="safety-ranking.xlsx"
                testId="export-safety-ranking"
              />
            </Space>
            <Table<SafetyRanking['items'][number]>
              rowKey="unitId"
              size="small"
              pagination={false}
              dataSource={data.children}
              locale={{ emptyText: t('safety.noChildren') }}
              data-testid="safety-children"
              onRow={(row) => ({ onClick: () => go({ unit: row.unitId }), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('safety.rank'), dataIndex: 'rank', width: 64 },
                {
                  title: t('safety.unit'),
                  render: (_: unknown, row) => <a data-testid="safety-child">{row.unitName}</a>,
                },
                { title: t('safety.score'), render: (_: unknown, row) => row.score.toFixed(2) },
                {
                  title: t('safety.grade'),
                  render: (_: unknown, row) => (
                    <Tag color={gradeColour(row.grade)}>{en ? row.gradeNameEn : row.gradeName}</Tag>
                  ),
                },
              ]}
            />
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
