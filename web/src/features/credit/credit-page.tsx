// 信用记录 (/credit, issue 19 §4, ADR 0034): for the roles that decide on credit — the records of the
// area with filters (.xlsx export), one record with its history and objections (filed on the
// subject's behalf, decided by upholding or correcting: a correction is a new version), the rules
// as data (administrators edit them), and the JSON Lines export for the city platform.
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import type { components } from '../../shared/api-schema.d.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';

type CreditRecord = components['schemas']['CreditRecord'];
type CreditDetail = components['schemas']['CreditRecordDetail'];
type CreditRule = components['schemas']['CreditRule'];
type Direction = CreditRecord['direction'];
type SourceKind = CreditRecord['source']['kind'];
type Via = CreditDetail['objections'][number]['receivedVia'];

const SOURCE_KINDS: SourceKind[] = [
  'agreement_broken',
  'agreement_kept',
  'judicial_confirmation',
  'false_report',
  'recognition',
];
const VIAS: Via[] = ['window', 'phone', 'letter', 'online'];

function DirectionTag({ direction }: { direction: Direction }) {
  const { t } = useI18n();
  return <Tag color={direction === 'trust' ? 'green' : 'red'}>{t(`credit.direction.${direction}`)}</Tag>;
}

function RecordsList() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const navigate = useNavigate();
  const [direction, setDirection] = useState<Direction | undefined>(undefined);
  const [sourceKind, setSourceKind] = useState<SourceKind | undefined>(undefined);
  const [objected, setObjected] = useState(false);
  const query = {
    ...(direction ? { direction } : {}),
    ...(sourceKind ? { sourceKind } : {}),
    ...(objected ? { objected: '1' as const } : {}),
  };
  const list = useLoad(() => api.GET('/api/v1/credit/records', { params: { query } }), JSON.stringify(query));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Radio.Group
          value={direction ?? 'all'}
          optionType="button"
          onChange={(e) => setDirection(e.target.value === 'all' ? undefined : (e.target.value as Direction))}
        >
          <Radio.Button value="all">{t('credit.filter.all')}</Radio.Button>
          <Radio.Button value="breach">{t('credit.direction.breach')}</Radio.Button>
          <Radio.Button value="trust">{t('credit.direction.trust')}</Radio.Button>
        </Radio.Group>
        <Select<SourceKind>
          allowClear
          placeholder={t('credit.source')}
          style={{ minWidth: 160 }}
          value={sourceKind}
          onChange={(v) => setSourceKind(v)}
          options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`credit.source.${k}`) }))}
          data-testid="credit-source-filter"
        />
        <Checkbox checked={objected} onChange={(e) => setObjected(e.target.checked)}>
          {t('credit.filter.objected')}
        </Checkbox>
        <ExportButton url="/api/v1/credit/records" query={query} fallbackName="credit-records.xlsx" />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<CreditRecord>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('credit.none')} /> }}
        onRow={(r) => ({ onClick: () => navigate(`/credit/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('credit.subject'),
            key: 'subject',
            render: (_, r) => (
              <Link to={`/credit/${r.id}`} data-testid="credit-row">
                {r.subject.name}
              </Link>
            ),
          },
          {
            title: t('credit.idNumber'),
            key: 'ident',
            render: (_, r) => r.subject.creditCode ?? r.subject.idNumber ?? '—',
          },
          { title: t('credit.area'), key: 'area', render: (_, r) => r.subject.unitName },
          {
            title: t('credit.direction'),
            key: 'direction',
            render: (_, r) => <DirectionTag direction={r.direction} />,
          },
          { title: t('credit.rule'), dataIndex: 'ruleName' },
          { title: t('credit.score'), dataIndex: 'score', align: 'right' },
          {
            title: t('credit.source'),
            key: 'source',
            render: (_, r) => `${t(`credit.source.${r.source.kind}`)} ${r.source.ref ?? ''}`,
          },
          {
            title: t('credit.validity'),
            key: 'validity',
            render: (_, r) => `${formatDate(r.validFrom, locale)} – ${formatDate(r.validUntil, locale)}`,
          },
          {
            title: t('credit.status'),
            key: 'status',
            render: (_, r) => (
              <Space size={2} wrap>
                <Tag color={r.status === 'revoked' ? 'default' : r.current ? 'blue' : 'default'}>
                  {r.status === 'revoked'
                    ? t('credit.status.revoked')
                    : r.current
                      ? t('credit.status.in_force')
                      : t('credit.expired')}
                </Tag>
                {r.pendingObjectionId !== null ? <Tag color="orange">{t('credit.objected')}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

interface ObjectionValues {
  reason: string;
  receivedVia: Via;
}

function ObjectionDialog({
  record,
  onDone,
  onClose,
}: {
  record: CreditDetail;
  onDone: (r: CreditDetail) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ObjectionValues>();
  const submit = useSubmit();
  const onFinish = (values: ObjectionValues) =>
    submit.run(async () => {
      onDone(
        await api.POST('/api/v1/credit/records/{id}/objections', { params: { path: { id: record.id } }, body: values }),
      );
    });
  return (
    <FormDialog
      title={t('credit.objection.file')}
      okTestId="credit-objection-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ receivedVia: 'window' }}>
        <Form.Item name="receivedVia" label={t('credit.objection.via')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={VIAS.map((v) => ({ value: v, label: t(`credit.via.${v}`) }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('credit.objection.reason')}
          rules={[{ required: true, whitespace: true, min: 5, message: t('credit.objection.reasonRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} data-testid="credit-objection-reason" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

interface DecisionValues {
  decision: 'uphold' | 'correct';
  note: string;
  score?: number;
  ruleCode?: string;
  revoke?: boolean;
}

function DecisionDialog({
  record,
  objectionId,
  onDone,
  onClose,
}: {
  record: CreditDetail;
  objectionId: number;
  onDone: (r: CreditDetail) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<DecisionValues>();
  const submit = useSubmit();
  const decision = Form.useWatch('decision', form);
  const rules = useLoad(() => api.GET('/api/v1/credit/rules'), 'rules');
  const onFinish = (values: DecisionValues) =>
    submit.run(async () => {
      const body =
        values.decision === 'uphold'
          ? { decision: 'uphold' as const, note: values.note }
          : {
              decision: 'correct' as const,
              note: values.note,
              ...(values.score !== undefined && values.score !== null ? { score: values.score } : {}),
              ...(values.ruleCode && values.ruleCode !== record.ruleCode ? { ruleCode: values.ruleCode } : {}),
              ...(values.revoke ? { revoke: true } : {}),
            };
      onDone(
        await api.POST('/api/v1/credit/objections/{id}/decision', { params: { path: { id: objectionId } }, body }),
      );
    });
  return (
    <FormDialog title={t('credit.decide')} okTestId="credit-decision-ok" form={form} submit={submit} onClose={onClose}>
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ decision: 'uphold' }}>
        <Form.Item name="decision" label={t('credit.decision')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'uphold', label: t('credit.decision.uphold') },
              { value: 'correct', label: t('credit.decision.correct') },
            ]}
            data-testid="credit-decision"
          />
        </Form.Item>
        {decision === 'correct' ? (
          <>
            <Form.Item name="ruleCode" label={t('credit.decision.newRule')}>
              <Select
                allowClear
                options={(rules.data?.items ?? [])
                  .filter((r) => r.active)
                  .map((r) => ({ value: r.code, label: `${r.name}（${r.score}）` }))}
              />
            </Form.Item>
            <Form.Item name="score" label={t('credit.decision.newScore')}>
              <InputNumber min={-1000} max={1000} style={{ width: '100%' }} data-testid="credit-decision-score" />
            </Form.Item>
            <Form.Item name="revoke" valuePropName="checked">
              <Checkbox>{t('credit.decision.revoke')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          name="note"
          label={t('credit.decision.note')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('credit.decision.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="credit-decision-note" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function RecordView({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'object' | 'decide' | null>(null);
  const [fresh, setFresh] = useState<CreditDetail | null>(null);
  const loaded = useLoad(() => api.GET('/api/v1/credit/records/{id}', { params: { path: { id } } }), String(id));
  const record = fresh ?? loaded.data;
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!record) return <PageLoading />;
  const done = (next: CreditDetail) => {
    setFresh(next);
    setDialog(null);
    void message.success(t('credit.decision.done'));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/credit">{t('credit.back')}</Link>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} data-testid="credit-record">
        <Descriptions.Item label={t('credit.subject')}>
          {record.subject.name}（{t(`credit.kind.${record.subject.kind}`)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.idNumber')}>
          {record.subject.creditCode ?? record.subject.idNumber ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.area')}>{record.subject.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('credit.source')}>
          {t(`credit.source.${record.source.kind}`)} {record.source.ref ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.rule')}>
          <DirectionTag direction={record.direction} /> {record.ruleName}
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.score')}>
          <span data-testid="credit-score">{record.score}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.validity')}>
          {formatDate(record.validFrom, locale)} – {formatDate(record.validUntil, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.status')}>
          {t(`credit.status.${record.status}`)} · {t('credit.version')} {record.version}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {record.abilities.object ? (
          <Button onClick={() => setDialog('object')} data-testid="credit-object">
            {t('credit.objection.file')}
          </Button>
        ) : null}
        {record.abilities.decide && record.pendingObjectionId !== null ? (
          <Button type="primary" onClick={() => setDialog('decide')} data-testid="credit-decide">
            {t('credit.decide')}
          </Button>
        ) : null}
      </Space>
      <Typography.Title level={5}>{t('credit.history')}</Typography.Title>
      <Timeline
        items={[...record.history].reverse().map((v) => ({
          color: v.status === 'revoked' ? 'gray' : v.direction === 'trust' ? 'green' : 'red',
          children: (
            <div data-testid="credit-version">
              <Typography.Text strong>
                {t('credit.version')} {v.version}
              </Typography.Text>{' '}
              · {v.ruleName} · {t('credit.score')} {v.score} · {t(`credit.status.${v.status}`)}
              <div>{v.reason}</div>
              <Typography.Text type="secondary">
                {v.madeByName ?? t('credit.system')} · {formatDateTime(v.madeAt, locale)}
              </Typography.Text>
            </div>
          ),
        }))}
      />
      {record.objections.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('credit.objections')}</Typography.Title>
          {record.objections.map((o) => (
            <Card key={o.id} size="small" data-testid="credit-objection">
              <Space direction="vertical" size={2}>
                <Space wrap>
                  <Tag color={o.status === 'pending' ? 'orange' : o.status === 'corrected' ? 'blue' : 'default'}>
                    {t(`credit.objection.${o.status}`)}
                  </Tag>
                  <Typography.Text type="secondary">
                    {t(`credit.via.${o.receivedVia}`)} · {o.filedByName} · {formatDateTime(o.filedAt, locale)}
                  </Typography.Text>
                </Space>
                <div>{o.reason}</div>
                {o.decisionNote ? (
                  <Typography.Text type="secondary">
                    {t('credit.decision')}：{o.decisionNote}（{o.decidedByName}，{formatDateTime(o.decidedAt, locale)}）
                  </Typography.Text>
                ) : null}
              </Space>
            </Card>
          ))}
        </>
      ) : null}
      {dialog === 'object' ? <ObjectionDialog record={record} onDone={done} onClose={() => setDialog(null)} /> : null}
      {dialog === 'decide' && record.pendingObjectionId !== null ? (
        <DecisionDialog
          record={record}
          objectionId={record.pendingObjectionId}
          onDone={done}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </Space>
  );
}

function RulesTable() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.GET('/api/v1/credit/rules'), 'rules');
  const [edits, setEdits] = useState<Record<string, Partial<CreditRule>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <PageLoading />;
  const editable = loaded.data.abilities.edit;
  const rows = loaded.data.items.map((r) => ({ ...r, ...edits[r.code] }));
  const edit = (code: string, patch: Partial<CreditRule>) =>
    setEdits((all) => ({ ...all, [code]: { ...all[code], ...patch } }));
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.PUT('/api/v1/credit/rules', {
        body: {
          rules: rows
            .filter((r) => edits[r.code])
            .map((r) => ({
              code: r.code,
              name: r.name,
              direction: r.direction,
              score: r.score,
              validityMonths: r.validityMonths,
              sourceKind: r.sourceKind,
              active: r.active,
            })),
        },
      });
      setEdits({});
      loaded.reload();
      void message.success(t('credit.rules.saved'));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {!editable ? <Typography.Text type="secondary">{t('credit.rules.readOnly')}</Typography.Text> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Table<CreditRule>
        size="small"
        rowKey="code"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('credit.rules.code'), dataIndex: 'code' },
          {
            title: t('credit.rules.name'),
            key: 'name',
            render: (_, r) =>
              editable ? (
                <Input value={r.name} maxLength={100} onChange={(e) => edit(r.code, { name: e.target.value })} />
              ) : (
                r.name
              ),
          },
          {
            title: t('credit.direction'),
            key: 'direction',
            render: (_, r) => <DirectionTag direction={r.direction} />,
          },
          {
            title: t('credit.score'),
            key: 'score',
            render: (_, r) =>
              editable ? (
                <InputNumber
                  value={r.score}
                  min={r.direction === 'trust' ? 0 : -1000}
                  max={r.direction === 'trust' ? 1000 : 0}
                  onChange={(v) => edit(r.code, { score: v ?? 0 })}
                  data-testid={`credit-rule-score-${r.code}`}
                />
              ) : (
                r.score
              ),
          },
          {
            title: t('credit.rules.months'),
            key: 'months',
            render: (_, r) =>
              editable ? (
                <InputNumber
                  value={r.validityMonths}
                  min={1}
                  max={120}
                  onChange={(v) => edit(r.code, { validityMonths: v ?? 1 })}
                />
              ) : (
                r.validityMonths
              ),
          },
          {
            title: t('credit.rules.sourceKind'),
            key: 'source',
            render: (_, r) => (r.sourceKind ? t(`credit.source.${r.sourceKind}`) : '—'),
          },
          {
            title: t('credit.rules.active'),
            key: 'active',
            render: (_, r) => (
              <Switch checked={r.active} disabled={!editable} onChange={(v) => edit(r.code, { active: v })} />
            ),
          },
        ]}
      />
      {editable ? (
        <Button
          type="primary"
          loading={saving}
          disabled={Object.keys(edits).length === 0}
          onClick={() => void save()}
          data-testid="credit-rules-save"
        >
          {t('credit.rules.save')}
        </Button>
      ) : null}
    </Space>
  );
}

function ExportPanel() {
  const { t } = useI18n();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('credit.export.hint')}</Typography.Paragraph>
      <DatePicker.RangePicker
        value={range}
        onChange={(v) => setRange(v)}
        placeholder={[t('credit.export.from'), t('credit.export.to')]}
      />
      {from && to ? (
        <ExportButton
          url="/api/v1/credit/export"
          query={{ from, to }}
          format={null}
          fallbackName={`credit-${from}-${to}.jsonl`}
          label={t('credit.export.button')}
          testId="credit-export"
        />
      ) : null}
    </Space>
  );
}

export default function CreditPage() {
  const { t } = useI18n();
  const { roles } = useSession();
  const { id } = useParams();
  const recordId = id ? Number(id) : null;
  const mayExport = roles.some((r) => holds(r, 'credit:export'));
  return (
    <Card title={t('credit.title')}>
      {recordId !== null && Number.isSafeInteger(recordId) && recordId > 0 ? (
        <RecordView id={recordId} />
      ) : (
        <Tabs
          items={[
            { key: 'records', label: t('credit.tab.records'), children: <RecordsList /> },
            { key: 'rules', label: t('credit.tab.rules'), children: <RulesTable /> },
            ...(mayExport ? [{ key: 'export', label: t('credit.tab.export'), children: <ExportPanel /> }] : []),
          ]}
        />
      )}
    </Card>
  );
}
