// 第三方评估: the evaluator's workspace. The samples of units in the user's area (newest first),
// and, for the evaluator, a form to draw a new one: a unit, a month, a size and an optional seed
// (the same seed draws the same cases). Opening a sample leads to its calling sheet.
import { App, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { currentMonth } from '../../../../common/period.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { UnitSearch } from '../org/unit-search.tsx';
import { ExportSamplesButton } from './export-button.tsx';

type Summary = Answer<'/api/v1/evaluation-samples'>['items'][number];

interface DrawValues {
  unitId: number;
  month: string;
  size: number;
  seed?: string;
}

function DrawForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<DrawValues>();
  const submit = useSubmit();
  return (
    <Card title={t('evaluation.draw')} size="small">
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ size: 30, month: currentMonth(new Date()).label }}
        onFinish={(values) =>
          void submit.run(async () => {
            const seed = values.seed?.trim();
            const sample = await api.POST('/api/v1/evaluation-samples', {
              body: { unitId: values.unitId, period: values.month, size: values.size, ...(seed ? { seed } : {}) },
            });
            void message.success(t('evaluation.drawn', { drawn: sample.drawn, population: sample.population }));
            navigate(`/evaluation/${sample.id}`);
          })
        }
      >
        <Space wrap align="start" size={[16, 0]}>
          <Form.Item
            name="unitId"
            label={t('evaluation.unit')}
            rules={[{ required: true, message: t('evaluation.unitRequired') }]}
          >
            <UnitSearch
              placeholder={t('evaluation.unit')}
              filter={{ type: 'region' }}
              testId="evaluation-unit"
              style={{ width: 260, maxWidth: '100%' }}
            />
          </Form.Item>
          <Form.Item
            name="month"
            label={t('evaluation.period')}
            rules={[{ required: true, message: t('evaluation.periodRequired') }]}
          >
            {/* A plain month input until the shared period picker lands. */}
            <Input type="month" style={{ width: 170 }} data-testid="evaluation-month" />
          </Form.Item>
          <Form.Item name="size" label={t('evaluation.size')} rules={[{ required: true }]}>
            <InputNumber min={1} max={400} precision={0} data-testid="evaluation-size" />
          </Form.Item>
          <Form.Item name="seed" label={t('evaluation.seed')}>
            <Input maxLength={64} style={{ width: 200 }} data-testid="evaluation-seed" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={submit.saving} data-testid="evaluation-draw">
          {t('evaluation.draw')}
        </Button>
      </Form>
    </Card>
  );
}

export default function EvaluationPage() {
  const { t, locale } = useI18n();
  const { roles } = useSession();
  const mayDraw = roles.some((role) => holds(role, 'evaluation:sample'));
  const [cursor] = useState<string | undefined>(undefined);
  const loaded = useLoad(
    () => api.GET('/api/v1/evaluation-samples', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    cursor ?? '',
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="evaluation-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('evaluation.title')}
      </Typography.Title>
      {mayDraw && <DrawForm />}
      <Space>
        <ExportSamplesButton fileName="evaluation-samples.xlsx" />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<Summary>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('evaluation.empty') }}
        scroll={{ x: 'max-content' }}
        pagination={false}
        data-testid="evaluation-samples"
        columns={[
          { title: t('evaluation.col.unit'), dataIndex: 'unitName' },
          { title: t('evaluation.col.period'), dataIndex: 'period' },
          { title: t('evaluation.col.drawn'), dataIndex: 'drawn' },
          { title: t('evaluation.col.reached'), dataIndex: 'reached' },
          { title: t('evaluation.col.population'), dataIndex: 'population' },
          { title: t('evaluation.col.seed'), dataIndex: 'seed' },
          {
            title: t('evaluation.col.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at, locale),
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, row) => <Link to={`/evaluation/${row.id}`}>{t('evaluation.open')}</Link>,
          },
        ]}
      />
    </Space>
  );
}
