// 转办: hand-offs sent by and to the user's units, each with its steps (sent, receipted,
// answered) and who took them. A court, police station or petition office refers disputes to a
// committee here (委派调解) and follows their results; a committee receipts them by accepting the
// case; a court receipts applications for judicial confirmation and failed mediations, reads the
// agreement on the hand-off's own page, and answers. Cards at phone widths, a table on a desk.
import { App, Button, Card, Empty, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import type { Referral } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { REFERRAL_KIND_LABELS, REFERRAL_RESULT_LABELS, REFERRAL_STATUS_LABELS, labelOf } from '../../shared/labels.ts';
import { useLoad } from '../../shared/use-load.ts';
import { TitleText } from '../../shared/title-text.tsx';
import { useNarrow } from './narrow.ts';
import { ReferralSendDialog, refersDisputes } from './referral-send.tsx';
import { REFERRAL_STATUS_COLOURS, ReferralSteps, ResultDialog, useReferralCommands } from './referral-shared.tsx';

type Box = 'sent' | 'received';

function Commands({
  referral: r,
  commands,
  onAnswer,
}: {
  referral: Referral;
  commands: ReturnType<typeof useReferralCommands>;
  onAnswer: (r: Referral) => void;
}) {
  const { t } = useI18n();
  const busy = commands.busy === r.id;
  return (
    <>
      {commands.answerable(r) && r.status === 'sent' && (
        <Button
          type="link"
          size="small"
          loading={busy}
          onClick={() => void commands.receipt(r)}
          data-testid="referral-receipt"
        >
          {t('referrals.receipt')}
        </Button>
      )}
      {commands.answerable(r) && (
        <Button type="link" size="small" onClick={() => onAnswer(r)} data-testid="referral-answer">
          {t('referrals.answer')}
        </Button>
      )}
      {commands.acceptable(r) && (
        <Button
          type="link"
          size="small"
          loading={busy}
          onClick={() => void commands.accept(r)}
          data-testid="referral-accept"
        >
          {t('referral.accept')}
        </Button>
      )}
    </>
  );
}

function ReferralCard({
  referral: r,
  box,
  commands,
  onAnswer,
}: {
  referral: Referral;
  box: Box;
  commands: ReturnType<typeof useReferralCommands>;
  onAnswer: (r: Referral) => void;
}) {
  const { t, pick, locale } = useI18n();
  return (
    <div data-testid="referral-row" data-referral-id={r.id} style={{ width: '100%', minWidth: 0 }}>
      <Space size={8} wrap>
        <Tag color={REFERRAL_STATUS_COLOURS[r.status]} data-testid="referral-status">
          {pick(labelOf(REFERRAL_STATUS_LABELS, r.status))}
        </Tag>
        <Typography.Text strong>{pick(labelOf(REFERRAL_KIND_LABELS, r.kind))}</Typography.Text>
        {r.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
      </Space>
      <div style={{ overflowWrap: 'anywhere', marginTop: 4 }}>
        <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link> {r.caseTitle}
      </div>
      <div style={{ overflowWrap: 'anywhere' }}>
        <Typography.Text type="secondary">
          {box === 'sent' ? t('referrals.to') : t('referrals.from')}
          {t('mediation.colon')}
        </Typography.Text>
        {box === 'sent' ? r.toUnitName : r.fromUnitName}
      </div>
      {r.externalRef && (
        <div style={{ overflowWrap: 'anywhere' }}>
          <Typography.Text type="secondary">
            {t('referrals.externalRef')}
            {t('mediation.colon')}
          </Typography.Text>
          {r.externalRef}
        </div>
      )}
      {r.deadline && (
        <div>
          <Typography.Text type="secondary">
            {t('referrals.deadline')}
            {t('mediation.colon')}
          </Typography.Text>
          {formatDate(r.deadline, locale)}
        </div>
      )}
      <div style={{ marginTop: 8 }}>
        <ReferralSteps referral={r} vertical />
      </div>
      <Space size={0} wrap>
        <Link to={`/referrals/${r.id}`} data-testid="referral-open">
          <Button type="link" size="small">
            {r.kind === 'judicial_confirmation' && box === 'received'
              ? t('referral.readAgreement')
              : t('referral.open')}
          </Button>
        </Link>
        <Commands referral={r} commands={commands} onAnswer={onAnswer} />
      </Space>
    </div>
  );
}

function ReferralList({ box }: { box: Box }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const narrow = useNarrow();
  const loaded = useLoad(() => api.GET('/api/v1/referrals', { params: { query: { box, limit: 100 } } }), box);
  const [changed, setChanged] = useState<Record<number, Referral>>({});
  const [answering, setAnswering] = useState<Referral | null>(null);
  const commands = useReferralCommands((next) => setChanged((c) => ({ ...c, [next.id]: next })));

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const items = (loaded.data?.items ?? []).map((r) => changed[r.id] ?? r);
  const empty = box === 'sent' ? t('referrals.noneSent') : t('referrals.noneReceived');
  const dialog = answering && (
    <ResultDialog
      referral={answering}
      onClose={() => setAnswering(null)}
      onDone={(next) => {
        setChanged((c) => ({ ...c, [next.id]: next }));
        setAnswering(null);
        void message.success(t('referrals.answered'));
      }}
    />
  );
  if (narrow) {
    return (
      <>
        <List<Referral>
          loading={loaded.loading}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
          renderItem={(r) => (
            <List.Item key={r.id}>
              <ReferralCard referral={r} box={box} commands={commands} onAnswer={setAnswering} />
            </List.Item>
          )}
        />
        {dialog}
      </>
    );
  }
  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <ExportButton url="/api/v1/referrals" query={{ box }} fallbackName={`referrals-${box}.xlsx`} />
      </div>
      <Table<Referral>
        rowKey="id"
        loading={loaded.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: empty }}
        scroll={{ x: 1500 }}
        onRow={(r) => ({ 'data-testid': 'referral-row', 'data-referral-id': r.id }) as object}
        expandable={{
          expandedRowRender: (r) => <ReferralSteps referral={r} />,
          expandRowByClick: false,
        }}
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
              <Tag color={REFERRAL_STATUS_COLOURS[status]} data-testid="referral-status">
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
          {
            title: t('mediation.operations'),
            key: 'actions',
            width: 200,
            fixed: 'right' as const,
            render: (_: unknown, r: Referral) => (
              <Space size={0} wrap>
                <Link to={`/referrals/${r.id}`} data-testid="referral-open">
                  <Button type="link" size="small">
                    {r.kind === 'judicial_confirmation' && box === 'received'
                      ? t('referral.readAgreement')
                      : t('referral.open')}
                  </Button>
                </Link>
                <Commands referral={r} commands={commands} onAnswer={setAnswering} />
              </Space>
            ),
          },
        ]}
      />
      {dialog}
    </>
  );
}

/** The user's units that refer disputes into mediation (a court, a police station, a petition office). */
function useSenders() {
  const { me } = useSession();
  const ids = (me?.memberships ?? []).filter((m) => holds(m.role, 'referral:create')).map((m) => m.unitId);
  return useLoad(
    async () =>
      (await Promise.all(ids.map((id) => api.GET('/api/v1/units/{id}', { params: { path: { id } } })))).filter(
        refersDisputes,
      ),
    ids.join(','),
  );
}

export default function ReferralsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { roles } = useSession();
  const senders = useSenders();
  const [box, setBox] = useState<Box>(roles.includes('mediator') ? 'received' : 'sent');
  const [sending, setSending] = useState(false);
  const sender = senders.data?.[0];
  return (
    <Card data-testid="referrals-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('referrals.title')}
        </Typography.Title>
        {sender && (
          <Button type="primary" onClick={() => setSending(true)} data-testid="referral-send">
            {t('referral.send')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('referrals.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as Box)}
        items={[
          { key: 'sent', label: t('referrals.sent'), children: box === 'sent' && <ReferralList box="sent" /> },
          {
            key: 'received',
            label: t('referrals.receivedTab'),
            children: box === 'received' && <ReferralList box="received" />,
          },
        ]}
      />
      {sending && sender && (
        <ReferralSendDialog
          sender={sender}
          onClose={() => setSending(false)}
          onSent={(referral) => {
            setSending(false);
            void message.success(t('referral.sent'));
            navigate(`/referrals/${referral.id}`);
          }}
        />
      )}
    </Card>
  );
}
