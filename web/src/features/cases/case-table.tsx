// A page of cases from GET /api/v1/cases with the given filters, with "load more" by cursor: a
// table on a screen, a list of cards on a phone (no sideways scrolling at 375 px).
import { Button, Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, type Query } from '../../shared/api.ts';
import { loadCategories } from '../../shared/categories.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { STATUS_COLOURS, STATUS_LABELS } from '../../shared/labels.ts';
import type { CaseSummary } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { usePhone } from '../../shared/use-phone.ts';
import { TitleText } from '../../shared/title-text.tsx';

export function StatusTag({ status }: { status: CaseSummary['status'] }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="case-status">
      {pick(STATUS_LABELS[status])}
    </Tag>
  );
}

export function useCategoryNames(): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    loadCategories().then(
      (items) => setNames(new Map(items.map((c) => [c.code, c.name]))),
      () => undefined,
    );
  }, []);
  return names;
}

/** The filters of a case list (GET /api/v1/cases), without its paging. */
export type CaseQuery = Omit<Query<'/api/v1/cases'>, 'cursor' | 'limit'>;

function CaseCard({ row, category, action }: { row: CaseSummary; category: string; action?: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" data-testid="case-card" data-case-id={row.id} styles={{ body: { padding: 12 } }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Link to={`/cases/${row.id}`} data-testid="case-link" style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          {row.number}
        </Link>
        <Space size={4} wrap style={{ flex: 'none', justifyContent: 'flex-end' }}>
          <StatusTag status={row.status} />
          {row.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
        </Space>
      </div>
      <div style={{ margin: '6px 0 4px' }}>
        <TitleText text={row.title} />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
        {[
          category,
          row.stageDeadline ? `${t('phone.cases.deadline')} ${formatDateTime(row.stageDeadline, locale)}` : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      {action && <div style={{ marginTop: 8 }}>{action}</div>}
    </Card>
  );
}

export function CaseTable({
  query,
  testId,
  rowAction,
}: {
  query: CaseQuery;
  testId?: string;
  /** A control for one case (e.g. 就地化解), under the card on a phone, in a last column otherwise. */
  rowAction?: (row: CaseSummary) => ReactNode;
}) {
  const { t, locale } = useI18n();
  const phone = usePhone();
  const names = useCategoryNames();
  const key = JSON.stringify(query);
  const [more, setMore] = useState<{ items: CaseSummary[]; cursor: string | null } | null>(null);
  const first = useLoad(() => api.GET('/api/v1/cases', { params: { query: { ...query, limit: 20 } } }), key);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => setMore(null), [key, first.data]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await api.GET('/api/v1/cases', { params: { query: { ...query, limit: 20, cursor } } });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
      setMoreError(null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  if (first.error) return <ErrorAlert error={first.error} onRetry={first.reload} />;
  return (
    <div data-testid={testId}>
      {moreError !== null && <ErrorAlert error={moreError} />}
      {phone ? (
        <Spin spinning={first.loading}>
          {items.length === 0 ? (
            first.loading ? (
              <div style={{ minHeight: 80 }} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.empty')} />
            )
          ) : (
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              {items.map((row) => (
                <CaseCard
                  key={row.id}
                  row={row}
                  category={names.get(row.categoryCode) ?? ''}
                  action={rowAction?.(row)}
                />
              ))}
            </Space>
          )}
        </Spin>
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          loading={first.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('cases.empty') }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: t('cases.number'),
              dataIndex: 'number',
              width: 190,
              render: (_: unknown, row) => (
                <Link to={`/cases/${row.id}`} data-testid="case-link">
                  {row.number}
                </Link>
              ),
            },
            { title: t('cases.title'), dataIndex: 'title', render: (title: string) => <TitleText text={title} /> },
            {
              title: t('cases.category'),
              dataIndex: 'categoryCode',
              width: 140,
              render: (code: string) => names.get(code) ?? '',
            },
            {
              title: t('cases.status'),
              dataIndex: 'status',
              width: 150,
              render: (_: unknown, row) => (
                <Space size={4}>
                  <StatusTag status={row.status} />
                  {row.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('cases.deadline'),
              dataIndex: 'stageDeadline',
              width: 150,
              render: (value: string | null) => formatDateTime(value, locale),
            },
            ...(rowAction
              ? [{ key: 'action', width: 130, render: (_: unknown, row: CaseSummary) => rowAction(row) }]
              : []),
          ]}
        />
      )}
      {cursor !== null && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={loadingMore} onClick={() => void loadMore()} data-testid="cases-load-more">
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      {items.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('cases.shown', { count: items.length })}
        </Typography.Text>
      )}
    </div>
  );
}
