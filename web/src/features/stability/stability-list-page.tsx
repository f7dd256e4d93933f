// 社会稳定风险评估: the assessments of the area, newest first, and starting one (its scope).
import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import type { RiskAssessmentListItem } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useLoad } from '../../shared/use-load.ts';

const KINDS = ['land', 'demolition', 'project', 'policy'] as const;
const GRADE_COLOURS = { high: 'red', medium: 'orange', low: 'green' } as const;

interface ScopeValues {
  unitId: number;
  title: string;
  decisionKind: (typeof KINDS)[number];
  description: string;
}

function StartDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<ScopeValues>();
  const units = useLoad(() => api.GET('/api/v1/units', { params: { query: { type: 'region' } } }), 'regions');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: ScopeValues) => {
    setSaving(true);
    try {
      const created = await api.POST('/api/v1/risk-assessments', { body: values });
      navigate(`/risk-assessments/${created.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('stability.new')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'risk-start-submit' }}
      destroyOnHidden
    >
      {error !== null && <ErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="risk-start-form">
        <Form.Item
          name="title"
          label={t('stability.field.title')}
          rules={[{ required: true, message: t('stability.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('stability.field.unit')}
          rules={[{ required: true, message: t('stability.required') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={units.loading}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item
          name="decisionKind"
          label={t('stability.field.kind')}
          rules={[{ required: true, message: t('stability.required') }]}
        >
          <Select options={KINDS.map((k) => ({ value: k, label: t(`stability.kind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('stability.field.description')}
          rules={[{ required: true, min: 5, message: t('stability.required') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function StabilityListPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const [starting, setStarting] = useState(false);
  const loaded = useLoad(() => api.GET('/api/v1/risk-assessments', { params: { query: {} } }), 'list');
  const mayStart = session.roles.some((role) => holds(role, 'stability:manage'));
  return (
    <Card
      title={t('stability.title')}
      data-testid="risk-list"
      extra={
        <Space wrap>
          <ExportButton url="/api/v1/risk-assessments" fallbackName="risk-assessments.xlsx" />
          {mayStart ? (
            <Button type="primary" onClick={() => setStarting(true)} data-testid="risk-start">
              {t('stability.new')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {loaded.error !== null && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      <Table<RiskAssessmentListItem>
        rowKey="id"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('stability.none') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('stability.field.title'),
            dataIndex: 'title',
            render: (title: string, row) => <Link to={`/risk-assessments/${row.id}`}>{title}</Link>,
          },
          { title: t('stability.field.unit'), dataIndex: 'unitName' },
          {
            title: t('stability.field.kind'),
            dataIndex: 'decisionKind',
            render: (k: string) => t(`stability.kind.${k}` as MessageKey),
          },
          {
            title: t('stability.field.stage'),
            dataIndex: 'stage',
            render: (s: string) => t(`stability.stage.${s}` as MessageKey),
          },
          {
            title: t('stability.field.grade'),
            dataIndex: 'grade',
            render: (g: keyof typeof GRADE_COLOURS | null) =>
              g ? <Tag color={GRADE_COLOURS[g]}>{t(`stability.level.${g}` as MessageKey)}</Tag> : '—',
          },
          {
            title: t('stability.field.decision'),
            dataIndex: 'decision',
            render: (d: string | null) => (d ? t(`stability.decision.${d}` as MessageKey) : '—'),
          },
          {
            title: t('stability.field.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at, locale),
          },
        ]}
      />
      {starting && <StartDialog onClose={() => setStarting(false)} />}
    </Card>
  );
}
