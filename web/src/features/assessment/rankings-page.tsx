// 考核排名: the units of a level ranked for a period, with the change since the period before;
// a unit opens its figures, and each figure the cases behind it (the case list, same rules).
import { Button, Card, Descriptions, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { currentMonth } from '../../../../common/period.ts';
import { api } from '../../shared/api.ts';
import { casesBehind, type KpiName } from '../../shared/case-links.ts';
import type { RankingRow, RankingTable } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, formatPercent, useI18n } from '../../shared/i18n.tsx';
import { PeriodPicker } from '../../shared/period-picker.tsx';
import { useLoad } from '../../shared/use-load.ts';

const LEVELS = ['township', 'department', 'county', 'committee'] as const;
type Level = (typeof LEVELS)[number];

/** The case list behind a unit's figure: by location for regions, by lead unit otherwise. */
export function casesLink(table: RankingTable, row: RankingRow, kpi?: KpiName): string {
  const region = table.level === 'township' || table.level === 'county';
  return casesBehind({
    window: table.period,
    kpi,
    ...(region ? { unitId: row.unitId } : { leadUnitId: row.unitId }),
  });
}

export default function RankingsPage() {
  const { t, locale, server } = useI18n();
  const [params, setParams] = useSearchParams();
  const level = (LEVELS as readonly string[]).includes(params.get('level') ?? '')
    ? (params.get('level') as Level)
    : 'township';
  // No period in the address: the server's current month (its clock, not the browser's).
  const asked = params.get('period') ?? undefined;
  const withinUnitId = params.get('withinUnitId') ? Number(params.get('withinUnitId')) : undefined;
  const [open, setOpen] = useState<RankingRow | null>(null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const query = { level, ...(asked ? { period: asked } : {}), ...(withinUnitId ? { withinUnitId } : {}) };
  const loaded = useLoad(() => api.GET('/api/v1/rankings', { params: { query } }), JSON.stringify(query));
  const table = loaded.data;
  const period = asked ?? table?.period.label ?? currentMonth(new Date()).label;
  const percent = (key: keyof RankingRow) => ({
    title: t(`rankings.${key}` as 'rankings.responseRate'),
    dataIndex: key,
    render: (v: number | null) => formatPercent(v),
  });

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('rankings.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<Level>
          value={level}
          onChange={(v) => set('level', v)}
          aria-label={t('rankings.level')}
          style={{ width: 160 }}
          data-testid="rankings-level"
          options={LEVELS.map((l) => ({ value: l, label: t(`rankings.level.${l}`) }))}
        />
        <PeriodPicker value={period} onChange={(label) => set('period', label)} />
        {table && (
          <Typography.Text type="secondary" data-testid="rankings-scheme">
            {t('rankings.scheme', { name: server(table.scheme.name), version: table.scheme.version })}
          </Typography.Text>
        )}
        {table && (
          // Rankings are kept for a few minutes (ADR 0022): when these figures were computed.
          <Typography.Text type="secondary" data-testid="rankings-computed-at">
            {t('rankings.computedAt', { at: formatDateTime(table.computedAt, locale) })}
          </Typography.Text>
        )}
        <ExportButton url="/api/v1/rankings" query={query} fallbackName={`rankings-${period}.xlsx`} />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<RankingRow>
        rowKey="unitId"
        loading={loaded.loading}
        dataSource={table?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="rankings-table"
        onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('rankings.rank'),
            dataIndex: 'rank',
            render: (rank: number | null, row) =>
              rank === null ? (
                <Typography.Text type="secondary">
                  {t(`rankings.unranked.${row.unrankedReason ?? 'no_cases'}`)}
                </Typography.Text>
              ) : (
                <Space size={4}>
                  <strong>{rank}</strong>
                  {row.tied && <Tag>{t('rankings.tied')}</Tag>}
                </Space>
              ),
          },
          {
            title: t('rankings.unit'),
            dataIndex: 'unitName',
            render: (name: string, row) => (
              <Typography.Link data-testid="rankings-unit" data-unit-id={row.unitId}>
                {name}
              </Typography.Link>
            ),
          },
          { title: t('rankings.received'), dataIndex: 'received' },
          percent('responseRate'),
          percent('resolutionRate'),
          percent('satisfactionRate'),
          percent('onTimeRate'),
          { title: t('rankings.reopened'), dataIndex: 'reopened' },
          { title: t('rankings.overdueNow'), dataIndex: 'overdueNow' },
          { title: t('rankings.supervised'), dataIndex: 'supervised' },
          { title: t('rankings.score'), dataIndex: 'score', render: (s: number | null) => (s === null ? '—' : s) },
          {
            title: t('rankings.change'),
            dataIndex: 'change',
            render: (change: RankingRow['change']) =>
              change.rank === null
                ? '—'
                : change.rank > 0
                  ? `↑${change.rank}`
                  : change.rank < 0
                    ? `↓${-change.rank}`
                    : '—',
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open && table ? t('rankings.detail', { name: open.unitName, period: table.period.label }) : ''}
        data-testid="rankings-detail"
      >
        {open && table && (
          <>
            <Descriptions column={1} size="small" bordered>
              {(
                [
                  ['rankings.received', open.received, 'all'],
                  ['rankings.responseRate', formatPercent(open.responseRate), 'responded'],
                  ['rankings.resolutionRate', formatPercent(open.resolutionRate), 'resolved'],
                  [
                    'rankings.satisfactionRate',
                    formatPercent(open.satisfactionRate) +
                      (open.satisfactionSource === 'sampled' ? t('rankings.sampled') : ''),
                    'satisfied',
                  ],
                  ['rankings.onTimeRate', formatPercent(open.onTimeRate), 'handledOnTime'],
                  ['rankings.acceptedOnTime', `${open.acceptedOnTime} / ${open.accepted}`, undefined],
                  ['rankings.reopened', open.reopened, 'reopened'],
                  ['rankings.overdueNow', open.overdueNow, 'overdue'],
                  ['rankings.supervised', open.supervised, 'supervised'],
                  ['assessment.leaderColumn', `${open.leaderSettled} / ${open.leaderOpen}`, undefined],
                  ['rankings.score', open.score ?? '—', undefined],
                ] as const
              ).map(([label, value, kpi]) => (
                <Descriptions.Item key={label} label={t(label)}>
                  {kpi ? (
                    <Link to={casesLink(table, open, kpi === 'all' ? undefined : kpi)} data-testid={`figure-${kpi}`}>
                      {value}
                    </Link>
                  ) : (
                    value
                  )}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Button type="primary" style={{ marginTop: 16 }} data-testid="rankings-cases">
              <Link to={casesLink(table, open)}>{t('rankings.cases')}</Link>
            </Button>
          </>
        )}
      </Drawer>
    </Card>
  );
}
