// 今日巡查 (/patrol): the grid worker's day on a phone — the open patrol (start, the GPS track sent
// as it walks, finish), visits recorded on it with a finding turned into a case in one tap, and
// the grid tasks to do. A visit names a house of the grid (base data, for coverage) and carries
// photos taken on the spot. Works at 375 px.
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Image,
  Input,
  List,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { GRID_TASK_KIND_NAMES, VISIT_PLACE_KIND_NAMES, VISIT_PLACE_KINDS } from '../../../../common/grid-tasks.ts';
import { api, type Answer } from '../../shared/api.ts';
import { categoryOptions, loadCategories } from '../../shared/categories.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { bufferedPoints, bufferPoint, flushTrack } from './track-buffer.ts';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '../photos/photo-picker.tsx';
import { uploadVisitPhotos } from './visit-photos.ts';

type Patrol = Answer<'/api/v1/patrols/{id}'>;
type Visit = Patrol['visits'][number];
type Task = Answer<'/api/v1/grid-tasks'>['items'][number];
type Options = ReturnType<typeof categoryOptions>;

const FLUSH_EVERY_MS = 30_000;

/** Today's patrol: the open one, else none (null). */
async function loadOpenPatrol(): Promise<Patrol | null> {
  const list = await api.GET('/api/v1/patrols', { params: { query: { mine: '1', status: 'open', limit: 1 } } });
  const open = list.items[0];
  return open ? api.GET('/api/v1/patrols/{id}', { params: { path: { id: open.id } } }) : null;
}

/** Records the track while the patrol is open; tells how many points wait to be sent. */
function useTrack(patrolId: number | null): { waiting: number; located: boolean | null } {
  const [waiting, setWaiting] = useState(0);
  const [located, setLocated] = useState<boolean | null>(null);
  useEffect(() => {
    if (patrolId === null) return undefined;
    setWaiting(bufferedPoints(patrolId).length);
    let watch: number | null = null;
    if ('geolocation' in navigator) {
      watch = navigator.geolocation.watchPosition(
        (position) => {
          setLocated(true);
          if (bufferPoint(patrolId, position)) setWaiting(bufferedPoints(patrolId).length);
        },
        () => setLocated(false),
        { enableHighAccuracy: true, maximumAge: 10_000 },
      );
    } else {
      setLocated(false);
    }
    const flush = () => void flushTrack(patrolId).then(() => setWaiting(bufferedPoints(patrolId).length));
    const timer = window.setInterval(flush, FLUSH_EVERY_MS);
    window.addEventListener('online', flush);
    return () => {
      if (watch !== null) navigator.geolocation.clearWatch(watch);
      window.clearInterval(timer);
      window.removeEventListener('online', flush);
    };
  }, [patrolId]);
  return { waiting, located };
}

/** The visit's photos, and more added while the visit may take them. */
function VisitPhotos({ patrolId, visit, onChanged }: { patrolId: number; visit: Visit; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<PickedPhoto[]>([]);
  const [sending, setSending] = useState<{ done: number; total: number } | null>(null);

  async function send() {
    const outcome = await uploadVisitPhotos(patrolId, visit.id, picked, (done, total) => setSending({ done, total }));
    setSending(null);
    releasePhotos(picked);
    setPicked([]);
    if (outcome.failed > 0) void message.warning(t('patrol.visit.photosFailed', { n: outcome.failed }));
    onChanged();
  }

  return (
    <div data-testid="visit-photos">
      {visit.photos.length > 0 ? (
        <Image.PreviewGroup>
          <Space wrap size={6} style={{ marginBottom: 6 }}>
            {visit.photos.map((photo, i) => (
              <Image
                key={photo.id}
                src={`/api/v1/patrols/${patrolId}/visits/${visit.id}/photos/${photo.id}`}
                alt={t('patrol.visit.photoAlt', { n: i + 1 })}
                width={64}
                height={64}
                style={{ objectFit: 'cover', borderRadius: 6 }}
                data-testid="visit-photo"
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      {visit.abilities.addPhoto ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <PhotoPicker
            value={picked}
            onChange={setPicked}
            testId={`visit-${visit.id}-photo`}
            max={9 - visit.photos.length}
            disabled={sending !== null}
          />
          {picked.length > 0 ? (
            <Button block loading={sending !== null} onClick={() => void send()} data-testid="visit-photo-send">
              {sending
                ? t('patrol.visit.photosSending', { done: sending.done, total: sending.total })
                : t('patrol.visit.addPhotos')}
            </Button>
          ) : null}
        </Space>
      ) : null}
    </div>
  );
}

function VisitItem({
  patrolId,
  visit,
  options,
  onChanged,
}: {
  patrolId: number;
  visit: Visit;
  options: Options;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [made, setMade] = useState<{ caseId: number; caseNumber: string } | null>(
    visit.caseId !== null && visit.caseNumber !== null ? { caseId: visit.caseId, caseNumber: visit.caseNumber } : null,
  );

  async function toCase() {
    if (!category) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.POST('/api/v1/patrols/{id}/visits/{visitId}/to-case', {
        params: { path: { id: patrolId, visitId: visit.id } },
        body: { categoryCode: category },
      });
      setMade({ caseId: answer.caseId, caseNumber: answer.caseNumber });
      if (answer.photosCopied > 0) void message.success(t('patrol.visit.photosCopied', { n: answer.photosCopied }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <List.Item data-testid="visit" style={{ display: 'block' }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Tag>{pick(VISIT_PLACE_KIND_NAMES[visit.placeKind])}</Tag>
        <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
          {visit.place}
        </Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
        {t('patrol.visit.met')}：{visit.met} · {visit.situation}
      </Typography.Paragraph>
      {visit.finding ? (
        <Typography.Paragraph style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
          <Tag color="orange">{t('patrol.visit.findingLabel')}</Tag>
          {visit.finding}
        </Typography.Paragraph>
      ) : null}
      <VisitPhotos patrolId={patrolId} visit={visit} onChanged={onChanged} />
      {error ? <ErrorAlert error={error} /> : null}
      {made ? (
        <Typography.Text data-testid="visit-case">
          {t('patrol.visit.caseMade')}
          <Link to={`/cases/${made.caseId}`} data-testid="visit-case-link">
            {made.caseNumber}
          </Link>
        </Typography.Text>
      ) : visit.abilities.toCase ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('patrol.visit.category')}
            value={category}
            onChange={setCategory}
            options={options}
            style={{ width: '100%' }}
            data-testid="visit-category"
          />
          <Button
            type="primary"
            disabled={!category}
            loading={busy}
            onClick={() => void toCase()}
            data-testid="visit-to-case"
          >
            {t('patrol.visit.toCase')}
          </Button>
        </Space>
      ) : null}
    </List.Item>
  );
}

interface VisitValues {
  placeKind: (typeof VISIT_PLACE_KINDS)[number];
  place: string;
  address?: string;
  met: string;
  situation: string;
  finding?: string;
  houseId?: number;
}

function VisitForm({ patrolId, gridId, onSaved }: { patrolId: number; gridId: number; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitValues>();
  const placeKind = Form.useWatch('placeKind', form);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [sending, setSending] = useState<{ done: number; total: number } | null>(null);
  // The grid's houses (base data) to choose from; a worker without base data reads none.
  const houses = useLoad(
    () =>
      api
        .GET('/api/v1/base-data/houses', { params: { query: { unitId: gridId, limit: 500 } } })
        .catch(() => ({ items: [], nextCursor: null })),
    `houses-${gridId}`,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [checkIn, setCheckIn] = useState<{ lat: number; lng: number } | null>(null);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setCheckIn({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => setCheckIn(null),
      { enableHighAccuracy: true, timeout: 15_000 },
    );

  async function save(values: VisitValues) {
    setBusy(true);
    setError(null);
    try {
      const visit = await api.POST('/api/v1/patrols/{id}/visits', {
        params: { path: { id: patrolId } },
        body: {
          placeKind: values.placeKind,
          place: values.place,
          address: values.address || undefined,
          met: values.met,
          situation: values.situation,
          finding: values.finding?.trim() ? values.finding : undefined,
          houseId: values.placeKind === 'household' ? values.houseId : undefined,
          location: checkIn ? { ...checkIn, crs: 'wgs84' } : undefined,
        },
      });
      form.resetFields();
      setCheckIn(null);
      void message.success(t('patrol.visit.saved'));
      if (photos.length > 0) {
        const outcome = await uploadVisitPhotos(patrolId, visit.id, photos, (done, total) =>
          setSending({ done, total }),
        );
        setSending(null);
        if (outcome.failed > 0) void message.warning(t('patrol.visit.photosFailed', { n: outcome.failed }));
        releasePhotos(photos);
        setPhotos([]);
      }
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const required = (key: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t(key) }];
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ placeKind: 'household' }}>
      <Form.Item name="placeKind" label={t('patrol.visit.placeKind')}>
        <Radio.Group
          options={VISIT_PLACE_KINDS.map((k) => ({ value: k, label: pick(VISIT_PLACE_KIND_NAMES[k]) }))}
          optionType="button"
        />
      </Form.Item>
      {placeKind !== 'enterprise' && (houses.data?.items.length ?? 0) > 0 ? (
        <Form.Item name="houseId" label={t('patrol.visit.house')} extra={t('patrol.visit.houseHint')}>
          <Select
            showSearch
            allowClear
            optionFilterProp="label"
            options={(houses.data?.items ?? []).map((h) => ({ value: h.id, label: h.address }))}
            onChange={(id: number | undefined) => {
              const house = houses.data?.items.find((h) => h.id === id);
              if (house && !form.getFieldValue('place')) form.setFieldsValue({ place: house.address });
            }}
            data-testid="visit-house"
          />
        </Form.Item>
      ) : null}
      <Form.Item name="place" label={t('patrol.visit.place')} rules={required('patrol.visit.placeRequired')}>
        <Input maxLength={200} placeholder={t('patrol.visit.placeHint')} data-testid="visit-place" />
      </Form.Item>
      <Form.Item name="address" label={t('patrol.visit.address')}>
        <Input maxLength={200} data-testid="visit-address" />
      </Form.Item>
      <Form.Item name="met" label={t('patrol.visit.met')} rules={required('patrol.visit.metRequired')}>
        <Input maxLength={200} data-testid="visit-met" />
      </Form.Item>
      <Form.Item
        name="situation"
        label={t('patrol.visit.situation')}
        rules={required('patrol.visit.situationRequired')}
      >
        <Input.TextArea rows={2} maxLength={2000} data-testid="visit-situation" />
      </Form.Item>
      <Form.Item name="finding" label={t('patrol.visit.finding')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="visit-finding" />
      </Form.Item>
      <Form.Item label={t('patrol.visit.photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} testId="visit-new-photo" disabled={busy} />
      </Form.Item>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button block onClick={locate} data-testid="visit-check-in">
          {checkIn ? t('patrol.visit.checkedIn') : t('patrol.visit.checkIn')}
        </Button>
        {error ? <ErrorAlert error={error} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="visit-save">
          {sending
            ? t('patrol.visit.photosSending', { done: sending.done, total: sending.total })
            : t('patrol.visit.save')}
        </Button>
      </Space>
    </Form>
  );
}

function TaskList({ tasks, onChanged }: { tasks: Task[]; onChanged: () => void }) {
  const { t, pick } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const sorted = [...tasks].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);

  async function done(task: Task) {
    setBusy(task.id);
    setError(null);
    try {
      await api.POST('/api/v1/grid-tasks/{id}/done', { params: { path: { id: task.id } }, body: {} });
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {error ? <ErrorAlert error={error} /> : null}
      {sorted.length === 0 ? (
        <Empty description={t('patrol.tasks.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          dataSource={sorted}
          data-testid="task-list"
          renderItem={(task) => (
            <List.Item
              data-testid="task"
              actions={
                task.abilities.complete
                  ? [
                      <Button key="done" size="small" loading={busy === task.id} onClick={() => void done(task)}>
                        {t('patrol.tasks.done')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Tag color="blue">{pick(GRID_TASK_KIND_NAMES[task.kind])}</Tag>
                    <span style={{ overflowWrap: 'anywhere' }}>{task.title}</span>
                    {task.cadre ? (
                      <Tag color="purple" data-testid="task-cadre">
                        {t('gridPage.taskForCadre', { name: task.cadre.name })}
                      </Tag>
                    ) : null}
                  </Space>
                }
                description={
                  <Space wrap size={4}>
                    <span>{t('patrol.tasks.due', { date: task.dueDate })}</span>
                    {task.overdue ? <Tag color="red">{t('patrol.tasks.overdue')}</Tag> : null}
                    {task.note ? <span style={{ overflowWrap: 'anywhere' }}>{task.note}</span> : null}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}

export default function PatrolTodayPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  // 我的网格 (ADR 0030): the worker's own grids, each opening its page.
  const myGrids = (me?.memberships ?? []).filter((m) => m.role === 'grid_worker');
  const { message } = App.useApp();
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const patrol = useLoad(loadOpenPatrol, `patrol-${round}`);
  const tasks = useLoad(
    () => api.GET('/api/v1/grid-tasks', { params: { query: { mine: '1', status: 'open' } } }),
    `tasks-${round}`,
  );
  const [finished, setFinished] = useState<Patrol | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [options, setOptions] = useState<Options>([]);
  const current = patrol.data ?? null;
  const track = useTrack(current?.status === 'open' ? current.id : null);

  useEffect(() => {
    loadCategories().then(
      (categories) => setOptions(categoryOptions(categories)),
      () => setOptions([]),
    );
  }, []);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      await api.POST('/api/v1/patrols', { body: {} });
      setFinished(null);
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function finish(p: Patrol) {
    setBusy(true);
    setError(null);
    try {
      // What the phone still holds of the track goes first.
      await flushTrack(p.id);
      const done = await api.POST('/api/v1/patrols/{id}/finish', { params: { path: { id: p.id } } });
      setFinished(done);
      void message.success(t('patrol.finished'));
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const summary = (p: Patrol) => (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="patrol-summary">
      {p.unitName} · {t('patrol.startedAt')} {formatDateTime(p.startedAt, locale)} ·{' '}
      {t('patrol.visitCount', { n: p.visitCount })} · {t('patrol.metres', { n: Math.round(p.distanceM) })}
    </Typography.Paragraph>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="patrol-today">
      {myGrids.length > 0 ? (
        <Space wrap>
          {myGrids.map((m) => (
            <Link key={m.unitId} to={`/grids/${m.unitId}`} data-testid="my-grid-link">
              <Button>{t('gridPage.myGrid')}</Button>
            </Link>
          ))}
        </Space>
      ) : null}
      <Card title={t('patrol.today')} styles={{ body: { padding: 12 } }}>
        {patrol.error ? <ErrorAlert error={patrol.error} onRetry={patrol.reload} /> : null}
        {error ? <ErrorAlert error={error} /> : null}
        {patrol.loading && patrol.data === undefined ? <PageLoading /> : null}
        {current ? (
          <>
            <Space wrap style={{ marginBottom: 4 }}>
              <Tag color="green" data-testid="patrol-status">
                {t('patrol.open')}
              </Tag>
            </Space>
            {summary(current)}
            <Typography.Paragraph type={track.located === false ? 'warning' : 'secondary'} data-testid="patrol-gps">
              {track.located === false ? t('patrol.gps.off') : t('patrol.gps.on', { n: track.waiting })}
            </Typography.Paragraph>
            <Popconfirm
              title={t('patrol.finishConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => void finish(current)}
              okButtonProps={{ 'data-testid': 'patrol-finish-confirm' }}
            >
              <Button danger block size="large" loading={busy} data-testid="patrol-finish">
                {t('patrol.finish')}
              </Button>
            </Popconfirm>
          </>
        ) : patrol.data === null ? (
          <>
            {finished ? (
              <>
                <Tag data-testid="patrol-finished">{t('patrol.finished')}</Tag>
                {summary(finished)}
              </>
            ) : (
              <Typography.Paragraph type="secondary">{t('patrol.none')}</Typography.Paragraph>
            )}
            <Button
              type="primary"
              block
              size="large"
              loading={busy}
              onClick={() => void start()}
              data-testid="patrol-start"
            >
              {t('patrol.start')}
            </Button>
          </>
        ) : null}
      </Card>
      {current ? (
        <Card title={t('patrol.visit.new')} styles={{ body: { padding: 12 } }}>
          <VisitForm patrolId={current.id} gridId={current.unitId} onSaved={reload} />
        </Card>
      ) : null}
      {current || finished ? (
        <Card title={t('patrol.visits')} styles={{ body: { padding: 12 } }}>
          {(current ?? finished)!.visits.length === 0 ? (
            <Empty description={t('patrol.visit.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <List
              data-testid="visit-list"
              dataSource={(current ?? finished)!.visits}
              renderItem={(visit) => (
                <VisitItem
                  key={visit.id}
                  patrolId={(current ?? finished)!.id}
                  visit={visit}
                  options={options}
                  onChanged={reload}
                />
              )}
            />
          )}
        </Card>
      ) : null}
      <Card title={t('patrol.tasks')} styles={{ body: { padding: 12 } }}>
        {tasks.error ? <ErrorAlert error={tasks.error} onRetry={tasks.reload} /> : null}
        {tasks.data ? <TaskList tasks={tasks.data.items} onChanged={reload} /> : null}
      </Card>
    </Space>
  );
}
