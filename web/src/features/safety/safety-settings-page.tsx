// /admin/safety (平安建设设置): what an administrator edits for the safety index and the screening
// ledgers — the index's weights and normalisation bounds (each component explained, the total kept
// at 100 before saving), a region's residents with their source, and how often the grids and
// villages under a region screen. Errors show on the field they concern.
import { App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { SCREENING_FREQUENCIES, type ScreeningFrequency } from '../../../../common/safety.ts';
import { api, ApiError, type Answer } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

type Component = Answer<'/api/v1/safety-index/settings'>['components'][number];

/** A 400's per-field details (`population`, `source`, …) as a form's field errors. */
function fieldErrorsOf<Name extends string>(
  failure: unknown,
  fields: readonly Name[],
): { name: Name; errors: string[] }[] {
  if (!(failure instanceof ApiError) || !Array.isArray(failure.details)) return [];
  return (failure.details as { field?: unknown; message?: unknown }[]).flatMap((d) => {
    const name = typeof d.field === 'string' ? d.field.split('.').pop() : undefined;
    const known = fields.find((f) => f === name);
    return known ? [{ name: known, errors: [typeof d.message === 'string' ? d.message : ''] }] : [];
  });
}

const hundredths = (n: number) => Math.round(n * 100);

function WeightsCard() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { message } = App.useApp();
  const [rows, setRows] = useState<Component[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const load = () =>
    api.GET('/api/v1/safety-index/settings').then(
      (answer) => {
        setRows(answer.components);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  useEffect(() => {
    void load();
  }, []);
  const change = (key: string, patch: Partial<Component>) =>
    setRows((before) => before?.map((r) => (r.key === key ? { ...r, ...patch } : r)) ?? null);

  const total = (rows ?? []).reduce((sum, r) => sum + hundredths(r.weight), 0) / 100;
  const weightBad = (r: Component) => !(r.weight >= 0 && r.weight <= 100);
  const boundsBad = (r: Component) => r.best === r.worst;
  const valid = rows !== null && hundredths(total) === 10_000 && !rows.some((r) => weightBad(r) || boundsBad(r));

  const save = async () => {
    if (!rows || !valid) return;
    setSaving(true);
    try {
      const answer = await api.PUT('/api/v1/safety-index/settings', {
        body: { components: rows.map(({ key, weight, best, worst }) => ({ key, weight, best, worst })) },
      });
      setRows(answer.components);
      void message.success(t('safetySettings.saved'));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (text: string | null, testId: string) =>
    text ? (
      <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid={testId}>
        {text}
      </Typography.Text>
    ) : null;

  return (
    <Card
      title={t('safetySettings.weights')}
      extra={
        <Button
          type="primary"
          onClick={() => void save()}
          loading={saving}
          disabled={!valid}
          data-testid="safety-weights-save"
        >
          {t('safetySettings.save')}
        </Button>
      }
    >
      {error !== null && <ErrorAlert error={error} onRetry={() => void load()} />}
      <Typography.Paragraph type="secondary">{t('safetySettings.weightsHelp')}</Typography.Paragraph>
      <Table<Component>
        rowKey="key"
        size="small"
        loading={rows === null && error === null}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        onRow={(r) => ({ 'data-testid': `safety-weight-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('safetySettings.component'),
            key: 'name',
            width: 150,
            render: (_: unknown, r) => pick({ zh: r.name, en: r.nameEn }),
          },
          {
            title: t('safetySettings.meaning'),
            key: 'meaning',
            render: (_: unknown, r) => (
              <Typography.Text type="secondary">{t(`safetySettings.explain.${r.key}` as MessageKey)}</Typography.Text>
            ),
          },
          {
            title: t('safetySettings.weight'),
            key: 'weight',
            width: 120,
            render: (_: unknown, r) => (
              <>
                <InputNumber
                  style={{ width: 90 }}
                  value={r.weight}
                  step={1}
                  status={weightBad(r) ? 'error' : undefined}
                  onChange={(value) => change(r.key, { weight: value ?? Number.NaN })}
                  data-testid={`weight-${r.key}`}
                />
                {fieldError(weightBad(r) ? t('safetySettings.weightRange') : null, `weight-${r.key}-error`)}
              </>
            ),
          },
          ...(['best', 'worst'] as const).map((bound) => ({
            title: t(bound === 'best' ? 'safetySettings.best' : 'safetySettings.worst'),
            key: bound,
            width: 130,
            render: (_: unknown, r: Component) => (
              <>
                <InputNumber
                  style={{ width: 100 }}
                  value={r[bound]}
                  status={boundsBad(r) ? 'error' : undefined}
                  onChange={(value) => change(r.key, { [bound]: value ?? Number.NaN })}
                  data-testid={`${bound}-${r.key}`}
                />
                {bound === 'worst'
                  ? fieldError(boundsBad(r) ? t('safetySettings.sameBounds') : null, `bounds-${r.key}-error`)
                  : null}
              </>
            ),
          })),
        ]}
      />
      <Typography.Paragraph
        strong
        type={hundredths(total) === 10_000 ? undefined : 'danger'}
        style={{ marginTop: 12, marginBottom: 0 }}
        data-testid="safety-weights-total"
      >
        {hundredths(total) === 10_000
          ? t('safetySettings.total', { total })
          : t('safetySettings.totalWrong', { total })}
      </Typography.Paragraph>
    </Card>
  );
}

/** A region unit found by name (township, village, grid …). */
function RegionSearch({
  value,
  onChange,
  testId,
}: {
  value?: number;
  onChange?: (id: number) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = (q: string) => {
    if (!q.trim()) return;
    api.GET('/api/v1/units', { params: { query: { q: q.trim(), type: 'region', limit: 20 } } }).then(
      // The official code tells apart the many townships of one name across the province.
      (page) => setOptions(page.items.map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }))),
      () => setOptions([]),
    );
  };
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('safetySettings.unitPlaceholder')}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

interface PopulationValues {
  unitId: number;
  population: number;
  source: string;
}

function PopulationCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<PopulationValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: PopulationValues) => {
    setSaving(true);
    setError(null);
    try {
      const answer = await api.PUT('/api/v1/safety-index/populations/{unitId}', {
        params: { path: { unitId: values.unitId } },
        body: { population: values.population, source: values.source.trim() },
      });
      const unit = (await api.GET('/api/v1/units/{id}', { params: { path: { id: answer.unitId } } })).name;
      void message.success(t('safetySettings.populationSaved', { unit, population: answer.population }));
    } catch (failure) {
      const found = fieldErrorsOf(failure, ['unitId', 'population', 'source'] as const);
      if (found.length > 0) form.setFields(found);
      else setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('safetySettings.populations')}>
      <Typography.Paragraph type="secondary">{t('safetySettings.populationsHelp')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} />}
      <Form<PopulationValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 480 }}>
        <Form.Item
          name="unitId"
          label={t('safetySettings.unit')}
          rules={[{ required: true, message: t('safetySettings.required') }]}
        >
          <RegionSearch testId="population-unit" />
        </Form.Item>
        <Form.Item
          name="population"
          label={t('safetySettings.population')}
          rules={[
            { required: true, message: t('safetySettings.required') },
            {
              type: 'integer',
              min: 0,
              max: 100_000_000,
              message: t('safetySettings.populationRange'),
            },
          ]}
        >
          <InputNumber style={{ width: '100%' }} data-testid="population-count" />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('safetySettings.source')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('safetySettings.required') }]}
        >
          <Input placeholder={t('safetySettings.sourcePlaceholder')} data-testid="population-source" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="population-save">
          {t('safetySettings.savePopulation')}
        </Button>
      </Form>
    </Card>
  );
}

interface ScheduleValues {
  unitId: number;
  frequency: ScreeningFrequency;
}

function ScheduleCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: ScheduleValues) => {
    setSaving(true);
    setError(null);
    try {
      const answer = await api.PUT('/api/v1/screenings/schedules/{unitId}', {
        params: { path: { unitId: values.unitId } },
        body: { frequency: values.frequency },
      });
      const unit = (await api.GET('/api/v1/units/{id}', { params: { path: { id: answer.unitId } } })).name;
      void message.success(t('safetySettings.scheduleSaved', { unit }));
    } catch (failure) {
      const found = fieldErrorsOf(failure, ['unitId', 'frequency'] as const);
      if (found.length > 0) form.setFields(found);
      else setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('safetySettings.schedules')}>
      <Typography.Paragraph type="secondary">{t('safetySettings.schedulesHelp')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} />}
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        initialValues={{ frequency: 'monthly' }}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 480 }}
      >
        <Form.Item
          name="unitId"
          label={t('safetySettings.unit')}
          rules={[{ required: true, message: t('safetySettings.required') }]}
        >
          <RegionSearch testId="schedule-unit" />
        </Form.Item>
        <Form.Item name="frequency" label={t('safetySettings.frequency')} rules={[{ required: true }]}>
          <Radio.Group data-testid="schedule-frequency">
            {SCREENING_FREQUENCIES.map((f) => (
              <Radio key={f} value={f}>
                {t(f === 'weekly' ? 'screening.weekly' : 'screening.monthly')}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="schedule-save">
          {t('safetySettings.saveSchedule')}
        </Button>
      </Form>
    </Card>
  );
}

export default function SafetySettingsPage() {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="safety-settings">
      <WeightsCard />
      <PopulationCard />
      <ScheduleCard />
    </Space>
  );
}
