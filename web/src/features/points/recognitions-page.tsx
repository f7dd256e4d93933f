// 好人好事推荐审核 (/recognitions): the nominations of the area, pending first; the township's or
// committee's staff approve one (published, and the linked resident account earns points) or reject
// it with a reason. Works at 375 px (a list, not a wide table).
import { App, Button, Card, Empty, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { RECOGNITION_STATUS_LABELS, type RecognitionStatus } from '../../../../common/points.ts';
import { api, type Answer } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';

type Item = Answer<'/api/v1/recognitions'>['items'][number];
const COLOURS: Record<RecognitionStatus, string> = { pending: 'processing', approved: 'success', rejected: 'default' };

function Review({ item, onDone }: { item: Item; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    try {
      await api.POST('/api/v1/recognitions/{id}/review', {
        params: { path: { id: item.id } },
        body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      });
      onDone();
    } catch (error) {
      void message.error(describeError(error, i18n));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <Button type="primary" loading={busy} onClick={() => void decide('approve')} data-testid="recognition-approve">
        {t('recognition.approve')}
      </Button>
      <Input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('recognition.reason')}
        maxLength={300}
        style={{ width: 200 }}
      />
      <Button danger disabled={busy || reason.trim().length < 2} onClick={() => void decide('reject')}>
        {t('recognition.reject')}
      </Button>
    </Space>
  );
}

export default function RecognitionsPage() {
  const { t, pick, locale } = useI18n();
  const [status, setStatus] = useState<RecognitionStatus | 'all'>('pending');
  const list = useLoad(
    () => api.GET('/api/v1/recognitions', { params: { query: status === 'all' ? {} : { status } } }),
    status,
  );
  return (
    <Card title={t('recognition.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value as RecognitionStatus | 'all')}
          optionType="button"
        >
          <Radio.Button value="pending">{pick(RECOGNITION_STATUS_LABELS.pending)}</Radio.Button>
          <Radio.Button value="approved">{pick(RECOGNITION_STATUS_LABELS.approved)}</Radio.Button>
          <Radio.Button value="rejected">{pick(RECOGNITION_STATUS_LABELS.rejected)}</Radio.Button>
          <Radio.Button value="all">{t('emergency.filter.all')}</Radio.Button>
        </Radio.Group>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {list.data === undefined ? (
          <PageLoading />
        ) : list.data.items.length === 0 ? (
          <Empty />
        ) : (
          <List
            dataSource={list.data.items}
            renderItem={(item) => (
              <List.Item data-testid="recognition-row">
                <Space direction="vertical" size={4} style={{ minWidth: 0, width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{item.nomineeName}</Typography.Text>
                    <Tag color={COLOURS[item.status]}>{pick(RECOGNITION_STATUS_LABELS[item.status])}</Tag>
                    {item.nomineeLinked && <Tag>{t('recognition.linked')}</Tag>}
                    {item.pointsCredited ? (
                      <Tag color="gold">{t('recognition.points', { n: item.pointsCredited })}</Tag>
                    ) : null}
                  </Space>
                  <Typography.Paragraph style={{ marginBottom: 0, overflowWrap: 'anywhere' }}>
                    {item.deed}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">
                    {item.unitName} · {t('recognition.by')} {item.nominatedByName} ·{' '}
                    {formatDateTime(item.nominatedAt, locale)}
                  </Typography.Text>
                  {item.reviewReason && <Typography.Text type="secondary">{item.reviewReason}</Typography.Text>}
                  {item.abilities.review && <Review item={item} onDone={list.reload} />}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
