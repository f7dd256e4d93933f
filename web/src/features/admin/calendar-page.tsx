// 节假日: the year's public holidays and swapped working days (调休), which every time limit counts
// around. A month calendar marks each exception (休 / 班); a province administrator clicks a day
// to mark it or make it ordinary again (PUT / DELETE /api/v1/calendar/{day}); others read it.
// `?month=YYYY-MM` opens a given month.
import { Alert, App, Button, Calendar, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import type { CalendarDay } from '../../shared/api-types.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { DAY_KIND_LABELS, labelOf } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAdminScope } from './admin-scope.ts';

type DayValues = Pick<CalendarDay, 'kind' | 'name'>;

function DayDialog({
  day,
  existing,
  onClose,
  onDone,
}: {
  day: string;
  existing: CalendarDay | undefined;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const [form] = Form.useForm<DayValues>();
  const [busy, setBusy] = useState<'save' | 'clear' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const date = formatDate(day, locale);

  const run = async (what: 'save' | 'clear', values?: DayValues) => {
    setBusy(what);
    try {
      if (what === 'save' && values) {
        await api.PUT('/api/v1/calendar/{day}', {
          params: { path: { day } },
          body: { kind: values.kind, name: values.name.trim() },
        });
        onDone(t('calendar.set', { date, kind: pick(labelOf(DAY_KIND_LABELS, values.kind)) }));
      } else {
        await api.DELETE('/api/v1/calendar/{day}', { params: { path: { day } } });
        onDone(t('calendar.cleared', { date }));
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      title={t('calendar.dayTitle', { date })}
      onCancel={onClose}
      footer={
        <Space>
          {existing ? (
            <Button danger loading={busy === 'clear'} onClick={() => void run('clear')} data-testid="calendar-clear">
              {t('calendar.clear')}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy === 'save'} onClick={() => form.submit()} data-testid="calendar-save">
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon message={describeError(error, i18n)} style={{ marginBottom: 16 }} /> : null}
      <Form<DayValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: existing?.kind ?? 'holiday', name: existing?.name ?? '' }}
        onFinish={(values) => void run('save', values)}
      >
        <Form.Item name="kind" label={t('calendar.kind')}>
          <Radio.Group
            optionType="button"
            options={(['holiday', 'workday'] as const).map((kind) => ({
              value: kind,
              label: pick(DAY_KIND_LABELS[kind]!),
            }))}
            data-testid="calendar-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('calendar.name')}
          rules={[{ required: true, whitespace: true, max: 32, message: t('calendar.nameRequired') }]}
        >
          <Input placeholder={t('calendar.namePlaceholder')} maxLength={32} data-testid="calendar-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function startMonth(param: string | null): Dayjs {
  const parsed = param && /^\d{4}-\d{2}$/.test(param) ? dayjs(`${param}-01`) : null;
  return parsed?.isValid() ? parsed : dayjs();
}

export default function CalendarPage() {
  const { t, pick, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [value, setValue] = useState<Dayjs>(() => startMonth(params.get('month')));
  const [editing, setEditing] = useState<string | null>(null);
  const year = value.year();
  const scope = useLoad(() => loadAdminScope(me!), `scope-${me?.user.id ?? 0}`);
  const list = useLoad(
    () => api.GET('/api/v1/calendar', { params: { query: { year } } }).then((a) => a.items),
    `calendar-${year}`,
  );
  const days = useMemo(() => new Map((list.data ?? []).map((d) => [d.day, d])), [list.data]);

  const show = (next: Dayjs) => {
    setValue(next);
    setParams({ month: next.format('YYYY-MM') }, { replace: true });
  };

  if (scope.error) return <ErrorAlert error={scope.error} onRetry={scope.reload} />;
  if (!scope.data) return <PageLoading />;
  const canEdit = scope.data.wholeTree;

  return (
    <div data-testid="calendar-page">
      {canEdit ? (
        <Alert type="info" showIcon message={t('calendar.hint')} style={{ marginBottom: 16 }} />
      ) : (
        <Alert type="info" showIcon message={t('admin.provinceOnly')} style={{ marginBottom: 16 }} />
      )}
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Calendar
        value={value}
        onPanelChange={(date) => show(date)}
        onSelect={(date, info) => {
          show(date);
          if (info.source === 'date' && canEdit) setEditing(date.format('YYYY-MM-DD'));
        }}
        cellRender={(current, info) => {
          if (info.type !== 'date') return info.originNode;
          const key = current.format('YYYY-MM-DD');
          const day = days.get(key);
          return (
            <div data-day={key} data-kind={day?.kind ?? ''} style={{ minHeight: 40 }}>
              {day ? (
                <Tag color={day.kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
                  {day.kind === 'holiday' ? t('calendar.off') : t('calendar.work')} {day.name}
                </Tag>
              ) : null}
            </div>
          );
        }}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('calendar.listTitle', { year })}
      </Typography.Title>
      <Table<CalendarDay>
        size="small"
        rowKey="day"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('calendar.none') }}
        data-testid="calendar-list"
        columns={[
          { title: t('calendar.date'), dataIndex: 'day', render: (day: string) => formatDate(day, locale) },
          {
            title: t('calendar.weekday'),
            key: 'weekday',
            render: (_, d) =>
              dayjs(d.day)
                .locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
                .format('dddd'),
          },
          {
            title: t('calendar.kind'),
            dataIndex: 'kind',
            render: (kind: string) => (
              <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{pick(labelOf(DAY_KIND_LABELS, kind))}</Tag>
            ),
          },
          { title: t('calendar.name'), dataIndex: 'name' },
        ]}
      />
      {editing ? (
        <DayDialog
          day={editing}
          existing={days.get(editing)}
          onClose={() => setEditing(null)}
          onDone={(text) => {
            setEditing(null);
            void message.success(text);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
