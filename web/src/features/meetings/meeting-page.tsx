// /meetings/:id: one meeting — what, when and where, its participants (phones masked) and who came;
// a convener records attendance (and people who came uninvited), closes it with the minutes (only
// with an attendee and minutes: the server refuses otherwise and says why), reschedules it (everyone
// told again) or cancels it with a reason. A held meeting's minutes download as .docx. A meeting kept
// by a mediation hearing is recorded there.
import { App, Button, Card, Checkbox, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from '../../../../common/meetings.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { DateTimeField } from '../mediation/date-time-field.tsx';
import { STATUS_COLOURS } from './meetings-page.tsx';

type Meeting = Answer<'/api/v1/meetings/{id}'>;
type Participant = Meeting['participants'][number];

function RescheduleDialog({
  meeting,
  onDone,
  onClose,
}: {
  meeting: Meeting;
  onDone: (m: Meeting) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ scheduledAt: Dayjs; place: string }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('meeting.reschedule')}
      okText={t('meeting.rescheduleOk')}
      okTestId="meeting-reschedule-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scheduledAt: dayjs(meeting.scheduledAt), place: meeting.place }}
        onFinish={(v) =>
          void submit.run(async () => {
            const next = await api.PATCH('/api/v1/meetings/{id}', {
              params: { path: { id: meeting.id } },
              body: { scheduledAt: v.scheduledAt.toISOString(), place: v.place.trim(), version: meeting.version },
            });
            void message.success(t('meeting.rescheduled'));
            onDone(next);
          })
        }
      >
        <Form.Item
          name="scheduledAt"
          label={t('meeting.time')}
          rules={[{ required: true, message: t('meeting.required') }]}
        >
          <DateTimeField testId="meeting-new-when" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('meeting.place')}
          rules={[{ required: true, whitespace: true, message: t('meeting.required') }]}
        >
          <Input maxLength={200} data-testid="meeting-new-place" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function CancelDialog({
  meeting,
  onDone,
  onClose,
}: {
  meeting: Meeting;
  onDone: (m: Meeting) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('meeting.cancel')}
      okText={t('meeting.cancelOk')}
      okTestId="meeting-cancel-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void submit.run(async () => {
            onDone(
              await api.POST('/api/v1/meetings/{id}/cancel', {
                params: { path: { id: meeting.id } },
                body: { reason: v.reason.trim(), version: meeting.version },
              }),
            );
          })
        }
      >
        <Form.Item
          name="reason"
          label={t('meeting.cancelReason')}
          rules={[{ required: true, whitespace: true, message: t('meeting.required') }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="meeting-cancel-reason" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function Attendance({ meeting, onDone }: { meeting: Meeting; onDone: (m: Meeting) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [present, setPresent] = useState<Set<number>>(new Set());
  const [walkIns, setWalkIns] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setPresent(new Set(meeting.participants.filter((p) => p.attended).map((p) => p.id)));
  }, [meeting]);
  const body = () => ({
    attendance: meeting.participants.map((p) => ({ participantId: p.id, attended: present.has(p.id) })),
    walkIns: walkIns.map((name) => ({ name })),
    version: meeting.version,
  });
  const run = async (work: () => Promise<Meeting>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      setWalkIns([]);
      void message.success(done);
      onDone(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('meeting.minutes')} size="small" data-testid="meeting-close-form">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('meeting.minutesHint')}</Typography.Text>
        {error !== null && <ErrorAlert error={error} />}
        <Space wrap data-testid="meeting-present">
          {meeting.participants.map((p) => (
            <Checkbox
              key={p.id}
              checked={present.has(p.id)}
              onChange={(e) => {
                const next = new Set(present);
                if (e.target.checked) next.add(p.id);
                else next.delete(p.id);
                setPresent(next);
              }}
            >
              {p.name}
            </Checkbox>
          ))}
        </Space>
        <Select
          mode="tags"
          value={walkIns}
          onChange={setWalkIns}
          open={false}
          placeholder={t('meeting.walkIn')}
          style={{ width: '100%' }}
          data-testid="meeting-walk-ins"
        />
        <Button
          loading={busy}
          data-testid="meeting-save-attendance"
          onClick={() =>
            void run(
              () =>
                api.POST('/api/v1/meetings/{id}/attendance', { params: { path: { id: meeting.id } }, body: body() }),
              t('meeting.attendanceSaved'),
            )
          }
        >
          {t('meeting.saveAttendance')}
        </Button>
        <Input.TextArea
          rows={5}
          maxLength={20000}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          data-testid="meeting-minutes"
        />
        <Button
          type="primary"
          loading={busy}
          data-testid="meeting-close"
          onClick={() =>
            void run(
              () =>
                api.POST('/api/v1/meetings/{id}/close', {
                  params: { path: { id: meeting.id } },
                  body: { ...body(), minutes },
                }),
              t('meeting.closed'),
            )
          }
        >
          {t('meeting.close')}
        </Button>
      </Space>
    </Card>
  );
}

export default function MeetingPage() {
  const { id } = useParams();
  const { t, pick, locale } = useI18n();
  const loaded = useLoad(() => api.GET('/api/v1/meetings/{id}', { params: { path: { id: Number(id) } } }), id ?? '');
  const [meeting, setMeeting] = useState<Meeting | undefined>(undefined);
  const [dialog, setDialog] = useState<'reschedule' | 'cancel' | null>(null);
  useEffect(() => setMeeting(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!meeting) return <PageLoading />;
  const managedByHearing = meeting.subjectKind === 'mediation_hearing';
  const done = (next: Meeting) => {
    setDialog(null);
    setMeeting(next);
  };
  const attendedTag = (p: Participant) =>
    p.attended === null ? (
      <Tag>{t('meeting.unrecorded')}</Tag>
    ) : p.attended ? (
      <Tag color="success">{t('meeting.present')}</Tag>
    ) : (
      <Tag color="default">{t('meeting.absent')}</Tag>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="meeting-page">
      <Card
        title={
          <Space wrap>
            <Tag>{pick(MEETING_KIND_LABELS[meeting.kind])}</Tag>
            <span style={{ overflowWrap: 'anywhere' }}>{meeting.title}</span>
          </Space>
        }
        extra={
          <Tag color={STATUS_COLOURS[meeting.status]} data-testid="meeting-status">
            {pick(MEETING_STATUS_LABELS[meeting.status])}
          </Tag>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('meeting.time')}>
            <span data-testid="meeting-when-text">{formatDateTime(meeting.scheduledAt, locale)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.place')}>
            <span data-testid="meeting-place-text">{meeting.place}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.unit')}>{meeting.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.createdBy')}>{meeting.createdByName ?? '—'}</Descriptions.Item>
          {meeting.subjectKind ? (
            <Descriptions.Item label={t('meeting.subject')}>
              {managedByHearing ? (
                <Link to={`/hearings/${meeting.subjectId}`}>{t('meeting.openHearing')}</Link>
              ) : meeting.subjectKind === 'consultation' ? (
                <Link to={`/consultations/${meeting.subjectId}`} data-testid="meeting-consultation-link">
                  {t('meeting.openConsultation')}
                </Link>
              ) : (
                `${meeting.subjectKind} #${meeting.subjectId}`
              )}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('meeting.agenda')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {meeting.agenda}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        {meeting.status === 'cancelled' ? (
          <Typography.Text type="warning" data-testid="meeting-cancel-text">
            {t('meeting.cancelledReason', { reason: meeting.cancelReason ?? '' })}
          </Typography.Text>
        ) : null}
        {managedByHearing && meeting.status === 'scheduled' ? (
          <Typography.Text type="secondary">{t('meeting.managedBySubject')}</Typography.Text>
        ) : null}
        {meeting.abilities.manage ? (
          <Space wrap style={{ marginTop: 12 }}>
            <Button onClick={() => setDialog('reschedule')} data-testid="meeting-reschedule">
              {t('meeting.reschedule')}
            </Button>
            <Button danger onClick={() => setDialog('cancel')} data-testid="meeting-cancel">
              {t('meeting.cancel')}
            </Button>
          </Space>
        ) : null}
      </Card>
      <Card title={t('meeting.participants')} size="small">
        <Table<Participant>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={meeting.participants}
          scroll={{ x: 480 }}
          data-testid="meeting-participants"
          columns={[
            { title: t('meeting.person'), dataIndex: 'name' },
            { title: t('meeting.role'), dataIndex: 'role', render: (r: string | null) => r ?? '—' },
            {
              title: t('meeting.kind'),
              dataIndex: 'type',
              render: (type: Participant['type']) => t(type === 'staff' ? 'meeting.staff' : 'meeting.outside'),
            },
            { title: t('meeting.phone'), dataIndex: 'phoneMasked', render: (p: string | null) => p ?? '—' },
            { title: t('meeting.attendance'), key: 'attended', render: (_: unknown, p) => attendedTag(p) },
          ]}
        />
      </Card>
      {meeting.abilities.manage ? <Attendance meeting={meeting} onDone={setMeeting} /> : null}
      {meeting.status === 'held' ? (
        <Card
          title={t('meeting.minutes')}
          size="small"
          data-testid="meeting-minutes-card"
          extra={
            <ExportButton
              url="/api/v1/meetings/{id}/minutes"
              path={{ id: meeting.id }}
              format={null}
              fallbackName="minutes.docx"
              label={t('meeting.downloadMinutes')}
              testId="meeting-minutes-docx"
            />
          }
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="meeting-minutes-text">
            {meeting.minutes}
          </Typography.Paragraph>
        </Card>
      ) : null}
      {dialog === 'reschedule' ? (
        <RescheduleDialog meeting={meeting} onDone={done} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'cancel' ? <CancelDialog meeting={meeting} onDone={done} onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
