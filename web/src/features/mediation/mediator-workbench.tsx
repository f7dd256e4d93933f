// The mediator's workbench: the committee's files in mediation (the nearest time limit first,
// overdue flagged), the disputes dispatched to the committee to accept, and the disputes courts,
// police stations and petition offices have referred and that are waiting for it.
import { Card, List, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { MEDIATION_STATUS_LABELS, OUTCOME_LABELS, REFERRAL_KIND_LABELS, labelOf } from '../../shared/labels.ts';
import type { MediationSummary, Referral } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { CaseTable } from '../cases/case-table.tsx';
import { beijingDay, daysBetween } from './file-dates.ts';
import { TitleText } from '../../shared/title-text.tsx';
import { useNarrow } from './narrow.ts';

export function DaysLeftTag({ deadline, overdue }: { deadline: string; overdue: boolean }) {
  const { t } = useI18n();
  const days = daysBetween(beijingDay(new Date()), beijingDay(deadline));
  if (overdue || days < 0)
    return (
      <Tag color="red" data-testid="file-overdue">
        {t('mediation.overdueBy', { days: Math.max(1, -days) })}
      </Tag>
    );
  return (
    <Tag color={days <= 5 ? 'orange' : 'blue'} data-testid="file-days-left">
      {t('mediation.daysLeft', { days })}
    </Tag>
  );
}

/** A file as a card, at phone widths. */
export function FileItem({ file }: { file: MediationSummary }) {
  const { t, pick, locale } = useI18n();
  return (
    <div style={{ width: '100%', minWidth: 0, overflowWrap: 'anywhere' }}>
      <Link to={`/mediations/${file.id}`} data-testid="mediation-link" style={{ fontWeight: 600 }}>
        {file.number}
      </Link>
      {file.status !== 'open' && (
        <Tag style={{ marginLeft: 8 }}>{pick(labelOf(MEDIATION_STATUS_LABELS, file.status))}</Tag>
      )}
      {file.outcome && <Tag>{pick(labelOf(OUTCOME_LABELS, file.outcome))}</Tag>}
      <div>{file.caseTitle}</div>
      <div>
        <Typography.Text type="secondary">
          {t('mediation.deadline')}
          {t('mediation.colon')}
        </Typography.Text>
        {formatDate(file.deadline, locale)}
        {file.status === 'open' && (
          <span style={{ marginLeft: 8 }}>
            <DaysLeftTag deadline={file.deadline} overdue={file.overdue} />
          </span>
        )}
      </div>
    </div>
  );
}

function MyFiles() {
  const { t, locale } = useI18n();
  const narrow = useNarrow();
  const loaded = useLoad(
    () => api.GET('/api/v1/mediations', { params: { query: { status: 'open', limit: 100 } } }),
    'open-files',
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const items = [...(loaded.data?.items ?? [])].sort((a, b) => a.deadline.localeCompare(b.deadline));
  if (narrow) {
    return (
      <List<MediationSummary>
        loading={loaded.loading}
        dataSource={items}
        locale={{ emptyText: t('mediation.noOpenFiles') }}
        renderItem={(file) => (
          <List.Item key={file.id}>
            <FileItem file={file} />
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<MediationSummary>
      rowKey="id"
      size="middle"
      loading={loaded.loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('mediation.noOpenFiles') }}
      scroll={{ x: 800 }}
      columns={[
        {
          title: t('mediation.number'),
          dataIndex: 'number',
          width: 210,
          render: (_: unknown, row) => (
            <Link to={`/mediations/${row.id}`} data-testid="mediation-link">
              {row.number}
            </Link>
          ),
        },
        { title: t('cases.title'), dataIndex: 'caseTitle', render: (title: string) => <TitleText text={title} /> },
        {
          title: t('mediation.registeredAt'),
          dataIndex: 'registeredAt',
          width: 150,
          render: (v: string) => formatDateTime(v, locale),
        },
        {
          title: t('mediation.deadline'),
          dataIndex: 'deadline',
          width: 220,
          render: (_: unknown, row) => (
            <>
              {formatDate(row.deadline, locale)}
              <span style={{ marginLeft: 8 }}>
                <DaysLeftTag deadline={row.deadline} overdue={row.overdue} />
              </span>
            </>
          ),
        },
      ]}
    />
  );
}

export function ReferralsReceived() {
  const { t, pick, locale } = useI18n();
  const narrow = useNarrow();
  const loaded = useLoad(
    () => api.GET('/api/v1/referrals', { params: { query: { box: 'received', status: 'sent', limit: 50 } } }),
    'referrals-received',
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (narrow) {
    return (
      <List<Referral>
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('referrals.noneWaiting') }}
        renderItem={(r) => (
          <List.Item key={r.id}>
            <div style={{ width: '100%', minWidth: 0, overflowWrap: 'anywhere' }}>
              <Link to={`/referrals/${r.id}`} data-testid="referral-case-link" style={{ fontWeight: 600 }}>
                {r.caseNumber}
              </Link>{' '}
              <Tag>{pick(labelOf(REFERRAL_KIND_LABELS, r.kind))}</Tag>
              {r.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
              <div>{r.caseTitle}</div>
              <Typography.Text type="secondary">
                {r.fromUnitName}
                {r.externalRef ? ` · ${r.externalRef}` : ''}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Referral>
      rowKey="id"
      size="middle"
      loading={loaded.loading}
      dataSource={loaded.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: t('referrals.noneWaiting') }}
      scroll={{ x: 800 }}
      columns={[
        {
          title: t('cases.number'),
          dataIndex: 'caseNumber',
          width: 190,
          render: (_: unknown, r) => (
            <Link to={`/cases/${r.caseId}`} data-testid="referral-case-link">
              {r.caseNumber}
            </Link>
          ),
        },
        { title: t('cases.title'), dataIndex: 'caseTitle', render: (title: string) => <TitleText text={title} /> },
        {
          title: t('referrals.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (kind: string) => pick(labelOf(REFERRAL_KIND_LABELS, kind)),
        },
        { title: t('referrals.from'), dataIndex: 'fromUnitName', width: 170 },
        {
          title: t('referrals.externalRef'),
          dataIndex: 'externalRef',
          width: 170,
          render: (v: string | null) => v ?? '—',
        },
        {
          title: t('referrals.deadline'),
          dataIndex: 'deadline',
          width: 150,
          render: (_: unknown, r) => (
            <>
              {formatDate(r.deadline, locale)}
              {r.overdue && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  {t('cases.overdue')}
                </Tag>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

export function MediatorPanels() {
  const { t } = useI18n();
  return (
    <>
      <Card title={t('mediation.myFiles')} extra={<Link to="/mediations">{t('mediation.allFiles')}</Link>}>
        <div data-testid="panel-my-files">
          <MyFiles />
        </div>
      </Card>
      <Card title={t('mediation.toAccept')}>
        <Typography.Paragraph type="secondary">{t('mediation.toAcceptHint')}</Typography.Paragraph>
        <CaseTable query={{ status: 'dispatched' }} testId="panel-accept" />
      </Card>
      <Card title={t('referrals.received')}>
        <div data-testid="panel-referrals">
          <ReferralsReceived />
        </div>
      </Card>
    </>
  );
}
