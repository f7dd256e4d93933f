// 应急进度看板 (/emergencies/:id): the figures over the part of the area inside the user's own —
// visited/total, not reached and needs, per township and per grid — refreshed every 5 seconds, with
// the lists of needs and of people not reached, the .xlsx export of the grids, the report (.docx)
// and, for the leader, stand-down. A grid worker gets its grid's door-to-door list on top, with one
// tap per household: 已走访 / 未见到 / 有需求 and a note. Works at 375 px.
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { VISIT_RESULT_LABELS, type VisitResult } from '../../../../common/emergency.ts';
import { KEY_GROUP_SPECS, isKeyGroup } from '../../../../common/base-data.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, formatPercent, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { usePhone } from '../../shared/use-phone.ts';
import { emergencyHeadline } from './emergency-banner.tsx';

type Detail = Answer<'/api/v1/emergencies/{id}'>;
type Item = Answer<'/api/v1/emergencies/{id}/items'>['items'][number];

const REFRESH_MS = 5_000;
const RESULT_COLORS: Record<VisitResult, string> = { reached: 'green', not_reached: 'default', need: 'orange' };

function ItemRow({ emergencyId, item, onMarked }: { emergencyId: number; item: Item; onMarked: (item: Item) => void }) {
  const { t, pick } = useI18n();
  const [note, setNote] = useState(item.note ?? '');
  const [busy, setBusy] = useState<VisitResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mark = async (result: VisitResult) => {
    setBusy(result);
    setError(null);
    try {
      onMarked(
        await api.POST('/api/v1/emergencies/{id}/items/{itemId}', {
          params: { path: { id: emergencyId, itemId: item.id } },
          body: { result, version: item.version, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  return (
    <List.Item data-testid="emergency-item" data-item-id={item.id} style={{ display: 'block' }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Tag>{t(item.subject === 'household' ? 'emergency.household' : 'emergency.keyPerson')}</Tag>
        <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
          {item.label}
        </Typography.Text>
        {(item.keyGroups ?? []).filter(isKeyGroup).map((g) => (
          <Tag key={g} color="purple">
            {pick(KEY_GROUP_SPECS[g])}
          </Tag>
        ))}
        {item.result ? (
          <Tag color={RESULT_COLORS[item.result]} data-testid="emergency-item-result">
            {t('emergency.marked', { result: pick(VISIT_RESULT_LABELS[item.result]) })}
          </Tag>
        ) : null}
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
      {item.abilities.mark ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            placeholder={t('emergency.notePlaceholder')}
            data-testid="emergency-item-note"
          />
          <Space wrap>
            <Button
              type="primary"
              loading={busy === 'reached'}
              onClick={() => void mark('reached')}
              data-testid="mark-reached"
            >
              {t('emergency.markReached')}
            </Button>
            <Button
              loading={busy === 'not_reached'}
              onClick={() => void mark('not_reached')}
              data-testid="mark-not-reached"
            >
              {t('emergency.markNotReached')}
            </Button>
            <Button danger loading={busy === 'need'} onClick={() => void mark('need')} data-testid="mark-need">
              {t('emergency.markNeed')}
            </Button>
          </Space>
        </Space>
      ) : null}
    </List.Item>
  );
}

function DoorToDoor({ emergencyId, onMarked }: { emergencyId: number; onMarked: () => void }) {
  const { t } = useI18n();
  const [pendingOnly, setPendingOnly] = useState(false);
  const list = useLoad(
    () =>
      api.GET('/api/v1/emergencies/{id}/items', {
        params: { path: { id: emergencyId }, query: pendingOnly ? { result: 'pending' } : {} },
      }),
    `${emergencyId}-${pendingOnly}`,
  );
  const [items, setItems] = useState<Item[]>([]);
  useEffect(() => setItems(list.data?.items ?? []), [list.data]);
  const replace = (marked: Item) => {
    setItems((all) => all.map((i) => (i.id === marked.id ? marked : i)));
    onMarked();
  };
  return (
    <Card
      title={t('emergency.myList')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('emergency.showPending')}</Typography.Text>
          <Switch size="small" checked={pendingOnly} onChange={setPendingOnly} />
        </Space>
      }
      data-testid="emergency-door-to-door"
    >
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      {list.data === undefined ? (
        <PageLoading />
      ) : items.length === 0 ? (
        <Empty description={t('emergency.noItems')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(item) => <ItemRow key={item.id} emergencyId={emergencyId} item={item} onMarked={replace} />}
        />
      )}
      {list.data?.truncated ? <Typography.Text type="secondary">{t('emergency.truncated')}</Typography.Text> : null}
    </Card>
  );
}

function StandDownDialog({ id, onClose, onDone }: { id: number; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ summary?: string }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('emergency.standDown')}
      okText={t('emergency.standDownOk')}
      okTestId="emergency-stand-down-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/emergencies/{id}/stand-down', {
              params: { path: { id } },
              body: values.summary?.trim() ? { summary: values.summary.trim() } : {},
            });
            onDone();
          })
        }
      >
        <Form.Item name="summary" label={t('emergency.summary')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="emergency-summary" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function Figures({ detail }: { detail: Detail }) {
  const { t } = useI18n();
  const p = detail.progress;
  const cell = { xs: 12, sm: 8, md: 4 } as const;
  return (
    <Row gutter={[8, 8]} data-testid="emergency-figures">
      <Col {...cell}>
        <Statistic title={t('emergency.total')} value={p.total} />
      </Col>
      <Col {...cell}>
        <Statistic
          title={t('emergency.visited')}
          value={p.visited}
          valueRender={() => <span data-testid="figure-visited">{p.visited}</span>}
        />
      </Col>
      <Col {...cell}>
        <Statistic title={t('emergency.rate')} value={p.total ? formatPercent(p.visited / p.total) : '—'} />
      </Col>
      <Col {...cell}>
        <Statistic
          title={t('emergency.notReached')}
          value={p.notReached}
          valueRender={() => <span data-testid="figure-not-reached">{p.notReached}</span>}
        />
      </Col>
      <Col {...cell}>
        <Statistic
          title={t('emergency.needs')}
          value={p.needs}
          valueRender={() => <span data-testid="figure-needs">{p.needs}</span>}
        />
      </Col>
      <Col {...cell}>
        <Statistic title={t('emergency.pending')} value={p.pending} />
      </Col>
    </Row>
  );
}

export default function EmergencyPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const phone = usePhone();
  const id = Number(useParams().id);
  const board = useLoad(() => api.GET('/api/v1/emergencies/{id}', { params: { path: { id } } }), String(id));
  const [standingDown, setStandingDown] = useState(false);
  const { reload } = board;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  if (board.data === undefined)
    return board.error ? <ErrorAlert error={board.error} onRetry={reload} /> : <PageLoading />;
  const d = board.data;
  const rate = (row: { visited: number; total: number }) => (row.total ? formatPercent(row.visited / row.total) : '—');
  const countColumns = [
    { title: t('emergency.total'), dataIndex: 'total', align: 'right' as const },
    { title: t('emergency.visited'), dataIndex: 'visited', align: 'right' as const },
    {
      title: t('emergency.rate'),
      key: 'rate',
      align: 'right' as const,
      render: (_: unknown, row: { visited: number; total: number }) => rate(row),
    },
    { title: t('emergency.notReached'), dataIndex: 'notReached', align: 'right' as const },
    { title: t('emergency.needs'), dataIndex: 'needs', align: 'right' as const },
  ];
  const itemLine = (i: Detail['needs'][number]) => (
    <List.Item style={{ display: 'block' }}>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {i.gridName} · {i.label}
      </Typography.Text>
      {i.note ? <div style={{ overflowWrap: 'anywhere' }}>{i.note}</div> : null}
      <Typography.Text type="secondary">
        {i.visitedByName ?? ''} {formatDateTime(i.visitedAt, locale)}
      </Typography.Text>
    </List.Item>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {d.drill ? <Tag color="gold">{t('emergency.drill')}</Tag> : <Tag color="red">{t('emergency.real')}</Tag>}
            <Tag color={d.status === 'active' ? 'processing' : 'default'} data-testid="emergency-status">
              {t(d.status === 'active' ? 'emergency.active' : 'emergency.closed')}
            </Tag>
          </Space>
        }
      >
        <Typography.Title level={5} style={{ marginTop: 0, overflowWrap: 'anywhere' }} data-testid="emergency-headline">
          {emergencyHeadline(d, i18n)}
        </Typography.Title>
        <Typography.Paragraph style={{ overflowWrap: 'anywhere' }}>
          {t('emergency.instructions')}：{d.instructions}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('emergency.declaredBy')}：{d.declaredByName} · {t('emergency.declaredAt')}{' '}
          {formatDateTime(d.declaredAt, locale)}
          {d.stoodDownAt ? ` · ${t('emergency.stoodDownAt')} ${formatDateTime(d.stoodDownAt, locale)}` : ''}
        </Typography.Paragraph>
        {d.summary ? (
          <Typography.Paragraph style={{ overflowWrap: 'anywhere' }}>
            {t('emergency.summary')}：{d.summary}
          </Typography.Paragraph>
        ) : null}
        <Figures detail={d} />
        <Typography.Text type="secondary">{d.status === 'active' ? t('emergency.autoRefresh') : null}</Typography.Text>
        <Space wrap style={{ marginTop: 12 }}>
          <ExportButton url="/api/v1/emergencies/{id}" path={{ id }} fallbackName="emergency.xlsx" />
          <ExportButton
            url="/api/v1/emergencies/{id}/report"
            path={{ id }}
            format={null}
            fallbackName="emergency.docx"
            label={t('emergency.report')}
            runningLabel={t('emergency.reportRunning')}
            testId="emergency-report"
          />
          {d.abilities.standDown ? (
            <Button danger onClick={() => setStandingDown(true)} data-testid="emergency-stand-down">
              {t('emergency.standDown')}
            </Button>
          ) : null}
        </Space>
      </Card>
      {d.abilities.mark ? <DoorToDoor emergencyId={id} onMarked={reload} /> : null}
      <Card title={t('emergency.townships')}>
        <Table
          size="small"
          rowKey={(r) => String(r.unitId)}
          dataSource={d.townships}
          pagination={false}
          scroll={phone ? { x: 'max-content' } : undefined}
          columns={[{ title: t('emergency.township'), dataIndex: 'unitName' }, ...countColumns]}
          data-testid="emergency-townships"
        />
      </Card>
      <Card title={t('emergency.grids')}>
        <Table
          size="small"
          rowKey="unitId"
          dataSource={d.grids}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={phone ? { x: 'max-content' } : undefined}
          columns={[{ title: t('emergency.grid'), dataIndex: 'unitName' }, ...countColumns]}
          data-testid="emergency-grids"
        />
      </Card>
      <Card title={t('emergency.needList')}>
        {d.needs.length ? <List dataSource={d.needs} renderItem={itemLine} data-testid="emergency-needs" /> : <Empty />}
      </Card>
      <Card title={t('emergency.notReachedList')}>
        {d.notReached.length ? <List dataSource={d.notReached} renderItem={itemLine} /> : <Empty />}
      </Card>
      {standingDown ? (
        <StandDownDialog
          id={id}
          onClose={() => setStandingDown(false)}
          onDone={() => {
            setStandingDown(false);
            void message.success(t('emergency.closed'));
            reload();
          }}
        />
      ) : null}
    </Space>
  );
}
