// 会议 (/meetings): the meetings of the user's area (hearings, coordination, evaluation, consultation)
// by date, filtered by kind, status and period, exported as .xlsx; a convener schedules one with its
// participants — staff by account (told in their inbox), others by name, role and phone (by SMS).
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  MEETING_STATUS_LABELS,
  MEETING_STATUSES,
  type MeetingKind,
  type MeetingStatus,
} from '../../../../common/meetings.ts';
import { holds } from '../../../../common/powers.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { DateTimeField } from '../mediation/date-time-field.tsx';

type Item = Answer<'/api/v1/meetings'>['items'][number];

export const STATUS_COLOURS: Record<MeetingStatus, string> = {
  scheduled: 'processing',
  held: 'success',
  cancelled: 'default',
};

interface ScheduleValues {
  kind: MeetingKind;
  title: string;
  unitId: number;
  scheduledAt: Dayjs;
  place: string;
  agenda: string;
  staff?: number[];
  others?: { name: string; role?: string; phone?: string }[];
}

/** What a meeting scheduled from another page is about (a consultation's offline 议事会), and its first values. */
export interface MeetingSubject {
  kind: string;
  id: number;
  initial: Partial<Pick<ScheduleValues, 'kind' | 'title' | 'agenda'>>;
}

export function ScheduleDialog({ onClose, subject }: { onClose: () => void; subject?: MeetingSubject }) {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const submit = useSubmit();
  const [units, setUnits] = useState<{ value: number; label: string }[]>([]);
  const [staff, setStaff] = useState<{ value: number; label: string }[]>([]);
  const [q, setQ] = useState('');
  useEffect(() => {
    const own = (me?.memberships ?? []).filter((m) => holds(m.role, 'meeting:manage'));
    void Promise.all(
      own.map((m) =>
        api
          .GET('/api/v1/units', { params: { query: { parentId: m.unitId, limit: 200 } } })
          .then((answer) => [
            { value: m.unitId, label: m.unitName },
            ...answer.items.map((u) => ({ value: u.id, label: `${m.unitName} / ${u.name}` })),
          ])
          .catch(() => [{ value: m.unitId, label: m.unitName }]),
      ),
    ).then((lists) => setUnits(lists.flat()));
  }, [me]);
  useEffect(() => {
    const timer = setTimeout(() => {
      void api
        .GET('/api/v1/meetings/staff', { params: { query: q ? { q } : {} } })
        .then((answer) => setStaff(answer.items.map((p) => ({ value: p.userId, label: `${p.name}（${p.unitName}）` }))))
        .catch(() => setStaff([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  const onFinish = (v: ScheduleValues) =>
    submit.run(async () => {
      const participants = [
        ...(v.staff ?? []).map((userId) => ({ userId })),
        ...(v.others ?? [])
          .filter((p) => p?.name?.trim())
          .map((p) => ({
            name: p.name.trim(),
            ...(p.role?.trim() ? { role: p.role.trim() } : {}),
            ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}),
          })),
      ];
      if (participants.length === 0) throw new Error(t('meeting.noParticipants'));
      const made = await api.POST('/api/v1/meetings', {
        body: {
          kind: v.kind,
          title: v.title.trim(),
          unitId: v.unitId,
          scheduledAt: v.scheduledAt.toISOString(),
          place: v.place.trim(),
          agenda: v.agenda.trim(),
          participants,
          ...(subject ? { subjectKind: subject.kind, subjectId: subject.id } : {}),
        },
      });
      void message.success(t('meeting.scheduled'));
      navigate(`/meetings/${made.id}`);
    });
  const required = [{ required: true, whitespace: true, message: t('meeting.required') }];
  return (
    <FormDialog
      title={t('meeting.schedule')}
      okText={t('meeting.scheduleOk')}
      okTestId="meeting-schedule-ok"
      form={form}
      submit={submit}
      onClose={onClose}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        initialValues={{ kind: 'coordination', others: [{}], ...subject?.initial }}
      >
        <Form.Item name="kind" label={t('meeting.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="meeting-kind"
            options={MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k]) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('meeting.name')} rules={required}>
          <Input maxLength={200} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item name="unitId" label={t('meeting.unit')} rules={[{ required: true, message: t('meeting.required') }]}>
          <Select options={units} showSearch optionFilterProp="label" data-testid="meeting-unit" />
        </Form.Item>
        <Form.Item
          name="scheduledAt"
          label={t('meeting.time')}
          rules={[{ required: true, message: t('meeting.required') }]}
        >
          <DateTimeField testId="meeting-when" />
        </Form.Item>
        <Form.Item name="place" label={t('meeting.place')} rules={required}>
          <Input maxLength={200} data-testid="meeting-place" />
        </Form.Item>
        <Form.Item name="agenda" label={t('meeting.agenda')} rules={required}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="meeting-agenda" />
        </Form.Item>
        <Form.Item name="staff" label={t('meeting.staffParticipants')}>
          <Select
            mode="multiple"
            options={staff}
            filterOption={false}
            onSearch={setQ}
            placeholder={t('meeting.staffSearch')}
            data-testid="meeting-staff"
          />
        </Form.Item>
        <Form.Item label={t('meeting.outsideParticipants')}>
          <Form.List name="others">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start">
                    <Form.Item name={[field.name, 'name']} noStyle>
                      <Input placeholder={t('meeting.person')} maxLength={50} data-testid="meeting-person-name" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'role']} noStyle>
                      <Input placeholder={t('meeting.role')} maxLength={50} data-testid="meeting-person-role" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'phone']} noStyle>
                      <Input placeholder={t('meeting.phone')} maxLength={20} data-testid="meeting-person-phone" />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>−</Button>
                  </Space>
                ))}
                <Button onClick={() => add({})} data-testid="meeting-add-person">
                  {t('meeting.addPerson')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function MeetingsPage() {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const [kind, setKind] = useState<MeetingKind | 'all'>('all');
  const [status, setStatus] = useState<MeetingStatus | 'all'>('all');
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const query = {
    ...(kind !== 'all' ? { kind } : {}),
    ...(status !== 'all' ? { status } : {}),
    ...(period?.[0] ? { from: period[0].startOf('day').toISOString() } : {}),
    ...(period?.[1] ? { to: period[1].add(1, 'day').startOf('day').toISOString() } : {}),
  };
  const list = useLoad(() => api.GET('/api/v1/meetings', { params: { query } }), JSON.stringify(query));
  const mayManage = roles.some((r) => holds(r, 'meeting:manage'));
  return (
    <Card
      title={t('meeting.title')}
      data-testid="meetings-page"
      extra={
        mayManage ? (
          <Button type="primary" onClick={() => setScheduling(true)} data-testid="meeting-schedule">
            {t('meeting.schedule')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            style={{ minWidth: 120 }}
            value={kind}
            onChange={setKind}
            data-testid="meeting-kind-filter"
            options={[
              { value: 'all', label: t('meeting.allKinds') },
              ...MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k]) })),
            ]}
          />
          <Select
            style={{ minWidth: 120 }}
            value={status}
            onChange={setStatus}
            data-testid="meeting-status-filter"
            options={[
              { value: 'all', label: t('meeting.allStatuses') },
              ...MEETING_STATUSES.map((s) => ({ value: s, label: pick(MEETING_STATUS_LABELS[s]) })),
            ]}
          />
          <DatePicker.RangePicker value={period} onChange={(v) => setPeriod(v)} allowEmpty={[true, true]} />
          <ExportButton url="/api/v1/meetings" query={query} fallbackName="meetings.xlsx" />
        </Space>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('meeting.none') }}
          onRow={() => ({ 'data-testid': 'meeting-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('meeting.time'),
              dataIndex: 'scheduledAt',
              width: 150,
              render: (v: string) => formatDateTime(v, locale),
            },
            {
              title: t('meeting.kind'),
              dataIndex: 'kind',
              width: 90,
              render: (k: MeetingKind) => <Tag>{pick(MEETING_KIND_LABELS[k])}</Tag>,
            },
            {
              title: t('meeting.name'),
              dataIndex: 'title',
              render: (title: string, m) => (
                <Link to={`/meetings/${m.id}`} data-testid="meeting-link">
                  {title}
                </Link>
              ),
            },
            { title: t('meeting.unit'), dataIndex: 'unitName', width: 160 },
            { title: t('meeting.place'), dataIndex: 'place', width: 160 },
            {
              title: t('meeting.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: MeetingStatus) => <Tag color={STATUS_COLOURS[s]}>{pick(MEETING_STATUS_LABELS[s])}</Tag>,
            },
            {
              title: t('meeting.attendance'),
              key: 'attendance',
              width: 90,
              render: (_: unknown, m) => `${m.attendeeCount}/${m.participantCount}`,
            },
          ]}
        />
      </Space>
      {scheduling ? <ScheduleDialog onClose={() => setScheduling(false)} /> : null}
    </Card>
  );
}
