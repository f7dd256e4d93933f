// 调解卷宗: parties, sessions, the agreement with its signatures and seal (and what is missing),
// making it effective, the .docx, and the countdown to the judicial-confirmation deadline.
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Modal,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, apiFile, saveBlob } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  AGREEMENT_STATUS_LABELS,
  MEDIATION_STATUS_LABELS,
  OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  SIGN_METHOD_LABELS,
  labelOf,
} from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import type { Agreement, MediationFile, Party } from '../../shared/types.ts';
import { useLoad } from '../../shared/use-load.ts';

type Signer = { signer: 'party'; party: Party } | { signer: 'mediator' } | { signer: 'committee' };

function signerOf(missing: string, parties: Party[]): Signer | null {
  if (missing === 'mediator' || missing === 'committee') return { signer: missing };
  const id = Number(/^party:(\d+)$/.exec(missing)?.[1]);
  const party = parties.find((p) => p.id === id);
  return party ? { signer: 'party', party } : null;
}

function AgreementCard({ file, onChanged }: { file: MediationFile; onChanged: (next: MediationFile) => void }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [partySigning, setPartySigning] = useState<Party | null>(null);
  const [method, setMethod] = useState<'signature' | 'fingerprint' | 'seal'>('signature');
  const agreement = file.agreement as Agreement;
  const work = file.abilities.work;

  const run = async (key: string, path: string, body?: Record<string, unknown>) => {
    setBusy(key);
    try {
      onChanged(await api<MediationFile>(`/api/v1/mediations/${file.id}${path}`, { method: 'POST', body: body ?? {} }));
      void message.success(t('mediation.saved'));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };
  const download = async () => {
    setBusy('docx');
    try {
      const { blob, fileName } = await apiFile(`/api/v1/mediations/${file.id}/agreement.docx`);
      saveBlob(blob, fileName ?? `${file.number}.docx`);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };
  const signerLabel = (s: Signer) =>
    s.signer === 'party'
      ? t('mediation.signParty', { name: s.party.name })
      : s.signer === 'mediator'
        ? t('mediation.signMediator')
        : t('mediation.sealCommittee');
  const missing = agreement.missingSignatures
    .map((m) => signerOf(m, file.parties))
    .filter((s): s is Signer => s !== null);

  return (
    <Card
      title={t('mediation.agreement')}
      extra={
        <Tag color={agreement.status === 'effective' ? 'green' : 'orange'} data-testid="agreement-status">
          {pick(labelOf(AGREEMENT_STATUS_LABELS, agreement.status))}
        </Tag>
      }
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('mediation.facts')}>{agreement.facts}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.issues')}>{agreement.issues}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.responsibilities')}>{agreement.responsibilities}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.terms')}>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {agreement.terms.map((term, i) => (
              <li key={i}>{term}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.performance')}>
          {agreement.performanceManner} · {formatDate(agreement.performanceDeadline, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.signatures')}>
          {agreement.signatures.length === 0
            ? t('mediation.noSignatures')
            : agreement.signatures.map((s, i) => (
                <div key={i}>
                  {s.name} · {pick(labelOf(SIGN_METHOD_LABELS, s.method))} · {formatDateTime(s.signedAt, locale)}
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.missing')}>
          <span data-testid="agreement-missing">
            {missing.length === 0 ? t('mediation.noneMissing') : missing.map(signerLabel).join('、')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {agreement.status === 'effective' && agreement.confirmationDaysLeft !== null && (
        <Card size="small" style={{ marginTop: 16, background: '#fffbe6' }} data-testid="confirmation-countdown">
          <Statistic
            title={t('mediation.confirmationDeadline', { date: formatDate(agreement.confirmationDeadline, locale) })}
            value={agreement.confirmationDaysLeft}
            suffix={t('mediation.days')}
          />
        </Card>
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {work &&
          agreement.status === 'draft' &&
          missing.map((s) => (
            <Button
              key={s.signer === 'party' ? `party-${s.party.id}` : s.signer}
              loading={busy === signerLabel(s)}
              data-testid={`sign-${s.signer}`}
              onClick={() => {
                if (s.signer === 'party') {
                  setMethod(s.party.kind === 'organisation' ? 'seal' : 'signature');
                  setPartySigning(s.party);
                } else {
                  void run(signerLabel(s), '/agreement/signatures', { signer: s.signer });
                }
              }}
            >
              {t('mediation.record', { what: signerLabel(s) })}
            </Button>
          ))}
        {work && agreement.status === 'draft' && (
          <Button
            type="primary"
            disabled={missing.length > 0}
            loading={busy === 'effective'}
            data-testid="make-effective"
            onClick={() => void run('effective', '/agreement/effective')}
          >
            {t('mediation.makeEffective')}
          </Button>
        )}
        {work && (
          <Button loading={busy === 'docx'} onClick={() => void download()} data-testid="download-docx">
            {t('mediation.downloadDocx')}
          </Button>
        )}
      </Space>
      {partySigning && (
        <Modal
          open
          title={t('mediation.record', { what: t('mediation.signParty', { name: partySigning.name }) })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onCancel={() => setPartySigning(null)}
          onOk={() => {
            const party = partySigning;
            setPartySigning(null);
            void run(signerLabel({ signer: 'party', party }), '/agreement/signatures', {
              signer: 'party',
              partyId: party.id,
              method,
            });
          }}
        >
          <Radio.Group
            value={method}
            onChange={(e) => setMethod(e.target.value as typeof method)}
            options={(['signature', 'fingerprint', 'seal'] as const).map((m) => ({
              value: m,
              label: pick(SIGN_METHOD_LABELS[m]!),
            }))}
          />
        </Modal>
      )}
    </Card>
  );
}

export default function MediationPage({ byCase }: { byCase?: boolean }) {
  const { id } = useParams();
  const { t, pick, locale } = useI18n();
  const path = byCase ? `/api/v1/cases/${id ?? ''}/mediation` : `/api/v1/mediations/${id ?? ''}`;
  const loaded = useLoad(() => api<MediationFile>(path), path);
  const [current, setCurrent] = useState<MediationFile | null>(null);
  const file = current && current.id === loaded.data?.id ? current : loaded.data;

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!file) return <PageLoading />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="mediation-file">
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="mediation-number">
          {file.number}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('cases.status')}>
            <Tag>{pick(labelOf(MEDIATION_STATUS_LABELS, file.status))}</Tag>
            {file.outcome && <Tag>{pick(labelOf(OUTCOME_LABELS, file.outcome))}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.case')}>
            <Link to={`/cases/${file.case.id}`} style={{ whiteSpace: 'nowrap' }}>
              {file.case.number}
            </Link>{' '}
            {file.case.title}
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.committee')}>{file.committee.name}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.mediators')}>
            {[file.leadMediator?.name, ...file.assistMediators.map((m) => m.name)].filter(Boolean).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.deadline')}>
            {formatDate(file.deadline, locale)}
            {file.daysLeft !== null &&
              file.status === 'open' &&
              ` · ${t('mediation.daysLeft', { days: file.daysLeft })}`}
            {file.overdue && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                {t('cases.overdue')}
              </Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={12}>
          <Card title={t('mediation.parties')}>
            <Table<Party>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={file.parties}
              locale={{ emptyText: t('mediation.noParties') }}
              columns={[
                {
                  title: t('mediation.partyRole'),
                  dataIndex: 'role',
                  render: (r: string) => pick(labelOf(PARTY_ROLE_LABELS, r)),
                },
                { title: t('mediation.partyName'), dataIndex: 'name' },
                { title: t('mediation.partyPhone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </Card>
          <Card title={t('mediation.sessions')} style={{ marginTop: 24 }}>
            {file.sessions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noSessions')} />
            ) : (
              <Timeline
                items={file.sessions.map((s) => ({
                  key: s.id,
                  children: (
                    <div>
                      <Typography.Text strong>
                        {t('mediation.sessionNo', { n: s.seq })} · {formatDateTime(s.heldAt, locale)} · {s.place}
                      </Typography.Text>
                      <div>{s.record}</div>
                      {s.agreed && (
                        <Typography.Text type="secondary">
                          {t('mediation.agreed')}：{s.agreed}
                        </Typography.Text>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          {file.agreement ? (
            <AgreementCard file={file} onChanged={setCurrent} />
          ) : (
            <Card title={t('mediation.agreement')}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noAgreement')} />
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
