// 回访: resolved cases in the user's area waiting for the reporter's rating, the longest waiting
// first (GET /api/v1/return-calls). For each: the result given, the caller with the number to
// reveal, the calls already made; record how a call went, and once the caller is reached, rate on
// their behalf through the workflow's `rate` action (the same dialog as on the case page).
import { App, Button, Card, Empty, Form, Input, List, Modal, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { RETURN_CALL_OUTCOMES, type ReturnCallOutcome } from '../../../../common/return-calls.ts';
import { api, type Answer } from '../../shared/api.ts';
import type { CaseDetail } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { RETURN_CALL_OUTCOME_LABELS } from '../../shared/messages/desk.ts';
import { TitleText } from '../../shared/title-text.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { ActionDialog } from '../cases/action-dialog.tsx';
import { StatusTag } from '../cases/case-table.tsx';
import { RevealPhone } from './reveal-phone.tsx';

type QueueItem = Answer<'/api/v1/return-calls'>['items'][number];

const PAGE = 20;

function OutcomeDialog({ item, onClose, onDone }: { item: QueueItem; onClose: () => void; onDone: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: ReturnCallOutcome; note?: string }>();
  const submit = useSubmit();
  return (
    <Modal
      open
      title={t('desk.calls.recordTitle', { number: item.number })}
      okText={t('desk.calls.save')}
      cancelText={t('common.cancel')}
      confirmLoading={submit.saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'return-call-submit' }}
      destroyOnHidden
    >
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            const note = values.note?.trim();
            await api.POST('/api/v1/cases/{id}/return-calls', {
              params: { path: { id: item.caseId } },
              body: { outcome: values.outcome, ...(note ? { note } : {}) },
            });
            void message.success(t('desk.calls.saved'));
            onDone();
          })
        }
      >
        <Form.Item
          name="outcome"
          label={t('desk.calls.outcome')}
          rules={[{ required: true, message: t('desk.calls.outcomeRequired') }]}
        >
          <Radio.Group data-testid="return-call-outcome">
            <Space direction="vertical">
              {RETURN_CALL_OUTCOMES.map((outcome) => (
                <Radio key={outcome} value={outcome} data-outcome={outcome}>
                  {pick(RETURN_CALL_OUTCOME_LABELS[outcome])}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('desk.calls.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="return-call-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function QueueCard({
  item,
  onRecord,
  onRate,
  rating,
}: {
  item: QueueItem;
  onRecord: () => void;
  onRate: () => void;
  rating: boolean;
}) {
  const { t, pick, locale } = useI18n();
  return (
    <Card size="small" data-testid="return-call-item" data-case-number={item.number} style={{ width: '100%' }}>
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap size={[8, 4]}>
          <Link to={`/cases/${item.caseId}`}>{item.number}</Link>
          <StatusTag status={item.status} />
          <Typography.Text type="secondary">
            {t('desk.calls.resolvedAt', { at: formatDateTime(item.resolvedAt, locale) })}
          </Typography.Text>
        </Space>
        <TitleText text={item.title} />
        {item.result && (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
            {t('desk.calls.result', { result: item.result })}
          </Typography.Paragraph>
        )}
        <Space wrap size={[8, 0]}>
          <Typography.Text>
            {t('desk.calls.caller', { name: item.reporterName ?? t('desk.calls.noName'), phone: item.reporterPhone })}
          </Typography.Text>
          <RevealPhone caseId={item.caseId} />
        </Space>
        {item.attempts.length > 0 && (
          <div data-testid="return-call-attempts">
            {item.attempts.map((attempt) => (
              <div key={attempt.id} data-testid="return-call-attempt">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(attempt.at, locale)} · {attempt.byName} ·{' '}
                </Typography.Text>
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {pick(RETURN_CALL_OUTCOME_LABELS[attempt.outcome])}
                </Typography.Text>
                {attempt.note && (
                  <Typography.Text style={{ fontSize: 12 }}>
                    {' · '}
                    {attempt.note}
                  </Typography.Text>
                )}
              </div>
            ))}
          </div>
        )}
        <Space wrap>
          <Button type="primary" onClick={onRecord} data-testid="return-call-record">
            {t('desk.calls.record')}
          </Button>
          <Button onClick={onRate} loading={rating} data-testid="return-call-rate">
            {t('desk.calls.rate')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

export default function ReturnCallsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const first = useLoad(() => api.GET('/api/v1/return-calls', { params: { query: { limit: PAGE } } }), 'first');
  const [more, setMore] = useState<{ items: QueueItem[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [recording, setRecording] = useState<QueueItem | null>(null);
  const [rating, setRating] = useState<CaseDetail | null>(null);
  const [opening, setOpening] = useState<number | null>(null);
  useEffect(() => setMore(null), [first.data]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await api.GET('/api/v1/return-calls', { params: { query: { limit: PAGE, cursor } } });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
      setMoreError(null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };
  const openRating = async (item: QueueItem) => {
    setOpening(item.caseId);
    try {
      const detail = await api.GET('/api/v1/cases/{id}', { params: { path: { id: item.caseId } } });
      if (detail.allowedActions.includes('rate')) setRating(detail);
      else void message.warning(t('desk.calls.rateNotAllowed'));
    } catch (error) {
      void message.error(describeError(error, i18n));
    } finally {
      setOpening(null);
    }
  };

  return (
    <Card data-testid="return-calls-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('desk.calls.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('desk.calls.explain')}</Typography.Paragraph>
      {first.error ? <ErrorAlert error={first.error} onRetry={first.reload} /> : null}
      <List
        loading={first.loading}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.calls.empty')} /> }}
        renderItem={(item) => (
          <List.Item key={item.caseId} style={{ padding: '6px 0', borderBlockEnd: 'none' }}>
            <QueueCard
              item={item}
              onRecord={() => setRecording(item)}
              onRate={() => void openRating(item)}
              rating={opening === item.caseId}
            />
          </List.Item>
        )}
      />
      {moreError ? <ErrorAlert error={moreError} /> : null}
      {cursor !== null && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={loadingMore} onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      {recording && (
        <OutcomeDialog
          item={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            first.reload();
          }}
        />
      )}
      {rating && (
        <ActionDialog
          action="rate"
          record={rating}
          onClose={() => setRating(null)}
          onDone={() => {
            setRating(null);
            first.reload();
          }}
          onConflict={() => {
            setRating(null);
            first.reload();
          }}
        />
      )}
    </Card>
  );
}
