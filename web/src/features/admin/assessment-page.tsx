// 考核方案 (系统管理 → 考核方案): the scheme versions, which is in force for which periods and who
// added it; the one in force today in readable form; a form for the next version, prefilled from
// it (a version is never edited); and the scores of a period under the version in force for it,
// exportable, with a recompute that replaces the stored snapshot.
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parsePeriod } from '../../../../common/period.ts';
import { api, ApiError } from '../../shared/api.ts';
import type { AssessmentScheme, RankingRow } from '../../shared/api-types.ts';
import { describeError } from '../../shared/describe-error.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, formatPercent, useI18n } from '../../shared/i18n.tsx';
import { PeriodPicker } from '../../shared/period-picker.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { CodeSelect } from './code-select.tsx';

const RATES = ['response', 'resolution', 'satisfaction', 'onTime', 'acceptedOnTime'] as const;
type Rate = (typeof RATES)[number];
const DEDUCTIONS = ['redCard', 'supervision', 'verifiedUnsatisfied'] as const;
const LEVELS = ['township', 'department', 'county', 'committee'] as const;
type Level = (typeof LEVELS)[number];
type Rules = AssessmentScheme['rules'];

interface FormValues {
  name: string;
  effectiveFrom: Dayjs;
  note?: string;
  weights: Record<Rate, number>;
  minimumSample: { received: number; rated: number };
  deductions: Record<(typeof DEDUCTIONS)[number], number>;
  bonuses: { rate: Rate; atLeast: number; points: number }[];
  useSampledSatisfaction: boolean;
  leaderCases: { settledBonus: number; openDeduction: number };
}

/** Each version with the days it scores: from its day until the next version's, none when replaced the same day. */
export function inForceSpans(
  schemes: readonly AssessmentScheme[],
): Map<number, { from: string; until: string | null } | null> {
  const sorted = [...schemes].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  const spans = new Map<number, { from: string; until: string | null } | null>();
  sorted.forEach((s, i) => {
    const next = sorted.slice(i + 1).find((n) => n.effectiveFrom > s.effectiveFrom);
    const replaced = sorted.slice(i + 1).some((n) => n.effectiveFrom === s.effectiveFrom);
    spans.set(
      s.id,
      replaced
        ? null
        : {
            from: s.effectiveFrom,
            until: next ? dayjs(next.effectiveFrom).subtract(1, 'day').format('YYYY-MM-DD') : null,
          },
    );
  });
  return spans;
}

function currentOf(schemes: readonly AssessmentScheme[], today: string): AssessmentScheme | undefined {
  return [...schemes]
    .filter((s) => s.effectiveFrom <= today)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
}

const leaderOf = (rules: Rules) => rules.leaderCases ?? { settledBonus: 0, openDeduction: 0 };

function RulesView({ scheme }: { scheme: AssessmentScheme }) {
  const { t, server } = useI18n();
  const { rules } = scheme;
  const total = RATES.reduce((sum, r) => sum + rules.weights[r], 0);
  const leader = leaderOf(rules);
  return (
    <Descriptions column={1} size="small" bordered data-testid="assessment-current">
      <Descriptions.Item label={t('assessment.version')}>
        <span data-testid="assessment-current-version">{scheme.version}</span> · {server(scheme.name)}
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.effectiveFrom')}>{scheme.effectiveFrom}</Descriptions.Item>
      <Descriptions.Item label={t('assessment.weights')}>
        <Space wrap size={[16, 4]}>
          {RATES.map((r) => (
            <span key={r} data-testid={`assessment-weight-${r}`}>
              {t(`assessment.weight.${r}`)}：
              {t('assessment.weightShare', {
                weight: rules.weights[r],
                share: formatPercent(total > 0 ? rules.weights[r] / total : null),
              })}
            </span>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.minimumSample')}>
        {t('assessment.minReceived')}：{rules.minimumSample.received}；{t('assessment.minRated')}：
        {rules.minimumSample.rated}
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.deductions')}>
        <Space wrap size={[16, 4]}>
          {DEDUCTIONS.map((d) => (
            <span key={d}>
              {t(`assessment.deduction.${d}`)}：{t('assessment.points', { points: rules.deductions[d] })}
            </span>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.bonuses')}>
        {rules.bonuses.length === 0
          ? t('assessment.bonusNone')
          : rules.bonuses.map((b, i) => (
              <div key={i}>
                {t('assessment.bonusLine', {
                  rate: t(`assessment.weight.${b.rate}`),
                  atLeast: formatPercent(b.atLeast),
                  points: b.points,
                })}
              </div>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.sampled')}>
        {rules.useSampledSatisfaction ? t('common.yes') : t('common.no')}
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.leaderCases')}>
        {t('assessment.leaderLine', { settled: leader.settledBonus, open: leader.openDeduction })}
      </Descriptions.Item>
      {scheme.note ? <Descriptions.Item label={t('assessment.note')}>{scheme.note}</Descriptions.Item> : null}
    </Descriptions>
  );
}

function valuesOf(scheme: AssessmentScheme | undefined): Partial<FormValues> {
  if (!scheme) return { effectiveFrom: dayjs().add(1, 'day') };
  const { rules } = scheme;
  return {
    name: scheme.name,
    effectiveFrom: dayjs().add(1, 'day'),
    weights: { ...rules.weights },
    minimumSample: { ...rules.minimumSample },
    deductions: { ...rules.deductions },
    bonuses: rules.bonuses.map((b) => ({ ...b, atLeast: Math.round(b.atLeast * 10000) / 100 })),
    useSampledSatisfaction: rules.useSampledSatisfaction,
    leaderCases: { ...leaderOf(rules) },
  };
}

function NewVersionForm({ current, onCreated }: { current: AssessmentScheme | undefined; onCreated: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  // A second submit while the first is on its way would create a second version.
  const inFlight = useRef(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => form.setFieldsValue(valuesOf(current)), [current, form]);
  const number = (min: number, max: number) => ({ min, max, style: { width: 120 } });

  const submit = async (values: FormValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setFailure(null);
    try {
      const created = await api.POST('/api/v1/assessment-schemes', {
        body: {
          name: values.name,
          effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
          note: values.note?.trim() ? values.note.trim() : null,
          rules: {
            weights: values.weights,
            minimumSample: values.minimumSample,
            deductions: values.deductions,
            bonuses: (values.bonuses ?? []).map((b) => ({
              rate: b.rate,
              atLeast: Math.round(b.atLeast * 100) / 10000,
              points: b.points,
            })),
            useSampledSatisfaction: values.useSampledSatisfaction,
            leaderCases: values.leaderCases,
          },
        },
      });
      void message.success(t('assessment.created', { version: created.version }));
      onCreated();
    } catch (error) {
      setFailure(error);
      // The server names the field of each refusal (`rules.weights.response`): show it there.
      if (error instanceof ApiError && Array.isArray(error.details)) {
        const fields = (error.details as { field?: unknown; message?: unknown }[])
          .filter((d) => typeof d.field === 'string' && typeof d.message === 'string')
          .map((d) => ({
            name: (d.field as string)
              .split('.')
              .map((part): string | number => (/^\d+$/.test(part) ? Number(part) : part)),
            errors: [i18n.server(d.message as string)],
          }));
        form.setFields(fields as never);
      }
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      // A new version is created only by its button: Enter in a field (the date picker takes Enter
      // to accept a typed date) must not submit the whole scheme behind the admin's back.
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') event.preventDefault();
      }}
      data-testid="assessment-form"
      initialValues={valuesOf(current)}
    >
      <Alert type="info" showIcon message={t('assessment.prefilled')} style={{ marginBottom: 16 }} />
      {failure ? (
        <Alert
          type="error"
          showIcon
          message={describeError(failure, i18n)}
          style={{ marginBottom: 16 }}
          data-testid="assessment-form-error"
        />
      ) : null}
      <Space wrap align="start">
        <Form.Item name="name" label={t('assessment.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input style={{ width: 240 }} data-testid="assessment-name" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('assessment.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker data-testid="assessment-effective-from" />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('assessment.weights')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('assessment.weightsHint')}</Typography.Paragraph>
      <Space wrap align="start">
        {RATES.map((r) => (
          <Form.Item
            key={r}
            name={['weights', r]}
            label={t(`assessment.weight.${r}`)}
            dependencies={RATES.filter((o) => o !== r).map((o) => ['weights', o])}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: () =>
                  RATES.some((o) => Number(getFieldValue(['weights', o])) > 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('assessment.weightsNone'))),
              }),
            ]}
          >
            <InputNumber {...number(0, 100)} data-testid={`assessment-weight-input-${r}`} />
          </Form.Item>
        ))}
      </Space>
      <Typography.Title level={5}>{t('assessment.minimumSample')}</Typography.Title>
      <Space wrap align="start">
        <Form.Item
          name={['minimumSample', 'received']}
          label={t('assessment.minReceived')}
          rules={[{ required: true }]}
        >
          <InputNumber {...number(0, 100_000)} precision={0} />
        </Form.Item>
        <Form.Item name={['minimumSample', 'rated']} label={t('assessment.minRated')} rules={[{ required: true }]}>
          <InputNumber {...number(0, 100_000)} precision={0} />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('assessment.deductions')}</Typography.Title>
      <Space wrap align="start">
        {DEDUCTIONS.map((d) => (
          <Form.Item
            key={d}
            name={['deductions', d]}
            label={t(`assessment.deduction.${d}`)}
            rules={[{ required: true }]}
          >
            <InputNumber {...number(0, 100)} />
          </Form.Item>
        ))}
      </Space>
      <Typography.Title level={5}>{t('assessment.leaderCases')}</Typography.Title>
      <Space wrap align="start">
        <Form.Item
          name={['leaderCases', 'settledBonus']}
          label={t('assessment.leaderSettled')}
          rules={[{ required: true }]}
        >
          <InputNumber {...number(0, 100)} data-testid="assessment-leader-settled" />
        </Form.Item>
        <Form.Item
          name={['leaderCases', 'openDeduction']}
          label={t('assessment.leaderOpen')}
          rules={[{ required: true }]}
        >
          <InputNumber {...number(0, 100)} data-testid="assessment-leader-open" />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('assessment.bonuses')}</Typography.Title>
      <Form.List name="bonuses">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} wrap align="start">
                <Form.Item name={[field.name, 'rate']} label={t('assessment.bonusRate')} rules={[{ required: true }]}>
                  <CodeSelect<Rate>
                    codes={RATES}
                    label={(r) => t(`assessment.weight.${r}`)}
                    style={{ width: 160 }}
                    aria-label={t('assessment.bonusRate')}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'atLeast']}
                  label={t('assessment.bonusAtLeast')}
                  rules={[{ required: true }]}
                >
                  <InputNumber {...number(0, 100)} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'points']}
                  label={t('assessment.bonusPoints')}
                  rules={[{ required: true }]}
                >
                  <InputNumber {...number(0, 100)} />
                </Form.Item>
                <Form.Item label=" ">
                  <Button onClick={() => remove(field.name)}>{t('assessment.bonusRemove')}</Button>
                </Form.Item>
              </Space>
            ))}
            <Form.Item>
              <Button
                onClick={() => add({ rate: 'resolution', atLeast: 95, points: 1 })}
                disabled={fields.length >= 20}
              >
                {t('assessment.bonusAdd')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item name="useSampledSatisfaction" label={t('assessment.sampled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="note" label={t('assessment.note')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="assessment-create">
        {t('assessment.create')}
      </Button>
    </Form>
  );
}

function ScoresPanel({ lastCreated }: { lastCreated: number }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  // Level and period live in the address (?level=&period=), so a scores view can be linked.
  const [params, setParams] = useSearchParams();
  const level: Level = (LEVELS as readonly string[]).includes(params.get('level') ?? '')
    ? (params.get('level') as Level)
    : 'township';
  const asked = params.get('period');
  const period = asked && parsePeriod(asked) ? asked : dayjs().subtract(1, 'month').format('YYYY-MM');
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const setLevel = (value: Level) => set('level', value);
  const setPeriod = (value: string) => set('period', value);
  const wantsCity = level === 'county';
  const units = useLoad(
    () =>
      api.GET('/api/v1/units', {
        params: { query: { type: 'region', level: wantsCity ? 'city' : 'county', limit: 500 } },
      }),
    String(wantsCity),
  );
  const [within, setWithin] = useState<number | undefined>(undefined);
  const options = units.data?.items ?? [];
  const withinUnitId = options.some((u) => u.id === within) ? within : options[0]?.id;
  const [recomputing, setRecomputing] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const query = { level, period, ...(withinUnitId ? { withinUnitId } : {}) };
  const [round, setRound] = useState(0);
  const scores = useLoad(
    () => (withinUnitId ? api.GET('/api/v1/assessment-scores', { params: { query } }) : Promise.resolve(undefined)),
    `${JSON.stringify(query)}:${round}:${lastCreated}`,
  );
  const table = scores.data;

  const recompute = async () => {
    if (!withinUnitId) return;
    setRecomputing(true);
    setOutcome(null);
    try {
      const done = await api.POST('/api/v1/assessment-scores/recompute', {
        body: { level, period, withinUnitId },
      });
      setOutcome({ ok: true, text: t('assessment.recomputed', { version: done.scheme.version }) });
      setRound((r) => r + 1);
    } catch (failure) {
      setOutcome({ ok: false, text: describeError(failure, i18n) });
    } finally {
      setRecomputing(false);
    }
  };

  return (
    <Card title={t('assessment.scores')} data-testid="assessment-scores" size="small">
      <Space wrap style={{ marginBottom: 16 }}>
        <CodeSelect<Level>
          codes={LEVELS}
          value={level}
          onChange={(l) => l && setLevel(l)}
          label={(l) => t(`rankings.level.${l}`)}
          aria-label={t('rankings.level')}
          style={{ width: 160 }}
          data-testid="assessment-level"
        />
        <Select<number>
          value={withinUnitId}
          onChange={setWithin}
          loading={units.loading}
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          aria-label={t('rankings.unit')}
          data-testid="assessment-within"
          options={options.map((u) => ({ value: u.id, label: u.name }))}
        />
        <PeriodPicker value={period} onChange={setPeriod} testId="assessment-period" />
        <ExportButton
          url="/api/v1/assessment-scores"
          query={query}
          fallbackName={`assessment-${period}.xlsx`}
          label={t('rankings.export')}
          testId="assessment-export"
        />
        <Popconfirm
          title={t('assessment.recompute')}
          description={t('assessment.recomputeConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => void recompute()}
          okButtonProps={{ 'data-testid': 'assessment-recompute-ok' }}
        >
          <Button danger loading={recomputing} disabled={!withinUnitId} data-testid="assessment-recompute">
            {recomputing ? t('assessment.recomputing') : t('assessment.recompute')}
          </Button>
        </Popconfirm>
      </Space>
      {outcome ? (
        <Alert
          type={outcome.ok ? 'success' : 'error'}
          showIcon
          message={outcome.text}
          style={{ marginBottom: 16 }}
          data-testid="assessment-recompute-result"
        />
      ) : null}
      {units.error ? <ErrorAlert error={units.error} onRetry={units.reload} /> : null}
      {scores.error ? <ErrorAlert error={scores.error} onRetry={scores.reload} /> : null}
      {table ? (
        <Space wrap style={{ marginBottom: 8 }}>
          <Typography.Text data-testid="assessment-scores-scheme" data-version={table.scheme.version}>
            {t('assessment.scoresScheme', { version: table.scheme.version, name: i18n.server(table.scheme.name) })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {table.stored && table.computedAt
              ? t('assessment.computedAt', { at: formatDateTime(table.computedAt, locale) })
              : t('assessment.live')}
          </Typography.Text>
        </Space>
      ) : null}
      <Spin spinning={recomputing}>
        <Table<RankingRow>
          rowKey="unitId"
          size="small"
          loading={scores.loading}
          dataSource={table?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="assessment-scores-table"
          columns={[
            {
              title: t('rankings.rank'),
              dataIndex: 'rank',
              render: (rank: number | null, row) =>
                rank === null ? (
                  <Typography.Text type="secondary">
                    {t(`rankings.unranked.${row.unrankedReason ?? 'no_cases'}`)}
                  </Typography.Text>
                ) : (
                  <Space size={4}>
                    <strong>{rank}</strong>
                    {row.tied && <Tag>{t('rankings.tied')}</Tag>}
                  </Space>
                ),
            },
            { title: t('rankings.unit'), dataIndex: 'unitName' },
            { title: t('rankings.received'), dataIndex: 'received' },
            ...(['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'] as const).map((key) => ({
              title: t(`rankings.${key}`),
              dataIndex: key,
              render: (v: number | null) => formatPercent(v),
            })),
            { title: t('rankings.supervised'), dataIndex: 'supervised' },
            {
              title: t('assessment.leaderColumn'),
              key: 'leader',
              render: (_: unknown, row: RankingRow) => `${row.leaderSettled} / ${row.leaderOpen}`,
            },
            {
              title: t('rankings.score'),
              dataIndex: 'score',
              render: (s: number | null) => (s === null ? '—' : s),
            },
          ]}
        />
      </Spin>
    </Card>
  );
}

export default function AssessmentPage() {
  const { t, locale, server } = useI18n();
  const [created, setCreated] = useState(0);
  const schemes = useLoad(() => api.GET('/api/v1/assessment-schemes'), String(created));
  const items = useMemo(() => schemes.data?.items ?? [], [schemes.data]);
  const today = dayjs().format('YYYY-MM-DD');
  const current = currentOf(items, today);
  const spans = useMemo(() => inForceSpans(items), [items]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="assessment-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('assessment.title')}
      </Typography.Title>
      {schemes.error ? <ErrorAlert error={schemes.error} onRetry={schemes.reload} /> : null}
      <Card title={t('assessment.versions')} size="small">
        <Table<AssessmentScheme>
          rowKey="id"
          size="small"
          loading={schemes.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="assessment-versions"
          columns={[
            {
              title: t('assessment.version'),
              dataIndex: 'version',
              render: (v: number, s) => (
                <Space size={4}>
                  <strong>{v}</strong>
                  {current?.id === s.id && <Tag color="green">{t('assessment.inForce')}</Tag>}
                  {s.effectiveFrom > today && <Tag color="blue">{t('assessment.future')}</Tag>}
                </Space>
              ),
            },
            { title: t('assessment.name'), dataIndex: 'name', render: (name: string) => server(name) },
            {
              title: t('assessment.period'),
              key: 'period',
              render: (_: unknown, s) => {
                const span = spans.get(s.id);
                if (!span) return '—';
                return span.until
                  ? t('assessment.periodBetween', { from: span.from, to: span.until })
                  : t('assessment.periodFrom', { from: span.from });
              },
            },
            {
              title: t('assessment.weights'),
              key: 'weights',
              render: (_: unknown, s) =>
                RATES.filter((r) => s.rules.weights[r] > 0)
                  .map((r) => `${t(`assessment.weight.${r}`)} ${s.rules.weights[r]}`)
                  .join('、'),
            },
            {
              title: t('assessment.createdBy'),
              dataIndex: 'createdByName',
              render: (name: string | null) => name ?? t('assessment.builtIn'),
            },
            {
              title: t('assessment.createdAt'),
              dataIndex: 'createdAt',
              render: (at: string) => formatDateTime(at, locale),
            },
            {
              title: t('assessment.used'),
              dataIndex: 'used',
              render: (used: boolean) => (used ? t('common.yes') : t('common.no')),
            },
          ]}
        />
      </Card>
      {current ? (
        <Card title={t('assessment.current')} size="small">
          <RulesView scheme={current} />
          <Collapse
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'json',
                label: t('assessment.rules'),
                children: (
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(current.rules, null, 2)}</pre>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      <Card title={t('assessment.newVersion')} size="small">
        <NewVersionForm current={current} onCreated={() => setCreated((n) => n + 1)} />
      </Card>
      <ScoresPanel lastCreated={created} />
    </Space>
  );
}
