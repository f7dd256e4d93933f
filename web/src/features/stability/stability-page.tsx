// 稳评卷宗: one assessment with its stages in order, what each recorded, the files attached to each
// stage (uploaded to a stage recorded or the one due), the form of the stage due (dispatchers and
// leaders; the decision is a leader's; the public opinion picks a hearing of the unit from a list)
// and the report as .docx.
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Steps,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, apiFile, multipart, saveBlob, type Answer } from '../../shared/api.ts';
import type { RiskAssessment } from '../../shared/api-types.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { LEVELS, RISK_STAGES, type RiskStage } from '../../../../common/risk-stages.ts';
import type { MessageKey } from '../../shared/messages.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';

const STAGES = RISK_STAGES;
type Stage = RiskStage;
const DECISIONS = ['proceed', 'adjust', 'postpone', 'stop'] as const;
const SITUATIONS = ['stable', 'attention', 'incident'] as const;

const SLUGS: Record<Exclude<Stage, 'scope'>, string> = {
  risk_points: 'risk-points',
  public_opinion: 'public-opinion',
  expert_review: 'expert-review',
  conclusion: 'conclusion',
  decision: 'decision',
  monitoring: 'monitoring',
};

type HearingItem = Answer<'/api/v1/hearings'>['items'][number];

/** How far back the picker looks: a hearing on the matter is usually held before the assessment. */
const HEARINGS_SINCE_MS = 2 * 365 * 24 * 3600 * 1000;

/** The hearings of cases in the assessed unit and below (those the user may read), newest first. */
function HearingPicker({
  unitId,
  value,
  onChange,
}: {
  unitId: number;
  value?: number | null;
  onChange?: (value: number | null) => void;
}) {
  const { t, locale } = useI18n();
  const hearings = useLoad(
    () =>
      api.GET('/api/v1/hearings', {
        params: {
          query: {
            withinUnitId: unitId,
            from: new Date(Date.now() - HEARINGS_SINCE_MS).toISOString(),
            order: 'desc',
          },
        },
      }),
    String(unitId),
  );
  const items: HearingItem[] = hearings.data?.items ?? [];
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      loading={hearings.loading}
      placeholder={t('stability.opinion.hearingPick')}
      notFoundContent={t('stability.opinion.hearingNone')}
      value={value ?? undefined}
      onChange={(next?: number) => onChange?.(next ?? null)}
      options={items.map((h) => ({
        value: h.id,
        label: `${h.title} · ${h.caseNumber} · ${formatDateTime(h.scheduledAt, locale)}`,
      }))}
      data-testid="risk-hearing-picker"
    />
  );
}

/** The files of one stage, each downloadable, and (for those who manage the file) an upload. */
function StageAttachments({
  file,
  stage,
  onChanged,
}: {
  file: RiskAssessment;
  stage: Stage;
  onChanged: (next: RiskAssessment) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const attachments = file.attachments.filter((a) => a.stage === stage);
  const download = async (attachmentId: number, name: string) => {
    try {
      const { blob, fileName } = await apiFile('/api/v1/risk-assessments/{id}/attachments/{attachmentId}', {
        id: file.id,
        attachmentId,
      });
      saveBlob(blob, fileName ?? name);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };
  const upload = async (picked: File) => {
    setUploading(true);
    try {
      const next = await api.POST('/api/v1/risk-assessments/{id}/attachments', {
        params: { path: { id: file.id }, query: { stage } },
        body: { file: picked },
        bodySerializer: multipart,
      });
      onChanged(next);
      void message.success(t('stability.attached', { name: picked.name }));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setUploading(false);
    }
  };
  return (
    <div style={{ marginTop: 8 }} data-testid={`risk-attachments-${stage}`}>
      <Typography.Text strong>{t('stability.attachments')}：</Typography.Text>
      {attachments.length === 0 && <Typography.Text type="secondary">{t('stability.noAttachments')}</Typography.Text>}
      {attachments.map((a) => (
        <Button
          key={a.id}
          type="link"
          size="small"
          onClick={() => void download(a.id, a.fileName)}
          data-testid="risk-attachment"
        >
          {a.fileName}
        </Button>
      ))}
      {file.abilities.manage && (
        <div style={{ marginTop: 4 }}>
          <span data-testid={`risk-attach-${stage}`}>
            <Upload
              showUploadList={false}
              accept=".jpg,.jpeg,.png,.webp,.gif,.pdf,.docx,.xlsx"
              beforeUpload={(picked) => {
                void upload(picked);
                return false;
              }}
            >
              <Button size="small" loading={uploading}>
                {t('stability.attach')}
              </Button>
            </Upload>
          </span>
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {t('stability.attachHint')}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

function StageForm({ file, onChanged }: { file: RiskAssessment; onChanged: (next: RiskAssessment) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const stage = file.stage as Exclude<Stage, 'scope'>;
  const required = [{ required: true, message: t('stability.required') }];
  const options = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  const submit = async (values: Record<string, unknown>) => {
    setSaving(true);
    setError(null);
    try {
      const body = stage === 'public_opinion' && !values.hearingId ? { ...values, hearingId: null } : values;
      // One path per stage; the body is the form's values, which the server validates.
      const url = `/api/v1/risk-assessments/{id}/${SLUGS[stage]}` as '/api/v1/risk-assessments/{id}/monitoring';
      onChanged(await api.POST(url, { params: { path: { id: file.id } }, body: body as never }));
      form.resetFields();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  if (stage === 'decision' && !file.abilities.decide) {
    return <Typography.Text type="secondary">{t('stability.decideOnly')}</Typography.Text>;
  }
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid={`risk-form-${stage}`}>
      {error !== null && <ErrorAlert error={error} />}
      {stage === 'risk_points' && (
        <Form.List name="points" initialValue={[{}]}>
          {(fields, { add }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item
                    name={[field.name, 'description']}
                    label={t('stability.point.description')}
                    rules={required}
                  >
                    <Input style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'likelihood']} label={t('stability.point.likelihood')} rules={required}>
                    <Select style={{ width: 90 }} options={options(LEVELS, 'stability.level')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'impact']} label={t('stability.point.impact')} rules={required}>
                    <Select style={{ width: 90 }} options={options(LEVELS, 'stability.level')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'measures']} label={t('stability.point.measures')} rules={required}>
                    <Input style={{ width: 220 }} />
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({})}>{t('stability.point.add')}</Button>
            </>
          )}
        </Form.List>
      )}
      {stage === 'public_opinion' && (
        <>
          <Form.Item name="method" label={t('stability.opinion.method')} rules={required}>
            <Input />
          </Form.Item>
          <Space wrap>
            {(['surveyed', 'support', 'oppose', 'neutral'] as const).map((key) => (
              <Form.Item key={key} name={key} label={t(`stability.opinion.${key}`)} rules={required}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
            ))}
          </Space>
          <Form.Item name="hearingId" label={t('stability.opinion.hearing')}>
            <HearingPicker unitId={file.unitId} />
          </Form.Item>
          <Form.Item name="summary" label={t('stability.summary')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      {stage === 'expert_review' && (
        <>
          <Form.List name="experts" initialValue={[{}]}>
            {(fields, { add }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start">
                    <Form.Item name={[field.name, 'name']} label={t('stability.expert.name')} rules={required}>
                      <Input style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} label={t('stability.expert.title')} rules={required}>
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'opinion']} label={t('stability.expert.opinion')} rules={required}>
                      <Input style={{ width: 280 }} />
                    </Form.Item>
                  </Space>
                ))}
                <Button onClick={() => add({})}>{t('stability.expert.add')}</Button>
              </>
            )}
          </Form.List>
          <Form.Item name="summary" label={t('stability.summary')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      {stage === 'conclusion' && (
        <>
          <Form.Item name="grade" label={t('stability.field.grade')} rules={required}>
            <Select options={options(LEVELS, 'stability.level')} />
          </Form.Item>
          <Form.Item name="reasons" label={t('stability.reasons')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      {stage === 'decision' && (
        <>
          <Form.Item name="decision" label={t('stability.field.decision')} rules={required}>
            <Select options={options(DECISIONS, 'stability.decision')} />
          </Form.Item>
          <Form.Item name="reasons" label={t('stability.reasons')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      {stage === 'monitoring' && (
        <>
          <Form.Item name="situation" label={t('stability.situation')} rules={required}>
            <Select options={options(SITUATIONS, 'stability.situation')} />
          </Form.Item>
          <Form.Item name="note" label={t('stability.note')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={saving} data-testid="risk-record">
        {t('stability.record')}
      </Button>
    </Form>
  );
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const rows = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];

/** What a stage recorded, labelled in the reader's language (the data is the stage command's body). */
function StageData({ stage, data }: { stage: Stage; data: Record<string, unknown> }) {
  const { t } = useI18n();
  const label = (prefix: string, value: unknown) => (str(value) ? t(`${prefix}.${str(value)}` as MessageKey) : '');
  const items: { key: string; label: string; value: string }[] = [];
  const add = (key: string, labelKey: MessageKey, value: string) => {
    if (value !== '') items.push({ key, label: t(labelKey), value });
  };
  if (stage === 'scope') {
    add('kind', 'stability.field.kind', label('stability.kind', data.decisionKind));
    add('description', 'stability.field.description', str(data.description));
  } else if (stage === 'risk_points') {
    rows(data.points).forEach((p, i) =>
      add(
        `point-${i}`,
        'stability.point.description',
        `${str(p.description)}（${t('stability.point.likelihood')}：${label('stability.level', p.likelihood)}，` +
          `${t('stability.point.impact')}：${label('stability.level', p.impact)}；` +
          `${t('stability.point.measures')}：${str(p.measures)}）`,
      ),
    );
  } else if (stage === 'public_opinion') {
    add('method', 'stability.opinion.method', str(data.method));
    for (const key of ['surveyed', 'support', 'oppose', 'neutral'] as const) {
      add(key, `stability.opinion.${key}`, str(data[key]));
    }
    add('summary', 'stability.summary', str(data.summary));
  } else if (stage === 'expert_review') {
    rows(data.experts).forEach((e, i) =>
      add(`expert-${i}`, 'stability.expert.name', `${str(e.name)}（${str(e.title)}）：${str(e.opinion)}`),
    );
    add('summary', 'stability.summary', str(data.summary));
  } else if (stage === 'conclusion') {
    add('grade', 'stability.field.grade', label('stability.level', data.grade));
    add('reasons', 'stability.reasons', str(data.reasons));
  } else if (stage === 'decision') {
    add('decision', 'stability.field.decision', label('stability.decision', data.decision));
    add('reasons', 'stability.reasons', str(data.reasons));
  } else {
    add('situation', 'stability.situation', label('stability.situation', data.situation));
    add('note', 'stability.note', str(data.note));
  }
  return (
    <Descriptions size="small" column={1} style={{ marginBottom: 4 }}>
      {items.map((item) => (
        <Descriptions.Item key={item.key} label={item.label}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{item.value}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** The title of the hearing a public-opinion stage cites, if any. */
function linkedHearing(data: Record<string, unknown>): string | null {
  const hearing = data.hearing as { title?: unknown } | null | undefined;
  return hearing && typeof hearing.title === 'string' ? hearing.title : null;
}

export default function StabilityPage() {
  const { id } = useParams();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const loaded = useLoad(
    () => api.GET('/api/v1/risk-assessments/{id}', { params: { path: { id: Number(id) } } }),
    String(id),
  );
  const [current, setCurrent] = useState<RiskAssessment | null>(null);
  const file = current ?? loaded.data;
  if (!file) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <PageLoading />;
  const due = STAGES.indexOf(file.stage);
  const download = async () => {
    try {
      const { blob, fileName } = await apiFile('/api/v1/risk-assessments/{id}/report', { id: file.id });
      saveBlob(blob, fileName ?? `report-${file.id}.docx`);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="risk-file">
      <Card
        title={file.title}
        extra={
          <Button onClick={() => void download()} data-testid="risk-report">
            {t('stability.report')}
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('stability.field.unit')}>{file.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('stability.field.kind')}>
            {t(`stability.kind.${file.decisionKind}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('stability.field.grade')}>
            {file.grade ? <Tag>{t(`stability.level.${file.grade}` as MessageKey)}</Tag> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('stability.field.decision')}>
            {file.decision ? t(`stability.decision.${file.decision}` as MessageKey) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('stability.field.description')} span={2}>
            {file.description}
          </Descriptions.Item>
        </Descriptions>
        <Steps
          size="small"
          style={{ marginTop: 16 }}
          current={due}
          items={STAGES.map((s) => ({ title: t(`stability.stage.${s}` as MessageKey) }))}
          data-testid="risk-steps"
        />
      </Card>
      {file.abilities.manage && (
        <Card title={`${t('stability.record')}：${t(`stability.stage.${file.stage}` as MessageKey)}`}>
          <StageForm file={file} onChanged={setCurrent} />
          {!file.stages.some((s) => s.stage === file.stage) && (
            <StageAttachments file={file} stage={file.stage} onChanged={setCurrent} />
          )}
        </Card>
      )}
      {file.stages.map((s, index) => (
        <Card
          key={`${s.stage}-${s.seq}`}
          size="small"
          title={t(`stability.stage.${s.stage}` as MessageKey)}
          data-testid={`risk-stage-${s.stage}`}
        >
          <StageData stage={s.stage} data={s.data} />
          {linkedHearing(s.data) !== null && (
            <Typography.Paragraph data-testid="risk-hearing-linked" style={{ marginBottom: 4 }}>
              {t('stability.opinion.hearingLinked', { title: linkedHearing(s.data)! })}
            </Typography.Paragraph>
          )}
          <Typography.Text type="secondary">
            {t('stability.recordedBy', { name: s.recorderName, at: formatDateTime(s.recordedAt, locale) })}
          </Typography.Text>
          {/* A stage's files once, under its last entry (monitoring has several). */}
          {!file.stages.slice(index + 1).some((later) => later.stage === s.stage) && (
            <StageAttachments file={file} stage={s.stage} onChanged={setCurrent} />
          )}
        </Card>
      ))}
    </Space>
  );
}
