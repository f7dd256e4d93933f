// One public hearing: when, where, who chairs it and who is invited, the agenda and the notice
// (printable); once held, who attended, the minutes and the outcome; or why it was cancelled.
// Whoever may convene it records or cancels it while it is scheduled (`abilities.manage`).
import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api.ts';
import { CheckList } from '../../shared/check-list.tsx';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { HearingStatusTag, PARTICIPANT_KIND_KEYS, type HearingDetail } from './hearing-shared.tsx';
import { useNarrow } from './narrow.ts';

const isConflict = (failure: unknown) =>
  failure instanceof ApiError && failure.status === 409 && failure.code === 'VERSION_CONFLICT';

interface RecordValues {
  present: string[];
  others: string[];
  record: string;
  outcome: string;
}

function RecordForm({
  hearing,
  onDone,
  onConflict,
  onClose,
}: {
  hearing: HearingDetail;
  onDone: (next: HearingDetail) => void;
  onConflict: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const invited = hearing.participants.map((p) => p.name);
  const submit = async (v: RecordValues) => {
    setBusy(true);
    setError(null);
    try {
      const attendees = [...v.present, ...(v.others ?? [])].map((name) => name.trim()).filter(Boolean);
      const next = await api.POST('/api/v1/hearings/{id}/record', {
        params: { path: { id: hearing.id } },
        body: { version: hearing.version, record: v.record.trim(), outcome: v.outcome.trim(), attendees },
      });
      void message.success(t('hearing.recorded'));
      onDone(next);
    } catch (failure) {
      if (isConflict(failure)) {
        void message.warning(t('hearing.conflict'));
        onConflict();
        return;
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('hearing.recordTitle')} data-testid="hearing-record-form">
      {error !== null && <ErrorAlert error={error} />}
      <Form<RecordValues>
        form={form}
        layout="vertical"
        initialValues={{ present: invited, others: [] }}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <Form.Item
          label={t('hearing.attendance')}
          required
          extra={t('hearing.attendanceHelp')}
          style={{ marginBottom: 8 }}
        >
          <Form.Item name="present" noStyle>
            <CheckList
              vertical
              options={hearing.participants.map((p) => ({
                value: p.name,
                label: `${p.name}（${t(PARTICIPANT_KIND_KEYS[p.kind])}）`,
              }))}
              data-testid="hearing-present"
            />
          </Form.Item>
        </Form.Item>
        <Form.Item
          name="others"
          label={t('hearing.othersPresent')}
          rules={[
            {
              validator: () => {
                const present = (form.getFieldValue('present') as string[] | undefined) ?? [];
                const others = (form.getFieldValue('others') as string[] | undefined) ?? [];
                return present.length + others.filter((o) => o.trim()).length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('hearing.attendanceRequired')));
              },
            },
          ]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', '，', '、']}
            open={false}
            suffixIcon={null}
            placeholder={t('hearing.othersPlaceholder')}
            data-testid="hearing-others"
          />
        </Form.Item>
        <Form.Item
          name="record"
          label={t('hearing.minutes')}
          rules={[{ required: true, whitespace: true, min: 5, message: t('mediation.atLeast', { n: 5 }) }]}
        >
          <Input.TextArea rows={6} maxLength={20000} showCount data-testid="hearing-minutes" />
        </Form.Item>
        <Form.Item
          name="outcome"
          label={t('hearing.outcome')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('mediation.atLeast', { n: 2 }) }]}
        >
          <Input.TextArea rows={3} maxLength={5000} data-testid="hearing-outcome" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="hearing-record-submit">
            {t('hearing.recordSubmit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

function CancelDialog({
  hearing,
  onDone,
  onConflict,
  onClose,
}: {
  hearing: HearingDetail;
  onDone: (next: HearingDetail) => void;
  onConflict: () => void;
  onClose: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      const next = await api.POST('/api/v1/hearings/{id}/cancel', {
        params: { path: { id: hearing.id } },
        body: { version: hearing.version, reason: reason.trim() },
      });
      void message.success(t('hearing.cancelled'));
      onDone(next);
    } catch (failure) {
      if (isConflict(failure)) {
        void message.warning(t('hearing.conflict'));
        onConflict();
      } else {
        void message.error(describeError(failure, i18n));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('hearing.cancelTitle')}
      okText={t('hearing.cancelSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'hearing-cancel-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('hearing.cancelReason')}
          rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="hearing-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function HearingPage() {
  const { t, locale } = useI18n();
  const { id } = useParams();
  const hearingId = Number(id);
  const narrow = useNarrow();
  const loaded = useLoad(
    () => api.GET('/api/v1/hearings/{id}', { params: { path: { id: hearingId } } }),
    String(hearingId),
  );
  const [current, setCurrent] = useState<HearingDetail | null>(null);
  const [recording, setRecording] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const data = loaded.data;
  const hearing = current && data && current.version >= data.version ? current : data;
  if (!hearing) return <PageLoading />;
  const reload = () => {
    setCurrent(null);
    setRecording(false);
    setCancelling(false);
    loaded.reload();
  };
  const done = (next: HearingDetail) => {
    setCurrent(next);
    setRecording(false);
    setCancelling(false);
  };
  const manage = hearing.abilities.manage && hearing.status === 'scheduled';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="hearing-page">
      <Card>
        <Space size={8} wrap>
          <HearingStatusTag hearing={hearing} />
          <Typography.Title level={3} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="hearing-name">
            {hearing.title}
          </Typography.Title>
        </Space>
        <Descriptions column={1} size="small" style={{ marginTop: 16 }} layout={narrow ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={t('hearing.case')}>
            <span style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/cases/${hearing.caseId}`} data-testid="hearing-case-link">
                {hearing.caseNumber}
              </Link>{' '}
              {hearing.caseTitle}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('hearing.when')}>
            <span data-testid="hearing-when-text">{formatDateTime(hearing.scheduledAt, locale)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('hearing.place')}>{hearing.place}</Descriptions.Item>
          <Descriptions.Item label={t('hearing.host')}>{hearing.host ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hearing.convenedBy')}>{hearing.convenedBy?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hearing.participants')}>
            <Space size={[4, 4]} wrap data-testid="hearing-participants">
              {hearing.participants.map((p, i) => (
                <Tag key={i} style={{ whiteSpace: 'normal' }}>
                  {p.name} · {t(PARTICIPANT_KIND_KEYS[p.kind])}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('hearing.agenda')}>
            <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{hearing.agenda}</span>
          </Descriptions.Item>
        </Descriptions>
        {manage && !recording && (
          <Space wrap style={{ marginTop: 16 }}>
            {hearing.minutesDue && (
              <Button type="primary" onClick={() => setRecording(true)} data-testid="record-hearing">
                {t('hearing.recordTitle')}
              </Button>
            )}
            <Button danger onClick={() => setCancelling(true)} data-testid="cancel-hearing">
              {t('hearing.cancelTitle')}
            </Button>
          </Space>
        )}
        {manage && !hearing.minutesDue && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('hearing.recordAfter')}
          </Typography.Paragraph>
        )}
      </Card>

      {recording && (
        <RecordForm hearing={hearing} onDone={done} onConflict={reload} onClose={() => setRecording(false)} />
      )}

      {hearing.status === 'held' && (
        <Card title={t('hearing.heldTitle')} data-testid="hearing-minutes-card">
          <Descriptions column={1} size="small" layout={narrow ? 'vertical' : 'horizontal'}>
            <Descriptions.Item label={t('hearing.heldAt')}>{formatDateTime(hearing.heldAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('hearing.attendance')}>
              <span data-testid="hearing-attendees">{(hearing.attendees ?? []).join('、') || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('hearing.minutes')}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="hearing-record-text">
                {hearing.record}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('hearing.outcome')}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="hearing-outcome-text">
                {hearing.outcome}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {hearing.status === 'cancelled' && (
        <Card title={t('hearing.status.cancelled')} data-testid="hearing-cancelled-card">
          <Typography.Text type="secondary">
            {t('hearing.cancelReason')}
            {t('mediation.colon')}
          </Typography.Text>
          <span style={{ overflowWrap: 'anywhere' }}>{hearing.outcome}</span>
        </Card>
      )}

      <Card
        title={t('hearing.notice')}
        extra={
          <Link to={`/hearings/${hearing.id}/notice`} data-testid="print-notice">
            {t('hearing.printNotice')}
          </Link>
        }
      >
        {hearing.notice ? (
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}
            data-testid="hearing-notice"
          >
            {hearing.notice}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('hearing.noNotice')}</Typography.Text>
        )}
      </Card>
      {cancelling && (
        <CancelDialog hearing={hearing} onDone={done} onConflict={reload} onClose={() => setCancelling(false)} />
      )}
    </Space>
  );
}
