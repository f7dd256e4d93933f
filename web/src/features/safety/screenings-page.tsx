// 排查台账 (/screenings): a grid worker records the screening of the grid (or village) — the day it
// was done, and each dispute found: parties, description, risk grade, measures, the person
// responsible — and marks it done; below, the screenings of the unit, newest first, and for a
// township or the centre the coverage of the month, the grids and villages not screened first.
// Works on a 375-px phone.
import { Button, Card, DatePicker, Form, Input, List, Select, Space, Table, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { RISK_GRADES, RISK_GRADE_NAMES, type RiskGrade } from '../../../../common/safety.ts';
import { holds } from '../../../../common/powers.ts';
import { isRole } from '../../../../common/roles.ts';
import { mayUse } from '../../app/navigation.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Refusal } from '../admin/refusal.tsx';

type Coverage = Answer<'/api/v1/screenings/coverage'>;
type CoverageItem = Coverage['items'][number];

interface FindingForm {
  parties: string;
  description: string;
  riskGrade: RiskGrade;
  measures: string;
  responsiblePerson: string;
}
interface ScreeningForm {
  doneAt: Dayjs;
  note?: string;
  findings?: FindingForm[];
}

function RecordScreening({ unitId, onSaved }: { unitId: number; onSaved: (id: number) => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<ScreeningForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const required = [{ required: true, whitespace: true, message: t('screening.required') }];

  async function submit(values: ScreeningForm) {
    setSaving(true);
    setError(null);
    try {
      // Today: the server's now (a browser's clock may run ahead of it); another day: its noon.
      const doneAt = values.doneAt.isSame(dayjs(), 'day') ? undefined : values.doneAt.hour(12).toISOString();
      const saved = await api.POST('/api/v1/screenings', {
        body: {
          unitId,
          doneAt,
          note: values.note?.trim() || undefined,
          findings: (values.findings ?? []).map((f) => ({
            parties: f.parties
              .split(/[,，、]/)
              .map((name) => name.trim())
              .filter(Boolean)
              .map((name) => ({ name })),
            description: f.description.trim(),
            riskGrade: f.riskGrade,
            measures: f.measures.trim(),
            responsiblePerson: f.responsiblePerson.trim(),
          })),
        },
      });
      void message.success(t('screening.saved'));
      form.resetFields();
      onSaved(saved.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('screening.new')} size="small" style={{ marginBottom: 12 }} data-testid="screening-form">
      {error ? <ErrorAlert error={error} /> : null}
      <Form<ScreeningForm>
        form={form}
        layout="vertical"
        initialValues={{ doneAt: dayjs() }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="doneAt" label={t('screening.doneAt')} rules={[{ required: true }]}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="screening-done-at"
          />
        </Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  title={`${t('screening.findings')} ${i + 1}`}
                  extra={
                    <Button size="small" type="link" danger onClick={() => remove(field.name)}>
                      {t('screening.removeFinding')}
                    </Button>
                  }
                  style={{ marginBottom: 12 }}
                  data-testid="finding-form"
                >
                  <Form.Item name={[field.name, 'parties']} label={t('screening.parties')} rules={required}>
                    <Input maxLength={500} data-testid="finding-parties" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} label={t('screening.description')} rules={required}>
                    <Input.TextArea rows={3} maxLength={2000} data-testid="finding-description" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'riskGrade']}
                    label={t('screening.riskGrade')}
                    rules={[{ required: true, message: t('screening.required') }]}
                  >
                    <Select
                      data-testid="finding-grade"
                      options={RISK_GRADES.map((g) => ({ value: g, label: pick(RISK_GRADE_NAMES[g]) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'measures']} label={t('screening.measures')} rules={required}>
                    <Input.TextArea rows={2} maxLength={2000} data-testid="finding-measures" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'responsiblePerson']}
                    label={t('screening.responsible')}
                    rules={required}
                  >
                    <Input maxLength={50} data-testid="finding-responsible" />
                  </Form.Item>
                </Card>
              ))}
              <Button
                block
                onClick={() => add({ riskGrade: 'yellow' })}
                style={{ marginBottom: 12 }}
                data-testid="finding-add"
              >
                {t('screening.addFinding')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('screening.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving} data-testid="screening-submit">
          {t('screening.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function CoverageTable({ items }: { items: CoverageItem[] }) {
  const { t, locale } = useI18n();
  return (
    <Table<CoverageItem>
      rowKey="unitId"
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      dataSource={[...items].sort((a, b) => Number(a.screened) - Number(b.screened))}
      data-testid="screening-coverage"
      columns={[
        { title: t('screening.unit'), dataIndex: 'name' },
        {
          title: t('screening.frequency'),
          render: (_: unknown, row) => t(row.frequency === 'weekly' ? 'screening.weekly' : 'screening.monthly'),
        },
        {
          title: t('screening.screened'),
          render: (_: unknown, row) =>
            row.screened ? (
              <Tag color="green">{t('screening.screened')}</Tag>
            ) : (
              <Tag color="red" data-testid="coverage-missing">
                {t('screening.notScreened')}
              </Tag>
            ),
        },
        { title: t('screening.period'), render: (_: unknown, row) => `${row.done.length}/${row.expected.length}` },
        { title: t('screening.lastDone'), render: (_: unknown, row) => formatDate(row.lastDoneAt, locale) },
      ]}
    />
  );
}

export default function ScreeningsPage() {
  const { t, locale } = useI18n();
  const { roles, me } = useSession();
  const navigate = useNavigate();
  const allowed = mayUse(roles, '/screenings');
  const recordUnit = (me?.memberships ?? []).find((m) => isRole(m.role) && holds(m.role, 'screening:record'));
  const ledger = useLoad(async () => {
    if (!allowed) return null;
    const [list, coverage] = await Promise.all([
      api.GET('/api/v1/screenings', { params: { query: { limit: 50 } } }),
      api.GET('/api/v1/screenings/coverage', { params: { query: {} } }),
    ]);
    return { list: list.items, coverage };
  }, `screenings-${allowed}`);
  if (!allowed) return <Refusal />;
  const data = ledger.data;
  return (
    <Card title={t('screening.title')} styles={{ body: { padding: 12 } }} data-testid="screenings-page">
      {recordUnit ? (
        <RecordScreening unitId={recordUnit.unitId} onSaved={(id) => navigate(`/screenings/${id}`)} />
      ) : null}
      {ledger.error ? <ErrorAlert error={ledger.error} onRetry={ledger.reload} /> : null}
      {data ? (
        <>
          <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('screening.list')}
            </Typography.Title>
            <ExportButton url="/api/v1/screenings" fallbackName="screenings.xlsx" testId="export-screenings" />
          </Space>
          <List
            size="small"
            bordered
            dataSource={data.list}
            locale={{ emptyText: t('screening.none') }}
            data-testid="screening-list"
            renderItem={(s) => (
              <List.Item>
                <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                  <Link to={`/screenings/${s.id}`} data-testid="screening-link">
                    {s.unitName} · {s.period}
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDate(s.doneAt, locale)} · {s.screenedByName} ·{' '}
                    {t('screening.findingCount', { count: s.findingCount })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {data.coverage.items.length > 0 ? (
            <>
              <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginTop: 16, marginBottom: 8 }}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('screening.coverage')}
                </Typography.Title>
                <ExportButton
                  url="/api/v1/screenings/coverage"
                  query={{ withinUnitId: data.coverage.unitId, period: data.coverage.period }}
                  fallbackName="screening-coverage.xlsx"
                  testId="export-coverage"
                />
              </Space>
              <Typography.Paragraph type="secondary" data-testid="coverage-summary">
                {t('screening.coverageSummary', {
                  period: data.coverage.period,
                  screened: data.coverage.screened,
                  units: data.coverage.units,
                })}
              </Typography.Paragraph>
              <CoverageTable items={data.coverage.items} />
            </>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
