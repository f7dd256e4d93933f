// 转办: hand-offs sent by and to the user's units. A court, police station or petition office
// follows the disputes it referred to a committee and reads the results; a court receipts the
// applications for judicial confirmation and the failed mediations sent to it, and answers them.
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, type Body } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { REFERRAL_KIND_LABELS, REFERRAL_RESULT_LABELS, REFERRAL_STATUS_LABELS, labelOf } from '../../shared/labels.ts';
import type { Referral } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { TitleText } from '../../shared/title-text.tsx';

type Box = 'sent' | 'received';

type ResultValues = Body<'/api/v1/referrals/{id}/result', 'post'>;

/** What a court answers (the committee's own hand-offs are answered by resolving the case). */
const COURT_OUTCOMES: readonly ResultValues['outcome'][] = [
  'confirmed',
  'rejected',
  'filed',
  'judged',
  'mediated',
  'withdrawn',
  'other',
];
const ANSWERED_HERE: readonly Referral['kind'][] = ['litigation', 'judicial_confirmation'];

const STATUS_COLOURS: Record<string, string> = { sent: 'gold', received: 'blue', returned: 'green' };

function ResultDialog({
  referral,
  onClose,
  onDone,
}: {
  referral: Referral;
  onClose: () => void;
  onDone: (next: Referral) => void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [form] = Form.useForm<ResultValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: ResultValues) => {
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api.POST('/api/v1/referrals/{id}/result', {
          params: { path: { id: referral.id } },
          body: { outcome: values.outcome, result: values.result.trim() },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('referrals.answerTitle', { number: referral.caseNumber })}
      okText={t('mediation.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'referral-result-submit' }}
      destroyOnHidden
    >
      {error !== null && <ErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="outcome"
          label={t('referrals.result')}
          rules={[{ required: true, message: t('mediation.required') }]}
        >
          <Select
            options={COURT_OUTCOMES.map((o) => ({ value: o, label: pick(REFERRAL_RESULT_LABELS[o]!) }))}
            data-testid="referral-outcome"
          />
        </Form.Item>
        <Form.Item
          name="result"
          label={t('referrals.resultText')}
          rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} data-testid="referral-result-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReferralTable({ box }: { box: Box }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const { me } = useSession();
  const loaded = useLoad(() => api.GET('/api/v1/referrals', { params: { query: { box, limit: 100 } } }), box);
  const [changed, setChanged] = useState<Record<number, Referral>>({});
  const [answering, setAnswering] = useState<Referral | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const answerable = (r: Referral) =>
    box === 'received' &&
    ANSWERED_HERE.includes(r.kind) &&
    r.status !== 'returned' &&
    (me?.memberships ?? []).some((m) => m.unitId === r.toUnitId && (m.role === 'department' || m.role === 'mediator'));

  const receipt = async (r: Referral) => {
    setBusy(r.id);
    try {
      const next = await api.POST('/api/v1/referrals/{id}/receipt', { params: { path: { id: r.id } } });
      setChanged((c) => ({ ...c, [r.id]: next }));
      void message.success(t('referrals.receipted'));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const items = (loaded.data?.items ?? []).map((r) => changed[r.id] ?? r);
  return (
    <>
      <Table<Referral>
        rowKey="id"
        loading={loaded.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: box === 'sent' ? t('referrals.noneSent') : t('referrals.noneReceived') }}
        scroll={{ x: 1500 }}
        onRow={(r) => ({ 'data-testid': 'referral-row', 'data-referral-id': r.id }) as object}
        columns={[
          {
            title: t('cases.number'),
            dataIndex: 'caseNumber',
            width: 190,
            render: (_: unknown, r) => <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link>,
          },
          { title: t('cases.title'), dataIndex: 'caseTitle', render: (title: string) => <TitleText text={title} /> },
          {
            title: t('referrals.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (kind: string) => pick(labelOf(REFERRAL_KIND_LABELS, kind)),
          },
          {
            title: box === 'sent' ? t('referrals.to') : t('referrals.from'),
            key: 'unit',
            width: 180,
            render: (_: unknown, r) => (box === 'sent' ? r.toUnitName : r.fromUnitName),
          },
          {
            title: t('referrals.externalRef'),
            dataIndex: 'externalRef',
            width: 170,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('referrals.sentAt'),
            dataIndex: 'sentAt',
            width: 150,
            render: (v: string) => formatDateTime(v, locale),
          },
          {
            title: t('referrals.deadline'),
            dataIndex: 'deadline',
            width: 130,
            render: (_: unknown, r) => (
              <>
                {formatDate(r.deadline, locale)}
                {r.overdue && (
                  <Tag color="red" style={{ marginLeft: 4 }}>
                    {t('cases.overdue')}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('cases.status'),
            dataIndex: 'status',
            width: 100,
            render: (status: string) => (
              <Tag color={STATUS_COLOURS[status]} data-testid="referral-status">
                {pick(labelOf(REFERRAL_STATUS_LABELS, status))}
              </Tag>
            ),
          },
          {
            title: t('referrals.result'),
            key: 'result',
            width: 240,
            render: (_: unknown, r) =>
              r.resultOutcome ? (
                <div data-testid="referral-result">
                  <Tag>{pick(labelOf(REFERRAL_RESULT_LABELS, r.resultOutcome))}</Tag>
                  <Typography.Text>{r.result}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{formatDateTime(r.returnedAt, locale)}</Typography.Text>
                  </div>
                </div>
              ) : (
                '—'
              ),
          },
          ...(box === 'received'
            ? [
                {
                  title: t('mediation.operations'),
                  key: 'actions',
                  width: 170,
                  fixed: 'right' as const,
                  render: (_: unknown, r: Referral) =>
                    answerable(r) ? (
                      <Space size={0}>
                        {r.status === 'sent' && (
                          <Button
                            type="link"
                            size="small"
                            loading={busy === r.id}
                            onClick={() => void receipt(r)}
                            data-testid="referral-receipt"
                          >
                            {t('referrals.receipt')}
                          </Button>
                        )}
                        <Button type="link" size="small" onClick={() => setAnswering(r)} data-testid="referral-answer">
                          {t('referrals.answer')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {answering && (
        <ResultDialog
          referral={answering}
          onClose={() => setAnswering(null)}
          onDone={(next) => {
            setChanged((c) => ({ ...c, [next.id]: next }));
            setAnswering(null);
            void message.success(t('referrals.answered'));
          }}
        />
      )}
    </>
  );
}

export default function ReferralsPage() {
  const { t } = useI18n();
  const { roles } = useSession();
  const [box, setBox] = useState<Box>(roles.includes('mediator') ? 'received' : 'sent');
  return (
    <Card data-testid="referrals-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('referrals.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('referrals.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as Box)}
        items={[
          { key: 'sent', label: t('referrals.sent'), children: box === 'sent' && <ReferralTable box="sent" /> },
          {
            key: 'received',
            label: t('referrals.receivedTab'),
            children: box === 'received' && <ReferralTable box="received" />,
          },
        ]}
      />
    </Card>
  );
}
