// 志愿服务 tab of /community: the volunteer activities of the area, post one for a volunteer team,
// and each activity's roster with hours (logged once per volunteer); the roster exports to .xlsx.
import { App, Button, DatePicker, Form, Input, InputNumber, List, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';

type Activity = Awaited<ReturnType<typeof loadActivities>>['items'][number];
const loadActivities = () => api.GET('/api/v1/volunteer-activities', { params: { query: {} } });

interface ActivityValues {
  teamId: number;
  title: string;
  startsAt: Dayjs;
  place?: string;
}

function CreateDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ActivityValues>();
  const submit = useSubmit();
  const teams = useLoad(
    () => api.GET('/api/v1/community-bodies', { params: { query: { kind: 'volunteer_team' } } }),
    'teams',
  );
  const onFinish = (v: ActivityValues) =>
    submit.run(async () => {
      await api.POST('/api/v1/volunteer-activities', {
        body: {
          teamId: v.teamId,
          title: v.title,
          startsAt: v.startsAt.toISOString(),
          ...(v.place?.trim() ? { place: v.place.trim() } : {}),
        },
      });
      onDone();
    });
  return (
    <FormDialog
      title={t('community.volunteer.create')}
      okText={t('community.volunteer.createOk')}
      okTestId="activity-create-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="teamId"
          label={t('community.volunteer.team')}
          rules={[{ required: true, message: t('community.required') }]}
        >
          <Select
            options={(teams.data?.items ?? [])
              .filter((b) => b.abilities.manage)
              .map((b) => ({ value: b.id, label: `${b.name}（${b.unitName}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('community.volunteer.title')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('community.volunteer.startsAt')}
          rules={[{ required: true, message: t('community.required') }]}
        >
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="place" label={t('community.volunteer.place')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function Roster({ activity }: { activity: Activity }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const detail = useLoad(
    () => api.GET('/api/v1/volunteer-activities/{id}', { params: { path: { id: activity.id }, query: {} } }),
    String(activity.id),
  );
  const [hours, setHours] = useState<Record<number, number | null>>({});
  const log = async (userId: number) => {
    const value = hours[userId];
    if (!value) return;
    try {
      await api.POST('/api/v1/volunteer-activities/{id}/hours', {
        params: { path: { id: activity.id } },
        body: { userId, hours: value },
      });
      void message.success(t('community.volunteer.logged'));
      detail.reload();
    } catch (error) {
      void message.error(String((error as Error).message));
    }
  };
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{t('community.volunteer.roster')}</Typography.Text>
        <ExportButton
          url="/api/v1/volunteer-activities/{id}"
          path={{ id: activity.id }}
          fallbackName="volunteer-roster.xlsx"
          testId="roster-export"
        />
      </Space>
      <List
        size="small"
        dataSource={detail.data.roster}
        renderItem={(s) => (
          <List.Item data-testid="roster-row">
            <Space wrap>
              <span>{s.displayName}</span>
              <span>{formatDateTime(s.signedUpAt, locale)}</span>
              {s.hours !== null ? (
                <strong>{t('community.volunteer.myHours', { hours: s.hours })}</strong>
              ) : detail.data?.abilities.logHours ? (
                <Space>
                  <InputNumber
                    min={0.1}
                    max={24}
                    step={0.5}
                    value={hours[s.userId] ?? null}
                    onChange={(v) => setHours((h) => ({ ...h, [s.userId]: v }))}
                  />
                  <Button size="small" onClick={() => void log(s.userId)}>
                    {t('community.volunteer.logHours')}
                  </Button>
                </Space>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

export function VolunteersTab() {
  const { t, locale } = useI18n();
  const { roles } = useSession();
  const list = useLoad(loadActivities, 'activities');
  const [creating, setCreating] = useState(false);
  const mayManage = roles.some((r) => holds(r, 'volunteer:manage'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayManage && (
        <Button type="primary" onClick={() => setCreating(true)} style={{ alignSelf: 'flex-start' }}>
          {t('community.volunteer.create')}
        </Button>
      )}
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Activity>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (a) => <Roster activity={a} /> }}
        columns={[
          { title: t('community.volunteer.title'), dataIndex: 'title' },
          { title: t('community.volunteer.team'), dataIndex: 'teamName' },
          {
            title: t('community.volunteer.startsAt'),
            dataIndex: 'startsAt',
            render: (v: string) => formatDateTime(v, locale),
          },
          { title: t('community.volunteer.place'), dataIndex: 'place' },
          {
            title: t('community.volunteer.roster'),
            dataIndex: 'signupCount',
            render: (n: number) => t('community.volunteer.signups', { count: n }),
          },
        ]}
      />
      {creating && (
        <CreateDialog onClose={() => setCreating(false)} onDone={() => (setCreating(false), list.reload())} />
      )}
    </Space>
  );
}
