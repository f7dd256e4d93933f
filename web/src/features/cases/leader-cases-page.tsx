// 我包的案 (issue 17, 领导包案): the cases the signed-in leader answers for until they are closed,
// newest first, with their progress: status, the running time limit (overdue in red) and when the
// last step was taken. Each opens the case page with its timeline.
import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { TitleText } from '../../shared/title-text.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { StatusTag, useCategoryNames } from './case-table.tsx';

type Row = Answer<'/api/v1/cases'>['items'][number];

export default function LeaderCasesPage() {
  const { t, locale } = useI18n();
  const names = useCategoryNames();
  const loaded = useLoad(() => api.GET('/api/v1/cases', { params: { query: { leaderId: 'me', limit: 200 } } }), 'me');
  return (
    <div data-testid="leader-cases-page">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('leader.title')}
        </Typography.Title>
        <ExportButton url="/api/v1/cases" query={{ leaderId: 'me' }} fallbackName="leader-cases.xlsx" />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('leader.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '#', dataIndex: 'number', render: (n: string, row) => <Link to={`/cases/${row.id}`}>{n}</Link> },
          { title: '', dataIndex: 'title', render: (title: string) => <TitleText text={title} /> },
          { title: '', dataIndex: 'categoryCode', render: (code: string) => names.get(code) ?? code },
          { title: '', dataIndex: 'status', render: (status: Row['status']) => <StatusTag status={status} /> },
          {
            title: t('leader.col.deadline'),
            key: 'deadline',
            render: (_: unknown, row) =>
              row.stageDeadline ? (
                <span>
                  {formatDateTime(row.stageDeadline, locale)}
                  {row.overdue && (
                    <Tag color="red" style={{ marginLeft: 6 }}>
                      {t('leader.overdue')}
                    </Tag>
                  )}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('leader.col.lastStep'),
            dataIndex: 'updatedAt',
            render: (at: string) => formatDateTime(at, locale),
          },
        ]}
      />
    </div>
  );
}
