// How the mediation ends and what follows: the outcome (agreement, no agreement, withdrawn) that
// resolves the case, follow-up visits on whether the agreement is kept, the joint application for
// judicial confirmation within 30 days of it taking effect, a failed mediation sent on to court,
// and the hand-offs of the case with their answers.
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  OUTCOME_LABELS,
  PERFORMANCE_LABELS,
  REFERRAL_KIND_LABELS,
  REFERRAL_RESULT_LABELS,
  REFERRAL_STATUS_LABELS,
  labelOf,
} from '../../shared/labels.ts';
import type { MediationFile } from '../../shared/api-types.ts';
import { FileFormModal, type FileContext } from './file-command.tsx';
import { useNarrow } from './narrow.ts';

type Dialog = 'outcome' | 'follow-up' | 'confirmation' | 'court' | null;

interface OutcomeValues {
  outcome: 'agreement' | 'no_agreement' | 'withdrawn';
  note?: string;
}

function OutcomeDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<OutcomeValues>();
  const { file } = context;
  const effective = file.agreement?.status === 'effective';
  const outcome = Form.useWatch('outcome', form);
  return (
    <FileFormModal<OutcomeValues>
      context={context}
      form={form}
      title={t('mediation.recordOutcome')}
      testId="outcome-form"
      done="mediation.outcomeRecorded"
      initialValues={{ outcome: effective ? 'agreement' : 'no_agreement' }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/outcome', {
          params: { path: { id: file.id } },
          body: {
            outcome: v.outcome,
            caseVersion: file.case.version,
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          },
        })
      }
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('mediation.outcomeHint')}</Typography.Paragraph>
      <Form.Item name="outcome" label={t('mediation.outcome')} rules={[{ required: true }]}>
        <Radio.Group data-testid="outcome-choice">
          {Object.entries(OUTCOME_LABELS).map(([value, label]) => (
            <Radio key={value} value={value} disabled={value === 'agreement' && !effective}>
              {pick(label)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {!effective && (
        <Typography.Paragraph type="secondary">{t('mediation.outcomeNeedsEffective')}</Typography.Paragraph>
      )}
      <Form.Item
        name="note"
        label={outcome === 'agreement' ? t('mediation.noteOptional') : t('mediation.outcomeNote')}
        rules={[{ required: outcome !== 'agreement', whitespace: true, message: t('mediation.outcomeNoteRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="outcome-note" />
      </Form.Item>
    </FileFormModal>
  );
}

interface FollowUpValues {
  performance: 'kept' | 'partly_kept' | 'broken';
  note: string;
}

function FollowUpDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<FollowUpValues>();
  return (
    <FileFormModal<FollowUpValues>
      context={context}
      form={form}
      title={t('mediation.recordFollowUp')}
      testId="follow-up-form"
      done="mediation.followUpRecorded"
      initialValues={{ performance: 'kept' }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/follow-ups', {
          params: { path: { id: context.file.id } },
          body: { performance: v.performance, note: v.note.trim() },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="performance" label={t('mediation.performanceState')} rules={[{ required: true }]}>
        <Radio.Group
          options={(['kept', 'partly_kept', 'broken'] as const).map((value) => ({
            value,
            label: pick(PERFORMANCE_LABELS[value]!),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('mediation.followUpNote')}
        rules={[
          { required: true, whitespace: true, message: t('mediation.required') },
          { min: 2, message: t('mediation.atLeast', { n: 2 }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="follow-up-note" />
      </Form.Item>
    </FileFormModal>
  );
}

function CourtDialog({
  context,
  kind,
  onClose,
}: {
  context: FileContext;
  kind: 'confirmation' | 'court';
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ note?: string }>();
  const deadline = context.file.agreement?.confirmationDeadline ?? null;
  return (
    <FileFormModal<{ note?: string }>
      context={context}
      form={form}
      title={kind === 'confirmation' ? t('mediation.applyConfirmation') : t('mediation.referToCourt')}
      testId={kind === 'confirmation' ? 'confirmation-form' : 'court-form'}
      done={kind === 'confirmation' ? 'mediation.confirmationSent' : 'mediation.courtSent'}
      send={(v) =>
        api.POST(
          kind === 'confirmation'
            ? '/api/v1/mediations/{id}/judicial-confirmation'
            : '/api/v1/mediations/{id}/refer-to-court',
          {
            params: { path: { id: context.file.id } },
            body: v.note?.trim() ? { note: v.note.trim() } : {},
          },
        )
      }
      onClose={onClose}
    >
      <Typography.Paragraph>
        {kind === 'confirmation'
          ? t('mediation.applyConfirmationHint', { date: formatDate(deadline, locale) })
          : t('mediation.referToCourtHint')}
      </Typography.Paragraph>
      <Form.Item name="note" label={t('mediation.noteOptional')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="court-note" />
      </Form.Item>
    </FileFormModal>
  );
}

const pendingReferral = (file: MediationFile, kind: string) =>
  file.referrals.some((r) => r.kind === kind && r.status !== 'returned');

export function ConclusionCard({ context, editable }: { context: FileContext; editable: boolean }) {
  const { t, pick, locale } = useI18n();
  const narrow = useNarrow();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { file } = context;
  const work = file.abilities.work;
  const agreement = file.agreement;
  const effective = agreement?.status === 'effective';
  const mayConfirm =
    work &&
    effective &&
    agreement.form === 'written' &&
    (agreement.confirmationDaysLeft ?? -1) >= 0 &&
    !file.referrals.some((r) => r.kind === 'judicial_confirmation' && r.resultOutcome !== 'rejected');
  const mayReferToCourt = work && file.outcome === 'no_agreement' && !pendingReferral(file, 'litigation');

  return (
    <Card title={t('mediation.conclusion')} data-testid="conclusion-card">
      {file.status === 'concluded' ? (
        <Descriptions
          column={1}
          size="small"
          bordered
          layout={narrow ? 'vertical' : 'horizontal'}
          styles={{ label: { whiteSpace: 'nowrap' } }}
        >
          <Descriptions.Item label={t('mediation.outcome')}>
            {file.outcome ? (
              <Tag color={file.outcome === 'agreement' ? 'green' : 'default'} data-testid="file-outcome">
                {pick(labelOf(OUTCOME_LABELS, file.outcome))}
              </Tag>
            ) : (
              t('mediation.stopped')
            )}
          </Descriptions.Item>
          {file.outcomeNote && (
            <Descriptions.Item label={t('mediation.outcomeNote')}>{file.outcomeNote}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('mediation.concludedAt')}>
            {formatDateTime(file.outcomeAt, locale)}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary">{t('mediation.notConcluded')}</Typography.Paragraph>
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {editable && (
          <Button type="primary" onClick={() => setDialog('outcome')} data-testid="record-outcome">
            {t('mediation.recordOutcome')}
          </Button>
        )}
        {work && effective && (
          <Button onClick={() => setDialog('follow-up')} data-testid="record-follow-up">
            {t('mediation.recordFollowUp')}
          </Button>
        )}
        {mayConfirm && (
          <Button onClick={() => setDialog('confirmation')} data-testid="apply-confirmation">
            {t('mediation.applyConfirmation')}
          </Button>
        )}
        {mayReferToCourt && (
          <Button onClick={() => setDialog('court')} data-testid="refer-to-court">
            {t('mediation.referToCourt')}
          </Button>
        )}
      </Space>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('mediation.followUps')}
      </Typography.Title>
      {file.followUps.length === 0 ? (
        <Typography.Text type="secondary">{t('mediation.noFollowUps')}</Typography.Text>
      ) : (
        file.followUps.map((f) => (
          <div key={f.id} data-testid="follow-up-entry" style={{ marginBottom: 8 }}>
            <Tag>{pick(labelOf(PERFORMANCE_LABELS, f.performance))}</Tag>
            <Typography.Text type="secondary">{formatDateTime(f.visitedAt, locale)}</Typography.Text>
            <div>{f.note}</div>
          </div>
        ))
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('mediation.referrals')}
      </Typography.Title>
      {file.referrals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noReferrals')} />
      ) : narrow ? (
        <List
          size="small"
          dataSource={file.referrals}
          renderItem={(r) => (
            <List.Item key={r.id} style={{ display: 'block', overflowWrap: 'anywhere' }}>
              <Space size={6} wrap>
                <Tag data-testid="referral-status">{pick(labelOf(REFERRAL_STATUS_LABELS, r.status))}</Tag>
                <Typography.Text strong>{pick(labelOf(REFERRAL_KIND_LABELS, r.kind))}</Typography.Text>
              </Space>
              <div>
                {r.fromUnitName} → {r.toUnitName}
              </div>
              <Typography.Text type="secondary">{formatDateTime(r.sentAt, locale)}</Typography.Text>
              {r.resultOutcome && (
                <div>
                  {pick(labelOf(REFERRAL_RESULT_LABELS, r.resultOutcome))} {r.result ?? ''}
                </div>
              )}
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={file.referrals}
          scroll={{ x: 560 }}
          columns={[
            {
              title: t('referrals.kind'),
              dataIndex: 'kind',
              render: (kind: string) => pick(labelOf(REFERRAL_KIND_LABELS, kind)),
            },
            {
              title: t('referrals.between'),
              key: 'units',
              render: (_: unknown, r) => `${r.fromUnitName} → ${r.toUnitName}`,
            },
            { title: t('referrals.sentAt'), dataIndex: 'sentAt', render: (v: string) => formatDateTime(v, locale) },
            {
              title: t('cases.status'),
              dataIndex: 'status',
              render: (status: string) => (
                <Tag data-testid="referral-status">{pick(labelOf(REFERRAL_STATUS_LABELS, status))}</Tag>
              ),
            },
            {
              title: t('referrals.result'),
              key: 'result',
              render: (_: unknown, r) =>
                r.resultOutcome ? `${pick(labelOf(REFERRAL_RESULT_LABELS, r.resultOutcome))} ${r.result ?? ''}` : '—',
            },
          ]}
        />
      )}
      {effective && (agreement.confirmationDaysLeft ?? 0) < 0 && work && (
        <Alert type="info" showIcon style={{ marginTop: 16 }} message={t('mediation.confirmationClosed')} />
      )}
      {dialog === 'outcome' && <OutcomeDialog context={context} onClose={() => setDialog(null)} />}
      {dialog === 'follow-up' && <FollowUpDialog context={context} onClose={() => setDialog(null)} />}
      {(dialog === 'confirmation' || dialog === 'court') && (
        <CourtDialog context={context} kind={dialog} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}
