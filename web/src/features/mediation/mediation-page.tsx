// 调解卷宗: the file of one dispute in mediation — parties, sessions, the time limit and its
// extension, the agreement with its signatures and seal, the outcome that resolves the case,
// follow-ups and hand-offs to court. Controls appear only for the committee's mediators
// (`abilities.work`) and only while the file and the case allow them; others read.
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { CheckList } from '../../shared/check-list.tsx';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  MEDIATION_STATUS_LABELS,
  OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  STATUS_COLOURS,
  STATUS_LABELS,
  labelOf,
} from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import type { MediationFile } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { AgreementCard, isSigned } from './agreement-card.tsx';
import { ConclusionCard } from './conclusion-card.tsx';
import { FileFormModal, type FileContext } from './file-command.tsx';
import { beijingDay, dayOf } from './file-dates.ts';
import { RegisterFileButton, mayRegisterFile } from './mediation-entry.tsx';
import { PartiesCard } from './parties-card.tsx';
import { SessionsCard } from './sessions-card.tsx';
import { useNarrow } from './narrow.ts';
import { LegalBasesCard } from '../legal/legal-bases-card.tsx';

interface ExtensionValues {
  until: Dayjs;
  consent: string;
  partyIds: number[];
}

function ExtensionDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<ExtensionValues>();
  const { file } = context;
  const current = beijingDay(file.deadline);
  const sides = file.parties.filter((p) => p.role !== 'third_party').map((p) => p.id);
  return (
    <FileFormModal<ExtensionValues>
      context={context}
      form={form}
      title={t('mediation.extend')}
      testId="extension-form"
      done="mediation.extended"
      initialValues={{ partyIds: [] }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/extension', {
          params: { path: { id: file.id } },
          body: { until: dayOf(v.until), consent: v.consent.trim(), partyIds: v.partyIds },
        })
      }
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">
        {t('mediation.extendHint', { date: formatDate(file.deadline, locale) })}
      </Typography.Paragraph>
      <Form.Item
        name="until"
        label={t('mediation.extendUntil')}
        rules={[{ required: true, message: t('mediation.chooseDate') }]}
      >
        <DatePicker
          placeholder={t('mediation.chooseDate')}
          disabledDate={(d) => d.format('YYYY-MM-DD') <= current}
          data-testid="extension-until"
        />
      </Form.Item>
      <Form.Item
        name="consent"
        label={t('mediation.consent')}
        rules={[
          { required: true, whitespace: true, message: t('mediation.required') },
          { min: 2, message: t('mediation.atLeast', { n: 2 }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} placeholder={t('mediation.consentPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="partyIds"
        label={t('mediation.consentingParties')}
        rules={[
          {
            validator: (_, ids: number[] | undefined) =>
              sides.every((id) => (ids ?? []).includes(id))
                ? Promise.resolve()
                : Promise.reject(new Error(t('mediation.consentAll'))),
          },
        ]}
      >
        <CheckList
          options={file.parties.map((p) => ({
            value: p.id,
            label: `${p.name}（${pick(labelOf(PARTY_ROLE_LABELS, p.role))}）`,
          }))}
        />
      </Form.Item>
    </FileFormModal>
  );
}

function DeadlineText({ file }: { file: MediationFile }) {
  const { t, locale } = useI18n();
  return (
    <span data-testid="file-deadline">
      {formatDate(file.deadline, locale)}
      {file.status === 'open' && file.daysLeft !== null && !file.overdue && (
        <Tag color={file.daysLeft <= 5 ? 'orange' : 'blue'} style={{ marginLeft: 8 }}>
          {t('mediation.daysLeft', { days: file.daysLeft })}
        </Tag>
      )}
      {file.overdue && (
        <Tag color="red" style={{ marginLeft: 8 }}>
          {t('mediation.overdueBy', { days: Math.max(1, -(file.daysLeft ?? 0)) })}
        </Tag>
      )}
    </span>
  );
}

function FileView({ context }: { context: FileContext }) {
  const { t, pick, locale } = useI18n();
  const narrow = useNarrow();
  const [extending, setExtending] = useState(false);
  const { file } = context;
  const work = file.abilities.work;
  // The server refuses work on a concluded file or a case no longer in progress (MEDIATION_CLOSED).
  const open = file.status === 'open' && file.case.status === 'in_progress';
  const editable = work && open;
  const sides = file.parties.some((p) => p.role === 'applicant') && file.parties.some((p) => p.role === 'respondent');

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="mediation-file"
      data-file-id={file.id}
    >
      <Card>
        <Row justify="space-between" align="middle" gutter={[16, 16]}>
          <Col>
            <Typography.Title level={narrow ? 4 : 3} style={{ margin: 0 }} data-testid="mediation-number">
              {file.number}
            </Typography.Title>
            <Space style={{ marginTop: 8 }} wrap>
              <Tag color={file.status === 'open' ? 'blue' : 'default'} data-testid="file-status">
                {pick(labelOf(MEDIATION_STATUS_LABELS, file.status))}
              </Tag>
              {file.outcome && <Tag>{pick(labelOf(OUTCOME_LABELS, file.outcome))}</Tag>}
              <Typography.Text type="secondary">{t('mediation.caseStatus')}</Typography.Text>
              <Tag color={STATUS_COLOURS[file.case.status]} data-testid="file-case-status">
                {pick(STATUS_LABELS[file.case.status])}
              </Tag>
            </Space>
          </Col>
          {editable && (
            <Col>
              <Tooltip title={sides ? undefined : t('mediation.extendNeedsParties')}>
                <Button disabled={!sides} onClick={() => setExtending(true)} data-testid="extend-deadline">
                  {t('mediation.extend')}
                </Button>
              </Tooltip>
            </Col>
          )}
        </Row>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          style={{ marginTop: 16 }}
          layout={narrow ? 'vertical' : 'horizontal'}
        >
          <Descriptions.Item label={t('mediation.case')} span={{ xs: 1, md: 2 }}>
            <span style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/cases/${file.case.id}`} style={{ whiteSpace: 'nowrap' }} data-testid="file-case-link">
                {file.case.number}
              </Link>
              <span style={{ marginLeft: 8 }}>{file.case.title}</span>
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.committee')}>{file.committee.name}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.mediators')}>
            {[file.leadMediator?.name, ...file.assistMediators.map((m) => m.name)].filter(Boolean).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.registeredAt')}>
            {formatDateTime(file.registeredAt, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('mediation.deadline')}>
            <DeadlineText file={file} />
          </Descriptions.Item>
          {file.extension && (
            <Descriptions.Item label={t('mediation.extension')}>
              {t('mediation.extensionText', {
                from: formatDate(file.extension.from, locale),
                to: formatDate(file.extension.to, locale),
              })}
              {t('mediation.colon')}
              {file.extension.consent}
            </Descriptions.Item>
          )}
        </Descriptions>
        {!work && <Alert type="info" showIcon style={{ marginTop: 16 }} message={t('mediation.readOnly')} />}
        {work && !open && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="file-closed"
            message={file.status === 'open' ? t('mediation.caseNotInProgress') : t('mediation.fileConcluded')}
          />
        )}
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <PartiesCard context={context} editable={editable} fixed={isSigned(file)} />
            <SessionsCard context={context} editable={editable} />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <AgreementCard context={context} editable={editable} />
            <LegalBasesCard context={context} editable={editable} fixed={isSigned(file)} />
            <ConclusionCard context={context} editable={editable} />
          </Space>
        </Col>
      </Row>
      {extending && <ExtensionDialog context={context} onClose={() => setExtending(false)} />}
    </Space>
  );
}

/** A dispute the committee handles without a file yet: its mediator registers one here. */
function NoFile({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  const { me } = useSession();
  const loaded = useLoad(() => api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }), String(caseId));
  const [registered, setRegistered] = useState<MediationFile | null>(null);
  if (registered) return <Navigate to={`/mediations/${registered.id}`} replace />;
  if (loaded.loading) return <PageLoading />;
  const record = loaded.data;
  if (!record) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const mayRegister = mayRegisterFile(record, me);
  return (
    <Card>
      <Result
        status="info"
        title={t('mediation.noFileTitle')}
        subTitle={mayRegister ? t('mediation.noFileRegister') : t('mediation.noFileText')}
        extra={
          <Space>
            <Link to={`/cases/${record.id}`}>
              <Button>{t('mediation.backToCase')}</Button>
            </Link>
            {mayRegister && <RegisterFileButton caseId={record.id} onRegistered={setRegistered} />}
          </Space>
        }
      />
    </Card>
  );
}

export default function MediationPage({ byCase }: { byCase?: boolean }) {
  const { id } = useParams();
  const routeId = Number(id);
  const loaded = useLoad(
    () =>
      byCase
        ? api.GET('/api/v1/cases/{id}/mediation', { params: { path: { id: routeId } } })
        : api.GET('/api/v1/mediations/{id}', { params: { path: { id: routeId } } }),
    `${byCase ? 'case' : 'file'}-${id ?? ''}`,
  );
  const [current, setCurrent] = useState<MediationFile | null>(null);
  const data = loaded.data;
  const file = current && data && current.id === data.id && current.version >= data.version ? current : data;

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  // The case has no file yet (the API answers null).
  if (byCase && data === null) return <NoFile caseId={routeId} />;
  if (!file) return <PageLoading />;
  const context: FileContext = {
    file,
    onChanged: setCurrent,
    onReload: () => {
      setCurrent(null);
      loaded.reload();
    },
  };
  return <FileView context={context} />;
}
