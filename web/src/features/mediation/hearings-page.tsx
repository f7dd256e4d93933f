// 公开听证: the hearings of cases in the user's area — those to come (and those past their time
// awaiting minutes), those held, those cancelled. A hearing is scheduled from its case's page.
import { Card, Empty, List, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { HearingStatusTag, type Hearing, type HearingStatus } from './hearing-shared.tsx';

/** Every hearing ever, not only those from the server's now on (the list's default). */
const SINCE_EVER = '2000-01-01T00:00:00.000Z';

export function HearingItem({ hearing, showCase = true }: { hearing: Hearing; showCase?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid="hearing-item" data-hearing-id={hearing.id} style={{ width: '100%', minWidth: 0 }}>
      <Space size={8} wrap style={{ marginBottom: 4 }}>
        <HearingStatusTag hearing={hearing} />
        <Link to={`/hearings/${hearing.id}`} data-testid="hearing-link" style={{ fontWeight: 600 }}>
          {hearing.title}
        </Link>
      </Space>
      <div>
        <Typography.Text type="secondary">
          {t('hearing.when')}
          {t('mediation.colon')}
        </Typography.Text>
        {formatDateTime(hearing.scheduledAt, locale)}
      </div>
      <div style={{ overflowWrap: 'anywhere' }}>
        <Typography.Text type="secondary">
          {t('hearing.place')}
          {t('mediation.colon')}
        </Typography.Text>
        {hearing.place}
      </div>
      {hearing.host && (
        <div>
          <Typography.Text type="secondary">
            {t('hearing.host')}
            {t('mediation.colon')}
          </Typography.Text>
          {hearing.host}
        </div>
      )}
      {showCase && (
        <div style={{ overflowWrap: 'anywhere' }}>
          <Typography.Text type="secondary">
            {t('hearing.case')}
            {t('mediation.colon')}
          </Typography.Text>
          <Link to={`/cases/${hearing.caseId}`}>{hearing.caseNumber}</Link> {hearing.caseTitle}
        </div>
      )}
    </div>
  );
}

export default function HearingsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<HearingStatus>('scheduled');
  const loaded = useLoad(
    () =>
      api.GET('/api/v1/hearings', {
        params: {
          query: { from: SINCE_EVER, status, order: status === 'scheduled' ? 'asc' : 'desc' },
        },
      }),
    status,
  );
  return (
    <Card data-testid="hearings-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('hearing.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hearing.hint')}</Typography.Paragraph>
      <Segmented<HearingStatus>
        value={status}
        onChange={setStatus}
        options={[
          { value: 'scheduled', label: t('hearing.tab.scheduled') },
          { value: 'held', label: t('hearing.tab.held') },
          { value: 'cancelled', label: t('hearing.tab.cancelled') },
        ]}
        style={{ marginBottom: 16 }}
        data-testid="hearing-tabs"
      />
      {loaded.error ? (
        <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <List<Hearing>
          loading={loaded.loading}
          dataSource={loaded.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hearing.none')} /> }}
          renderItem={(hearing) => (
            <List.Item key={hearing.id}>
              <HearingItem hearing={hearing} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
