// /psych-referrals/:id: one referral. Its referrer sees what was sent and where it stands; a member
// of the psychological service team also sees the assessment and follow-ups and works it — shows
// the number (audited, hidden again after 20 s), records the first contact with the assessment
// (低/中/高/危机), follow-ups and the closing. Each command answers with the referral as it is now.
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  PSYCH_ASSESSMENT_LABELS,
  PSYCH_ASSESSMENT_LEVELS,
  PSYCH_STATUS_LABELS,
  PSYCH_URGENCY_LABELS,
  type PsychAssessmentLevel,
} from '../../../../common/psych.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { ASSESSMENT_COLOURS, STATUS_COLOURS, URGENCY_COLOURS } from './psych-labels.ts';

type Referral = Answer<'/api/v1/psych-referrals/{id}'>;

const REVEAL_MS = 20_000;

function AssessmentSelect(props: {
  value?: PsychAssessmentLevel;
  onChange?: (v: PsychAssessmentLevel) => void;
  testId: string;
  allowClear?: boolean;
  placeholder?: string;
}) {
  const { pick } = useI18n();
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      data-testid={props.testId}
      options={PSYCH_ASSESSMENT_LEVELS.map((level) => ({
        value: level,
        label: pick(PSYCH_ASSESSMENT_LABELS[level]),
      }))}
    />
  );
}

export default function ReferralPage() {
  const { id } = useParams();
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const loaded = useLoad(
    () => api.GET('/api/v1/psych-referrals/{id}', { params: { path: { id: Number(id) } } }),
    id ?? '',
  );
  const [referral, setReferral] = useState<Referral | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [contactForm] = Form.useForm<{ assessmentLevel: PsychAssessmentLevel; note?: string }>();
  const [followForm] = Form.useForm<{ date: Dayjs; note: string; assessmentLevel?: PsychAssessmentLevel }>();
  const [closeForm] = Form.useForm<{ note: string }>();

  useEffect(() => {
    if (loaded.data) setReferral(loaded.data);
  }, [loaded.data]);
  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [revealed]);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!referral) return <PageLoading />;
  const path = { id: referral.id };

  /** Runs one command; the answer is the referral as it is now. */
  const run = async (name: string, command: () => Promise<Referral>, after?: () => void) => {
    setBusy(name);
    try {
      setReferral(await command());
      after?.();
      void message.success(t('psych.detail.saved'));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };

  const reveal = async () => {
    setBusy('reveal');
    try {
      const answer = await api.POST('/api/v1/psych-referrals/{id}/reveal', { params: { path }, body: {} });
      setRevealed(answer.phone);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };

  const work = referral.abilities.work;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 880 }}>
      <Card
        title={t('psych.detail.title')}
        extra={<Link to="/psych-referrals">{t('psych.list.title')}</Link>}
        data-testid="psych-referral"
      >
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('psych.field.person')}>
            <span data-testid="psych-person">{referral.personName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('psych.field.phone')}>
            <Space wrap>
              <span data-testid="psych-phone-value">{revealed ?? referral.phone ?? '—'}</span>
              {referral.phone && referral.abilities.revealPhone && revealed === null && (
                <Button
                  size="small"
                  loading={busy === 'reveal'}
                  onClick={() => void reveal()}
                  title={t('psych.detail.revealHint')}
                  data-testid="psych-reveal"
                >
                  {t('psych.detail.reveal')}
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('psych.field.status')}>
            <Space size={4} wrap>
              <Tag color={URGENCY_COLOURS[referral.urgency]}>{pick(PSYCH_URGENCY_LABELS[referral.urgency])}</Tag>
              <Tag color={STATUS_COLOURS[referral.status]} data-testid="psych-status">
                {pick(PSYCH_STATUS_LABELS[referral.status])}
              </Tag>
              {referral.overdueWarnedAt && referral.status === 'referred' && (
                <Tag color="red">{t('psych.overdue')}</Tag>
              )}
            </Space>
          </Descriptions.Item>
          {referral.abilities.readCaseNotes && (
            <Descriptions.Item label={t('psych.field.assessment')}>
              {referral.assessmentLevel ? (
                <Tag color={ASSESSMENT_COLOURS[referral.assessmentLevel]} data-testid="psych-assessment">
                  {pick(PSYCH_ASSESSMENT_LABELS[referral.assessmentLevel])}
                </Tag>
              ) : (
                '—'
              )}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('psych.field.reason')}>
            <Typography.Text
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid="psych-reason-text"
            >
              {referral.reason}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('psych.field.referrer')}>
            {referral.referrer.name}（{referral.referrerUnitName}）
          </Descriptions.Item>
          <Descriptions.Item label={t('psych.field.team')}>{referral.teamName}</Descriptions.Item>
          {referral.caseNumber && (
            <Descriptions.Item label={t('psych.field.case')}>{referral.caseNumber}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('psych.field.createdAt')}>
            {formatDateTime(referral.createdAt, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('psych.field.contactedAt')}>
            <span data-testid="psych-contacted-at">
              {formatDateTime(referral.contactedAt, locale)}
              {referral.contactedBy ? ` · ${referral.contactedBy.name}` : ''}
            </span>
          </Descriptions.Item>
          {referral.contactNote && (
            <Descriptions.Item label={t('psych.field.note')}>{referral.contactNote}</Descriptions.Item>
          )}
          {referral.closedAt && (
            <Descriptions.Item label={t('psych.field.closeNote')}>
              {formatDateTime(referral.closedAt, locale)}
              {referral.closedBy ? ` · ${referral.closedBy.name}` : ''}
              {referral.closeNote ? ` · ${referral.closeNote}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
        {!referral.abilities.readCaseNotes && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('psych.detail.referrerView')}
          </Typography.Paragraph>
        )}
      </Card>

      {work && referral.status === 'referred' && (
        <Card title={t('psych.detail.contact')} data-testid="psych-contact-card">
          <Form
            form={contactForm}
            layout="vertical"
            onFinish={(values) =>
              void run('contact', () =>
                api.POST('/api/v1/psych-referrals/{id}/contact', {
                  params: { path },
                  body: {
                    assessmentLevel: values.assessmentLevel,
                    ...(values.note?.trim() ? { note: values.note.trim() } : {}),
                  },
                }),
              )
            }
          >
            <Form.Item
              name="assessmentLevel"
              label={t('psych.field.assessment')}
              rules={[{ required: true, message: t('psych.form.required') }]}
            >
              <AssessmentSelect testId="psych-contact-assessment" />
            </Form.Item>
            <Form.Item name="note" label={t('psych.field.note')}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="psych-contact-note" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy === 'contact'} data-testid="psych-contact-save">
              {t('psych.detail.contactSave')}
            </Button>
          </Form>
        </Card>
      )}

      {referral.abilities.readCaseNotes && (
        <Card title={t('psych.detail.followUps')} data-testid="psych-follow-ups">
          {referral.followUps.length === 0 ? (
            <Empty description={t('psych.detail.noFollowUps')} />
          ) : (
            <List
              dataSource={referral.followUps}
              renderItem={(f) => (
                <List.Item data-testid="psych-follow-up">
                  <Space direction="vertical" size={2}>
                    <Space size={4} wrap>
                      <Typography.Text strong>{f.date}</Typography.Text>
                      {f.assessmentLevel && (
                        <Tag color={ASSESSMENT_COLOURS[f.assessmentLevel]}>
                          {pick(PSYCH_ASSESSMENT_LABELS[f.assessmentLevel])}
                        </Tag>
                      )}
                      <Typography.Text type="secondary">{f.recordedBy.name}</Typography.Text>
                    </Space>
                    <Typography.Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {f.note}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
          {work && referral.status === 'contacted' && (
            <Form
              form={followForm}
              layout="vertical"
              style={{ marginTop: 16 }}
              initialValues={{ date: dayjs() }}
              onFinish={(values) =>
                void run(
                  'follow-up',
                  () =>
                    api.POST('/api/v1/psych-referrals/{id}/follow-ups', {
                      params: { path },
                      body: {
                        date: values.date.format('YYYY-MM-DD'),
                        note: values.note,
                        ...(values.assessmentLevel ? { assessmentLevel: values.assessmentLevel } : {}),
                      },
                    }),
                  () => followForm.resetFields(),
                )
              }
            >
              <Typography.Title level={5}>{t('psych.detail.addFollowUp')}</Typography.Title>
              <Form.Item
                name="date"
                label={t('psych.field.date')}
                rules={[{ required: true, message: t('psych.form.required') }]}
              >
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="psych-follow-date" />
              </Form.Item>
              <Form.Item
                name="note"
                label={t('psych.field.note')}
                rules={[{ required: true, whitespace: true, message: t('psych.form.required') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} data-testid="psych-follow-note" />
              </Form.Item>
              <Form.Item name="assessmentLevel" label={t('psych.field.assessment')}>
                <AssessmentSelect
                  testId="psych-follow-assessment"
                  allowClear
                  placeholder={t('psych.detail.keepAssessment')}
                />
              </Form.Item>
              <Button htmlType="submit" loading={busy === 'follow-up'} data-testid="psych-follow-save">
                {t('psych.detail.addFollowUp')}
              </Button>
            </Form>
          )}
        </Card>
      )}

      {work && (
        <Card title={t('psych.detail.close')} data-testid="psych-close-card">
          <Form
            form={closeForm}
            layout="vertical"
            onFinish={(values) =>
              void run('close', () =>
                api.POST('/api/v1/psych-referrals/{id}/close', { params: { path }, body: { note: values.note } }),
              )
            }
          >
            <Form.Item
              name="note"
              label={t('psych.field.closeNote')}
              rules={[{ required: true, whitespace: true, message: t('psych.form.required') }]}
            >
              <Input.TextArea rows={2} maxLength={2000} data-testid="psych-close-note" />
            </Form.Item>
            <Button danger htmlType="submit" loading={busy === 'close'} data-testid="psych-close">
              {t('psych.detail.closeConfirm')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
