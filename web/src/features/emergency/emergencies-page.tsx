// 应急 (/emergencies): the emergencies and drills over the user's area (drills counted apart), and
// for a leader or administrator the form that declares one over a region of its area. Works at 375 px.
import { App, Button, Card, Checkbox, Empty, Form, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  EMERGENCY_KIND_LABELS,
  EMERGENCY_KINDS,
  EMERGENCY_LEVEL_LABELS,
  EMERGENCY_LEVELS,
  type EmergencyKind,
  type EmergencyLevel,
} from '../../../../common/emergency.ts';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { emergencyHeadline } from './emergency-banner.tsx';

type Filter = 'all' | 'real' | 'drill';

interface DeclareValues {
  unitId: number;
  kind: EmergencyKind;
  level: EmergencyLevel;
  drill: boolean;
  instructions: string;
}

function DeclareDialog({ onClose }: { onClose: () => void }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { me } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeclareValues>();
  const submit = useSubmit();
  const [units, setUnits] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    const own = (me?.memberships ?? []).filter((m) => holds(m.role, 'emergency:declare'));
    void Promise.all(
      own.map((m) =>
        api
          .GET('/api/v1/units', { params: { query: { parentId: m.unitId, type: 'region', limit: 200 } } })
          .then((answer) => [
            { value: m.unitId, label: m.unitName },
            ...answer.items.map((u) => ({ value: u.id, label: `${m.unitName} / ${u.name}` })),
          ])
          .catch(() => [{ value: m.unitId, label: m.unitName }]),
      ),
    ).then((lists) => setUnits(lists.flat()));
  }, [me]);
  const onFinish = (values: DeclareValues) =>
    submit.run(async () => {
      const made = await api.POST('/api/v1/emergencies', { body: { ...values, drill: values.drill ?? false } });
      void message.success(emergencyHeadline(made, i18n));
      navigate(`/emergencies/${made.id}`);
    });
  return (
    <FormDialog
      title={t('emergency.declare')}
      okText={t('emergency.declareOk')}
      okTestId="emergency-declare-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        initialValues={{ level: 'IV', kind: 'flood', drill: false }}
      >
        <Form.Item
          name="unitId"
          label={t('emergency.area')}
          rules={[{ required: true, message: t('emergency.unitRequired') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" data-testid="emergency-unit" />
        </Form.Item>
        <Form.Item name="kind" label={t('emergency.kind')} rules={[{ required: true }]}>
          <Select options={EMERGENCY_KINDS.map((k) => ({ value: k, label: pick(EMERGENCY_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="level" label={t('emergency.level')} rules={[{ required: true }]}>
          <Select options={EMERGENCY_LEVELS.map((l) => ({ value: l, label: pick(EMERGENCY_LEVEL_LABELS[l]) }))} />
        </Form.Item>
        <Form.Item
          name="instructions"
          label={t('emergency.instructions')}
          rules={[{ required: true, whitespace: true, message: t('emergency.instructionsRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="emergency-instructions" />
        </Form.Item>
        <Form.Item name="drill" valuePropName="checked">
          <Checkbox data-testid="emergency-drill">{t('emergency.declareDrill')}</Checkbox>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function EmergenciesPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { roles } = useSession();
  const [filter, setFilter] = useState<Filter>('all');
  const [declaring, setDeclaring] = useState(false);
  const list = useLoad(
    () =>
      api.GET('/api/v1/emergencies', {
        params: { query: filter === 'all' ? {} : { drill: filter === 'drill' ? '1' : '0' } },
      }),
    filter,
  );
  const mayDeclare = roles.some((r) => holds(r, 'emergency:declare'));
  return (
    <Card
      title={t('emergency.title')}
      extra={
        mayDeclare ? (
          <Button type="primary" danger onClick={() => setDeclaring(true)} data-testid="emergency-declare">
            {t('emergency.declare')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={filter} onChange={(e) => setFilter(e.target.value as Filter)} optionType="button">
          <Radio.Button value="all">{t('emergency.filter.all')}</Radio.Button>
          <Radio.Button value="real">{t('emergency.filter.real')}</Radio.Button>
          <Radio.Button value="drill">{t('emergency.filter.drill')}</Radio.Button>
        </Radio.Group>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {list.data === undefined ? (
          <PageLoading />
        ) : list.data.items.length === 0 ? (
          <Empty description={t('emergency.none')} />
        ) : (
          <List
            dataSource={list.data.items}
            renderItem={(e) => (
              <List.Item data-testid="emergency-row">
                <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
                  <Space wrap>
                    {e.drill ? (
                      <Tag color="gold">{t('emergency.drill')}</Tag>
                    ) : (
                      <Tag color="red">{t('emergency.real')}</Tag>
                    )}
                    <Tag color={e.status === 'active' ? 'processing' : 'default'}>
                      {t(e.status === 'active' ? 'emergency.active' : 'emergency.closed')}
                    </Tag>
                  </Space>
                  {e.abilities.board ? (
                    <Link to={`/emergencies/${e.id}`} style={{ overflowWrap: 'anywhere' }}>
                      {emergencyHeadline(e, i18n)}
                    </Link>
                  ) : (
                    <Typography.Text>{emergencyHeadline(e, i18n)}</Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {t('emergency.declaredAt')} {formatDateTime(e.declaredAt, locale)}
                    {e.stoodDownAt ? ` · ${t('emergency.stoodDownAt')} ${formatDateTime(e.stoodDownAt, locale)}` : ''}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
      {declaring ? <DeclareDialog onClose={() => setDeclaring(false)} /> : null}
    </Card>
  );
}
