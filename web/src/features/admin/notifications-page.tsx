// 通知队列: the outbox as an administrator sees it — a province administrator the whole queue,
// another administrator the webhook deliveries to the connected systems of their area — with each
// message's status, attempts and last error, and "send again" for a dead letter.
import { App, Button, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

type Notification = Answer<'/api/v1/notifications'>['items'][number];
type StatusFilter = 'all' | 'pending' | 'sent' | 'dead';

const STATUSES = ['pending', 'sent', 'dead'] as const;
const STATUS_COLOURS: Record<string, string> = { pending: 'blue', sent: 'green', dead: 'red' };
const RECIPIENTS = ['service_account', 'user', 'unit', 'reporter'] as const;

const statusLabel = (status: string): MessageKey =>
  (STATUSES as readonly string[]).includes(status)
    ? (`outbox.status.${status as (typeof STATUSES)[number]}` as const)
    : 'outbox.recipient.other';
const recipientLabel = (type: string): MessageKey =>
  (RECIPIENTS as readonly string[]).includes(type)
    ? (`outbox.recipient.${type as (typeof RECIPIENTS)[number]}` as const)
    : 'outbox.recipient.other';

export default function NotificationsPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [items, setItems] = useState<Notification[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (filter: StatusFilter) => {
    setLoading(true);
    try {
      const answer = await api.GET('/api/v1/notifications', {
        params: { query: { limit: 200, ...(filter === 'all' ? {} : { status: filter }) } },
      });
      setItems(answer.items);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(status);
  }, [status, load]);

  const retry = async (n: Notification) => {
    try {
      await api.POST('/api/v1/notifications/{id}/retry', { params: { path: { id: n.id } } });
      void message.success(t('outbox.retried'));
      await load(status);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };

  return (
    <div data-testid="notifications-page">
      <Typography.Paragraph type="secondary">{t('outbox.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={(value) => setStatus(value)}
          options={[
            { value: 'all', label: t('outbox.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(statusLabel(s)) })),
          ]}
          data-testid="outbox-status"
        />
        <Button onClick={() => void load(status)}>{t('outbox.refresh')}</Button>
      </Space>
      {error ? <ErrorAlert error={error} onRetry={() => void load(status)} /> : null}
      <Table<Notification>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('outbox.none') }}
        data-testid="outbox-table"
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          {
            title: t('outbox.topic'),
            dataIndex: 'topic',
            render: (topic: string) => <Typography.Text code>{topic}</Typography.Text>,
          },
          {
            title: t('outbox.recipient'),
            key: 'recipient',
            render: (_, n) => `${t(recipientLabel(n.recipientType))} ${n.recipient}`,
          },
          {
            title: t('outbox.subject'),
            key: 'subject',
            render: (_, n) => (n.subjectType ? `${n.subjectType} ${n.subjectId ?? ''}` : '—'),
          },
          {
            title: t('outbox.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={STATUS_COLOURS[s]} data-testid="outbox-row-status">
                {t(statusLabel(s))}
              </Tag>
            ),
          },
          { title: t('outbox.attempts'), dataIndex: 'attempts', width: 90 },
          {
            title: t('outbox.lastError'),
            dataIndex: 'lastError',
            render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—'),
          },
          { title: t('outbox.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, locale) },
          {
            title: t('outbox.nextAttempt'),
            key: 'next',
            render: (_, n) => (n.status === 'pending' ? formatDateTime(n.nextAttemptAt, locale) : '—'),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, n) =>
              n.status === 'dead' ? (
                <Popconfirm
                  title={t('outbox.retry')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ 'data-testid': 'confirm-ok' }}
                  onConfirm={() => void retry(n)}
                >
                  <Button size="small" data-testid="outbox-retry">
                    {t('outbox.retry')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
