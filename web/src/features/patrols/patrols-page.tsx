// 巡查监管 (/patrols): for the township and county staff over an area — each grid worker's coverage
// of the month (distinct houses of the grid visited over the grid's houses in the base data, and
// distinct places), the day's patrols on the map (tracks as lines, visits as dots), the patrols
// with their track, visits and photos, both tables as .xlsx, and the standard grid tasks they
// assign with a due date.
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { GRID_TASK_KIND_NAMES, GRID_TASK_KINDS, type GridTaskKind } from '../../../../common/grid-tasks.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { holds } from '../../../../common/powers.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import type { MapPatrol } from './patrol-track-map.tsx';

const PatrolTrackMap = lazy(() => import('./patrol-track-map.tsx'));

function TrackMap(props: { patrols: MapPatrol[]; chosenId: number | null; height?: number }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <PatrolTrackMap {...props} />
    </Suspense>
  );
}

type PatrolItem = Answer<'/api/v1/patrols'>['items'][number];
type Coverage = Answer<'/api/v1/patrols/coverage'>['items'][number];
type Task = Answer<'/api/v1/grid-tasks'>['items'][number];
type Detail = Answer<'/api/v1/patrols/{id}'>;

/** A patrol as the map draws it. */
const mapPatrolOf = (p: Detail): MapPatrol => ({
  id: p.id,
  workerName: p.workerName,
  track: p.track.map((pt) => [pt.lng, pt.lat] as [number, number]),
  visits: p.visits.flatMap((v) =>
    v.lng !== null && v.lat !== null
      ? [{ id: v.id, place: v.place, lng: v.lng, lat: v.lat, finding: v.finding !== null }]
      : [],
  ),
});

/** The photos of a visit, opened with the session cookie. */
function VisitPhotos({ patrolId, visit }: { patrolId: number; visit: Detail['visits'][number] }) {
  const { t } = useI18n();
  if (visit.photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6} style={{ marginTop: 6 }} data-testid="visit-photos">
        {visit.photos.map((photo, i) => (
          <Image
            key={photo.id}
            src={`/api/v1/patrols/${patrolId}/visits/${visit.id}/photos/${photo.id}`}
            alt={t('patrol.visit.photoAlt', { n: i + 1 })}
            width={72}
            height={72}
            style={{ objectFit: 'cover', borderRadius: 6 }}
            data-testid="visit-photo"
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

function PatrolDetail({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const loaded = useLoad(() => api.GET('/api/v1/patrols/{id}', { params: { path: { id } } }), `patrol-${id}`);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const p = loaded.data;
  if (!p) return <PageLoading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="patrol-detail">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('patrol.worker')}>{p.workerName}</Descriptions.Item>
        <Descriptions.Item label={t('patrol.grid')}>{p.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('patrol.startedAt')}>{formatDateTime(p.startedAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('patrol.finishedAt')}>{formatDateTime(p.finishedAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('patrol.distance')}>
          {t('patrol.metres', { n: Math.round(p.distanceM) })}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('patrol.track')}</Typography.Text>
      {p.track.length > 0 || p.visits.some((v) => v.lng !== null) ? (
        <>
          <TrackMap patrols={[mapPatrolOf(p)]} chosenId={p.id} height={280} />
          <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }} data-testid="patrol-track">
            {p.track
              .map((pt) => `${formatDateTime(pt.at, locale)} (${pt.lng.toFixed(5)}, ${pt.lat.toFixed(5)})`)
              .join(' → ')}
          </Typography.Paragraph>
        </>
      ) : (
        <Typography.Text type="secondary">{t('patrol.track.none')}</Typography.Text>
      )}
      <Typography.Text strong>{t('patrol.visits')}</Typography.Text>
      {p.visits.length === 0 ? (
        <Typography.Text type="secondary">{t('patrol.visit.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={p.visits}
          renderItem={(v) => (
            <List.Item style={{ display: 'block' }}>
              <Typography.Text strong>{v.place}</Typography.Text> · {v.met} · {v.situation}
              {v.finding ? (
                <div>
                  <Tag color="orange">{t('patrol.visit.findingLabel')}</Tag>
                  {v.finding}
                  {v.caseNumber ? ` · ${t('patrol.visit.caseMade')}${v.caseNumber}` : ''}
                </div>
              ) : null}
              <VisitPhotos patrolId={p.id} visit={v} />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

interface TaskValues {
  kind: GridTaskKind;
  title: string;
  note?: string;
  unitId: number;
  due: Dayjs;
}

function AssignTask({ onAssigned }: { onAssigned: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const grids = useLoad(
    () => api.GET('/api/v1/units', { params: { query: { level: 'grid', type: 'region', limit: 500 } } }),
    'grids',
  );

  async function assign(values: TaskValues) {
    setBusy(true);
    setError(null);
    try {
      await api.POST('/api/v1/grid-tasks', {
        body: {
          kind: values.kind,
          title: values.title,
          note: values.note || undefined,
          unitId: values.unitId,
          dueDate: values.due.format('YYYY-MM-DD'),
        },
      });
      form.resetFields(['title', 'note']);
      void message.success(t('patrol.tasks.assigned'));
      onAssigned();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void assign(v)} initialValues={{ kind: 'visit' }}>
      <Form.Item name="kind" label={t('patrol.tasks.kind')}>
        <Select options={GRID_TASK_KINDS.map((k) => ({ value: k, label: pick(GRID_TASK_KIND_NAMES[k]) }))} />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('patrol.tasks.title')}
        rules={[{ required: true, whitespace: true, message: t('patrol.tasks.titleRequired') }]}
      >
        <Input maxLength={200} data-testid="task-title" />
      </Form.Item>
      <Form.Item name="note" label={t('patrol.tasks.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item
        name="unitId"
        label={t('patrol.tasks.grid')}
        rules={[{ required: true, message: t('patrol.tasks.gridRequired') }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          loading={grids.loading}
          options={(grids.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          data-testid="task-grid"
        />
      </Form.Item>
      <Form.Item
        name="due"
        label={t('patrol.tasks.dueDate')}
        rules={[{ required: true, message: t('patrol.tasks.dueRequired') }]}
      >
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} data-testid="task-due" />
      </Form.Item>
      {error ? <ErrorAlert error={error} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="task-assign">
        {t('patrol.tasks.assign')}
      </Button>
    </Form>
  );
}

export default function PatrolsPage() {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  // No month chosen: the server's own (its clock may be fixed, as in a demo), which coverage names.
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  // No day chosen: the server's today (its clock may be fixed, as in a demo).
  const [day, setDay] = useState<Dayjs | null>(null);
  const dayLabel = day?.format('YYYY-MM-DD');
  const label = month?.format('YYYY-MM');
  const oversees = roles.some((role) => holds(role, 'patrol:oversee'));
  const assigns = roles.some((role) => holds(role, 'grid_task:assign'));
  const coverage = useLoad(
    () =>
      oversees ? api.GET('/api/v1/patrols/coverage', { params: { query: { month: label } } }) : Promise.resolve(null),
    `coverage-${label ?? ''}`,
  );
  const patrols = useLoad(
    () => api.GET('/api/v1/patrols', { params: { query: { month: label, limit: 100 } } }),
    `patrols-${label ?? ''}`,
  );
  const tasks = useLoad(() => api.GET('/api/v1/grid-tasks', { params: { query: { limit: 100 } } }), `tasks-${round}`);
  const dayMap = useLoad(
    () =>
      oversees ? api.GET('/api/v1/patrols/map', { params: { query: { date: dayLabel } } }) : Promise.resolve(null),
    `patrol-map-${dayLabel ?? ''}`,
  );
  const rate = (r: Coverage) =>
    r.coverage === null ? t('patrol.coverage.noHouses') : `${(r.coverage * 100).toFixed(1)}%`;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="patrols-page">
      <Card
        title={t('patrol.coverage')}
        extra={
          <Space wrap>
            <DatePicker
              picker="month"
              value={month ?? (coverage.data ? dayjs(`${coverage.data.month}-01`) : null)}
              allowClear={false}
              onChange={(d) => d && setMonth(d)}
              aria-label={t('patrol.month')}
            />
            {oversees ? (
              <ExportButton
                url="/api/v1/patrols/coverage"
                query={{ month: label ?? coverage.data?.month }}
                fallbackName="patrol-coverage.xlsx"
                testId="coverage-export"
              />
            ) : null}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('patrol.coverage.basisNote')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('patrol.coverage.note')}</Typography.Paragraph>
        {coverage.error ? <ErrorAlert error={coverage.error} onRetry={coverage.reload} /> : null}
        <Table<Coverage>
          size="small"
          rowKey={(r) => `${r.workerId}-${r.unitId}`}
          loading={coverage.loading}
          dataSource={coverage.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="coverage-table"
          columns={[
            { title: t('patrol.worker'), dataIndex: 'workerName' },
            { title: t('patrol.grid'), dataIndex: 'unitName' },
            { title: t('patrol.coverage.patrols'), dataIndex: 'patrols' },
            { title: t('patrol.coverage.visits'), dataIndex: 'visits' },
            { title: t('patrol.coverage.places'), dataIndex: 'places' },
            { title: t('patrol.coverage.housesVisited'), dataIndex: 'housesVisited' },
            { title: t('patrol.coverage.gridHouses'), dataIndex: 'gridHouses' },
            { title: t('patrol.coverage.rate'), key: 'rate', render: (_: unknown, r: Coverage) => rate(r) },
          ]}
        />
      </Card>
      {oversees ? (
        <Card
          title={t('patrol.map')}
          extra={
            <DatePicker
              value={day ?? (dayMap.data ? dayjs(dayMap.data.date) : null)}
              allowClear={false}
              onChange={(d) => d && setDay(d)}
              aria-label={t('patrol.map.day')}
              data-testid="patrol-map-day"
            />
          }
        >
          {dayMap.error ? <ErrorAlert error={dayMap.error} onRetry={dayMap.reload} /> : null}
          {dayMap.data ? (
            <>
              <Typography.Paragraph type="secondary">{t('patrol.map.legend')}</Typography.Paragraph>
              {dayMap.data.truncated ? (
                <Typography.Paragraph type="warning">
                  {t('patrol.map.truncated', { n: dayMap.data.patrols.length })}
                </Typography.Paragraph>
              ) : null}
              {dayMap.data.patrols.length === 0 ? (
                <Empty description={t('patrol.map.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <TrackMap patrols={dayMap.data.patrols} chosenId={selected} />
              )}
            </>
          ) : null}
        </Card>
      ) : null}
      <Card
        title={t('patrol.list')}
        extra={
          <ExportButton
            url="/api/v1/patrols"
            query={{ month: label }}
            fallbackName="patrols.xlsx"
            testId="patrol-export"
          />
        }
      >
        {patrols.error ? <ErrorAlert error={patrols.error} onRetry={patrols.reload} /> : null}
        <Table<PatrolItem>
          size="small"
          rowKey="id"
          loading={patrols.loading}
          dataSource={patrols.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('patrol.list.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          data-testid="patrol-table"
          columns={[
            { title: t('patrol.worker'), dataIndex: 'workerName' },
            { title: t('patrol.grid'), dataIndex: 'unitName' },
            {
              title: t('patrol.startedAt'),
              dataIndex: 'startedAt',
              render: (v: string) => formatDateTime(v, locale),
            },
            {
              title: t('patrol.open'),
              dataIndex: 'status',
              render: (v: string) =>
                v === 'open' ? <Tag color="green">{t('patrol.open')}</Tag> : <Tag>{t('patrol.statusFinished')}</Tag>,
            },
            { title: t('patrol.points'), dataIndex: 'pointCount' },
            {
              title: t('patrol.distance'),
              dataIndex: 'distanceM',
              render: (v: number) => t('patrol.metres', { n: Math.round(v) }),
            },
            { title: t('patrol.visits'), dataIndex: 'visitCount' },
          ]}
        />
      </Card>
      {selected !== null ? (
        <Card title={t('patrol.detail')} extra={<Button onClick={() => setSelected(null)}>{t('patrol.back')}</Button>}>
          <PatrolDetail id={selected} />
        </Card>
      ) : null}
      {assigns ? (
        <Card title={t('patrol.tasks.assign')}>
          <AssignTask onAssigned={() => setRound((r) => r + 1)} />
        </Card>
      ) : null}
      <Card title={t('patrol.tasks.list')}>
        {tasks.error ? <ErrorAlert error={tasks.error} onRetry={tasks.reload} /> : null}
        <Table<Task>
          size="small"
          rowKey="id"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="grid-task-table"
          columns={[
            {
              title: t('patrol.tasks.kind'),
              dataIndex: 'kind',
              render: (k: GridTaskKind) => pick(GRID_TASK_KIND_NAMES[k]),
            },
            { title: t('patrol.tasks.title'), dataIndex: 'title' },
            { title: t('patrol.tasks.grid'), dataIndex: 'unitName' },
            {
              title: t('patrol.tasks.assignee'),
              dataIndex: 'assigneeName',
              render: (v: string | null) => v ?? t('patrol.tasks.anyWorker'),
            },
            { title: t('patrol.tasks.dueDate'), dataIndex: 'dueDate' },
            {
              title: t('patrol.open'),
              dataIndex: 'status',
              render: (_: string, task: Task) =>
                task.status === 'done' ? (
                  <Tag color="green">{t('patrol.tasks.doneStatus')}</Tag>
                ) : task.overdue ? (
                  <Tag color="red">{t('patrol.tasks.overdue')}</Tag>
                ) : (
                  <Tag>{t('patrol.open')}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
