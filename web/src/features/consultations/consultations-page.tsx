// 议事协商 (/consultations): the topics held in the staff member's area by unit, level and status,
// exported as .xlsx through the shared mechanism; staff who run topics raise one here (it opens at
// once). A topic's page (/consultations/:id) moderates, decides, escalates and follows it up.
import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  CONSULTATION_LEVELS,
  CONSULTATION_STATUSES,
  LEVEL_LABELS,
  STATUS_LABELS,
  type ConsultationLevel,
  type ConsultationStatus,
} from '../../../../common/consultations.ts';
import { holds } from '../../../../common/powers.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { useOwnUnits } from './own-units.ts';

type Item = Answer<'/api/v1/consultations'>['items'][number];

export const STATUS_COLOURS: Record<ConsultationStatus, string> = {
  gathering: 'gold',
  open: 'blue',
  closed: 'green',
  escalated: 'purple',
  proposal_lead: 'magenta',
};

interface RaiseValues {
  unitId: number;
  buildingLabel?: string;
  title: string;
  body: string;
  options?: string;
}

function RaiseDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<RaiseValues>();
  const submit = useSubmit();
  const units = useOwnUnits();
  const onFinish = (values: RaiseValues) =>
    submit.run(async () => {
      const options = (values.options ?? '')
        .split('\n')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      const made = await api.POST('/api/v1/consultations', {
        body: {
          unitId: values.unitId,
          title: values.title,
          body: values.body,
          ...(values.buildingLabel?.trim() ? { buildingLabel: values.buildingLabel.trim() } : {}),
          ...(options.length > 0 ? { options } : {}),
        },
      });
      void message.success(t('consult.raised'));
      navigate(`/consultations/${made.id}`);
    });
  return (
    <FormDialog
      title={t('consult.raise')}
      okText={t('consult.raiseOk')}
      okTestId="consult-raise-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="unitId"
          label={t('consult.unit')}
          rules={[{ required: true, message: t('consult.unitRequired') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" data-testid="consult-unit" />
        </Form.Item>
        <Form.Item name="buildingLabel" label={t('consult.building')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('consult.topic')}
          rules={[{ required: true, whitespace: true, message: t('consult.titleRequired') }]}
        >
          <Input maxLength={120} data-testid="consult-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('consult.body')}
          rules={[{ required: true, whitespace: true, message: t('consult.bodyRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="consult-body" />
        </Form.Item>
        <Form.Item name="options" label={t('consult.options')}>
          <Input.TextArea rows={3} data-testid="consult-options" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function ConsultationsPage() {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const [level, setLevel] = useState<ConsultationLevel | undefined>(undefined);
  const [status, setStatus] = useState<ConsultationStatus | undefined>(undefined);
  const [raising, setRaising] = useState(false);
  const query = { ...(level ? { level } : {}), ...(status ? { status } : {}) };
  const list = useLoad(
    () => api.GET('/api/v1/consultations', { params: { query: { ...query, limit: 100 } } }),
    JSON.stringify(query),
  );
  const mayRaise = roles.some((r) => holds(r, 'consultation:manage'));
  return (
    <Card
      title={t('consult.title')}
      extra={
        mayRaise ? (
          <Button type="primary" onClick={() => setRaising(true)} data-testid="consult-raise">
            {t('consult.raise')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('consult.level')}
            style={{ minWidth: 140 }}
            value={level}
            onChange={(v: ConsultationLevel | undefined) => setLevel(v)}
            options={CONSULTATION_LEVELS.map((l) => ({ value: l, label: pick(LEVEL_LABELS[l]) }))}
          />
          <Select
            allowClear
            placeholder={t('consult.status')}
            style={{ minWidth: 140 }}
            value={status}
            onChange={(v: ConsultationStatus | undefined) => setStatus(v)}
            options={CONSULTATION_STATUSES.map((s) => ({ value: s, label: pick(STATUS_LABELS[s]) }))}
          />
          <ExportButton url="/api/v1/consultations" query={query} fallbackName="consultations.xlsx" />
        </Space>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.data === undefined && !list.error}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('consult.none') }}
          columns={[
            {
              title: t('consult.topic'),
              dataIndex: 'title',
              render: (_: unknown, r: Item) => (
                <Link to={`/consultations/${r.id}`} data-testid="consult-row">
                  {r.title}
                </Link>
              ),
            },
            { title: t('consult.unit'), dataIndex: 'unitName' },
            {
              title: t('consult.level'),
              dataIndex: 'level',
              render: (_: unknown, r: Item) =>
                pick(LEVEL_LABELS[r.level]) + (r.buildingLabel ? ` · ${r.buildingLabel}` : ''),
            },
            {
              title: t('consult.status'),
              dataIndex: 'status',
              render: (_: unknown, r: Item) => (
                <Space size={4} wrap>
                  <Tag color={STATUS_COLOURS[r.status]}>{pick(STATUS_LABELS[r.status])}</Tag>
                  {r.status === 'gathering'
                    ? t('consult.supporters', { n: r.supporterCount, of: r.supportersNeeded })
                    : null}
                  {r.escalatedFromId ? <Tag>{t('consult.escalatedFrom')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('consult.progress'),
              dataIndex: 'progress',
              render: (_: unknown, r: Item) => (r.status === 'closed' ? `${r.progress}%` : ''),
            },
            {
              title: t('consult.createdAt'),
              dataIndex: 'createdAt',
              render: (_: unknown, r: Item) => formatDateTime(r.createdAt, locale),
            },
          ]}
        />
      </Space>
      {raising ? <RaiseDialog onClose={() => setRaising(false)} /> : null}
    </Card>
  );
}
