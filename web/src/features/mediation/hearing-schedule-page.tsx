// 安排公开听证 for a case: when and where, who chairs it, who is invited (and as what), the agenda,
// and the notice — drafted from the rest for the convener to edit, or left for the server to draft.
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { draftHearingNotice, PARTICIPANT_KINDS, type ParticipantKind } from '../../../../common/hearing-notice.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { CodeSelect } from '../admin/code-select.tsx';
import { DateTimeField } from './date-time-field.tsx';
import { convenerOf, PARTICIPANT_KIND_KEYS } from './hearing-shared.tsx';

interface ScheduleValues {
  title: string;
  scheduledAt: Dayjs | null;
  place: string;
  host: string;
  participants: { name?: string; kind?: ParticipantKind }[];
  agenda: string;
  notice?: string;
}

export default function HearingSchedulePage() {
  const { t } = useI18n();
  const { id } = useParams();
  const caseId = Number(id);
  const navigate = useNavigate();
  const { me } = useSession();
  const [form] = Form.useForm<ScheduleValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const loaded = useLoad(() => api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }), String(caseId));

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const record = loaded.data;
  if (!record) return <PageLoading />;

  const participantsOf = (values: ScheduleValues) =>
    (values.participants ?? [])
      .filter((p): p is { name: string; kind: ParticipantKind } => Boolean(p?.name?.trim()) && Boolean(p.kind))
      .map((p) => ({ name: p.name.trim(), kind: p.kind }));

  const draftNotice = () => {
    const v = form.getFieldsValue(true) as ScheduleValues;
    form.setFieldValue(
      'notice',
      draftHearingNotice({
        title: v.title ?? '',
        scheduledAt: (v.scheduledAt ?? dayjs()).toISOString(),
        place: v.place ?? '',
        host: v.host ?? '',
        agenda: v.agenda ?? '',
        participants: participantsOf(v),
        caseNumber: record.number,
        caseTitle: record.title,
        convener: convenerOf(me),
        issuedAt: new Date().toISOString(),
      }),
    );
  };

  const submit = async (values: ScheduleValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.POST('/api/v1/cases/{id}/hearings', {
        params: { path: { id: caseId } },
        body: {
          title: values.title.trim(),
          scheduledAt: values.scheduledAt!.toISOString(),
          place: values.place.trim(),
          host: values.host.trim(),
          agenda: values.agenda.trim(),
          participants: participantsOf(values),
          ...(values.notice?.trim() ? { notice: values.notice.trim() } : {}),
        },
      });
      navigate(`/hearings/${created.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('mediation.required') };
  return (
    <Card data-testid="hearing-schedule">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('hearing.schedule')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }}>
        {t('hearing.case')}
        {t('mediation.colon')}
        <Link to={`/cases/${record.id}`}>{record.number}</Link> {record.title}
      </Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} />}
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        style={{ maxWidth: 720 }}
        initialValues={{
          scheduledAt: dayjs().add(1, 'day').hour(9).minute(30).second(0).millisecond(0),
          participants: record.reporter.name
            ? [{ name: record.reporter.name, kind: 'party' }, { kind: 'resident' }]
            : [{ kind: 'party' }, { kind: 'resident' }],
        }}
      >
        <Form.Item name="title" label={t('hearing.name')} rules={[required]}>
          <Input maxLength={120} placeholder={t('hearing.titlePlaceholder')} data-testid="hearing-title" />
        </Form.Item>
        <Form.Item
          name="scheduledAt"
          label={t('hearing.when')}
          rules={[{ required: true, message: t('mediation.chooseTime') }]}
        >
          <DateTimeField placeholder={t('mediation.chooseTime')} testId="hearing-when" />
        </Form.Item>
        <Form.Item name="place" label={t('hearing.place')} rules={[required]}>
          <Input maxLength={200} data-testid="hearing-place" />
        </Form.Item>
        <Form.Item name="host" label={t('hearing.host')} rules={[required]}>
          <Input maxLength={64} placeholder={t('hearing.hostPlaceholder')} data-testid="hearing-host" />
        </Form.Item>
        <Form.List
          name="participants"
          rules={[
            {
              validator: (_, people: ScheduleValues['participants'] | undefined) =>
                (people ?? []).some((p) => p?.name?.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('hearing.participantsRequired'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('hearing.participants')} required extra={t('hearing.participantsHelp')}>
              {fields.map((field) => (
                <div
                  key={field.key}
                  data-testid="participant-row"
                  style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8, alignItems: 'flex-start' }}
                >
                  <Form.Item name={[field.name, 'name']} style={{ flex: '1 1 160px', minWidth: 0, marginBottom: 0 }}>
                    <Input maxLength={100} placeholder={t('hearing.participantName')} data-testid="participant-name" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} style={{ flex: '1 1 120px', minWidth: 0, marginBottom: 0 }}>
                    <CodeSelect
                      codes={PARTICIPANT_KINDS}
                      label={(kind) => t(PARTICIPANT_KIND_KEYS[kind])}
                      data-testid="participant-kind"
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button onClick={() => remove(field.name)} data-testid="remove-participant">
                      {t('mediation.remove')}
                    </Button>
                  )}
                </div>
              ))}
              {fields.length < 100 && (
                <Button type="dashed" onClick={() => add({ kind: 'resident' })} data-testid="add-participant">
                  {t('hearing.addParticipant')}
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
        <Form.Item
          name="agenda"
          label={t('hearing.agenda')}
          rules={[required, { min: 2, message: t('mediation.atLeast', { n: 2 }) }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={5000}
            placeholder={t('hearing.agendaPlaceholder')}
            data-testid="hearing-agenda"
          />
        </Form.Item>
        <Form.Item
          name="notice"
          label={t('hearing.notice')}
          extra={t('hearing.noticeHelp')}
          rules={[{ min: 10, message: t('mediation.atLeast', { n: 10 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 16 }} maxLength={10000} data-testid="hearing-notice-text" />
        </Form.Item>
        <Space wrap>
          <Button onClick={draftNotice} data-testid="draft-notice">
            {t('hearing.draftNotice')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="hearing-submit">
            {t('hearing.scheduleSubmit')}
          </Button>
          <Link to={`/cases/${record.id}`}>
            <Button>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
