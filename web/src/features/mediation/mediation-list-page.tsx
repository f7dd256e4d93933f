// 调解: the mediation files the user may see, newest first.
import { Card, List, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { MEDIATION_STATUS_LABELS, OUTCOME_LABELS, labelOf } from '../../shared/labels.ts';
import type { MediationSummary } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { TitleText } from '../../shared/title-text.tsx';
import { DaysLeftTag, FileItem } from './mediator-workbench.tsx';
import { useNarrow } from './narrow.ts';

type Status = MediationSummary['status'];
const STATUSES: readonly Status[] = ['open', 'concluded'];

export default function MediationListPage() {
  const { t, pick, locale } = useI18n();
  const narrow = useNarrow();
  const [status, setStatus] = useState<Status | undefined>('open');
  const loaded = useLoad(
    () => api.GET('/api/v1/mediations', { params: { query: { status, limit: 50 } } }),
    status ?? 'all',
  );
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('mediation.listTitle')}
      </Typography.Title>
      <Select
        allowClear
        style={{ width: 180, marginBottom: 16 }}
        value={status}
        placeholder={t('cases.allStatuses')}
        onChange={(value: Status | undefined) => setStatus(value)}
        options={STATUSES.map((value) => ({ value, label: pick(labelOf(MEDIATION_STATUS_LABELS, value)) }))}
      />
      {!narrow && (
        <div style={{ marginBottom: 16 }}>
          <ExportButton url="/api/v1/mediations" query={{ status }} fallbackName="mediation-files.xlsx" />
        </div>
      )}
      {loaded.error ? (
        <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      ) : narrow ? (
        <List<MediationSummary>
          loading={loaded.loading}
          dataSource={loaded.data?.items ?? []}
          locale={{ emptyText: t('mediation.empty') }}
          renderItem={(file) => (
            <List.Item key={file.id}>
              <FileItem file={file} />
            </List.Item>
          )}
        />
      ) : (
        <Table<MediationSummary>
          rowKey="id"
          loading={loaded.loading}
          dataSource={loaded.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('mediation.empty') }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: t('mediation.number'),
              dataIndex: 'number',
              render: (_: unknown, row) => (
                <Link to={`/mediations/${row.id}`} data-testid="mediation-link">
                  {row.number}
                </Link>
              ),
            },
            { title: t('cases.title'), dataIndex: 'caseTitle', render: (title: string) => <TitleText text={title} /> },
            { title: t('mediation.committee'), dataIndex: 'committeeName' },
            {
              title: t('cases.status'),
              dataIndex: 'status',
              render: (_: unknown, row) => (
                <>
                  <Tag>{pick(labelOf(MEDIATION_STATUS_LABELS, row.status))}</Tag>
                  {row.outcome && <Tag>{pick(labelOf(OUTCOME_LABELS, row.outcome))}</Tag>}
                </>
              ),
            },
            {
              title: t('mediation.deadline'),
              dataIndex: 'deadline',
              render: (_: unknown, row) => (
                <>
                  {formatDate(row.deadline, locale)}
                  {row.status === 'open' && (
                    <span style={{ marginLeft: 8 }}>
                      <DaysLeftTag deadline={row.deadline} overdue={row.overdue} />
                    </span>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
