// 对接系统: the service accounts of the administrator's area — other systems (the 12345 hotline, an
// Open311 client) calling with an API key. Create one (the key, and the webhook secret, shown once
// in a dialog with a copy button and a warning), see when each key was last used, revoke one after
// a confirmation. The API keeps each account inside the administrator's area.
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { SCOPES, type Scope } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { CheckList } from '../../shared/check-list.tsx';
import type { components } from '../../shared/api-schema.d.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { UnitSearch } from '../org/unit-search.tsx';
import { ExportButton } from '../../shared/export-button.tsx';

type ServiceAccount = components['schemas']['ServiceAccount'];

const scopeLabel = (scope: string): MessageKey =>
  (SCOPES as readonly string[]).includes(scope) ? (`keys.scope.${scope as Scope}` as const) : 'outbox.recipient.other';

interface CreateValues {
  name: string;
  unitId: number;
  scopes: Scope[];
  system?: string;
  webhookUrl?: string;
  ratePerMinute?: number;
}

interface Secrets {
  name: string;
  key: string;
  webhookSecret: string | null;
}

function CreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (answer: Secrets, account: ServiceAccount) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const submit = useSubmit();
  const create = (values: CreateValues) =>
    submit.run(async () => {
      const system = values.system?.trim();
      const webhookUrl = values.webhookUrl?.trim();
      const answer = await api.POST('/api/v1/service-accounts', {
        body: {
          name: values.name.trim(),
          unitId: values.unitId,
          scopes: values.scopes,
          ...(system ? { system } : {}),
          ...(webhookUrl ? { webhookUrl } : {}),
          ...(values.ratePerMinute ? { ratePerMinute: values.ratePerMinute } : {}),
        },
      });
      onCreated({ name: answer.account.name, key: answer.key, webhookSecret: answer.webhookSecret }, answer.account);
    });
  return (
    <FormDialog
      title={t('keys.create')}
      okText={t('keys.create')}
      okTestId="key-create-submit"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ scopes: ['cases:create', 'cases:read'], ratePerMinute: 600 }}
        onFinish={(values) => void create(values)}
      >
        <Form.Item
          name="name"
          label={t('keys.name')}
          rules={[{ required: true, whitespace: true, message: t('keys.nameRequired') }]}
        >
          <Input maxLength={64} placeholder={t('keys.namePlaceholder')} data-testid="key-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('keys.unit')} rules={[{ required: true, message: t('keys.unitRequired') }]}>
          <UnitSearch placeholder={t('keys.unitPlaceholder')} testId="key-unit" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('keys.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('keys.scopesRequired') }]}
        >
          <CheckList
            data-testid="key-scopes"
            options={SCOPES.map((scope) => ({ value: scope, label: t(scopeLabel(scope)) }))}
            vertical
            style={{ gap: 4 }}
          />
        </Form.Item>
        <Form.Item
          name="system"
          label={t('keys.system')}
          extra={t('keys.systemHelp')}
          rules={[{ pattern: /^[a-z0-9][a-z0-9-]{1,31}$/, message: t('keys.systemInvalid') }]}
        >
          <Input maxLength={32} autoComplete="off" data-testid="key-system" />
        </Form.Item>
        <Form.Item
          name="webhookUrl"
          label={t('keys.webhookUrl')}
          extra={t('keys.webhookHelp')}
          rules={[{ pattern: /^https?:\/\/\S+$/, message: t('keys.webhookInvalid') }]}
        >
          <Input maxLength={500} autoComplete="off" data-testid="key-webhook" />
        </Form.Item>
        <Form.Item name="ratePerMinute" label={t('keys.rate')}>
          <InputNumber min={1} max={100000} precision={0} data-testid="key-rate" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** The key (and webhook secret) of a new account: shown once, with a copy button and a warning. */
function SecretsDialog({ secrets, onClose }: { secrets: Secrets | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={secrets !== null}
      title={t('keys.keyTitle')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="key-saved">
          {t('keys.saved')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        message={t('keys.keyWarning')}
        style={{ marginBottom: 16 }}
        data-testid="key-warning"
      />
      <Typography.Paragraph strong>{secrets?.name}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('keys.key')}</Typography.Text>
      <Typography.Paragraph copyable code data-testid="key-value">
        {secrets?.key}
      </Typography.Paragraph>
      {secrets?.webhookSecret ? (
        <>
          <Typography.Text type="secondary">{t('keys.webhookSecret')}</Typography.Text>
          <Typography.Paragraph copyable code data-testid="key-webhook-secret">
            {secrets.webhookSecret}
          </Typography.Paragraph>
        </>
      ) : null}
    </Modal>
  );
}

export default function ServiceAccountsPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const [items, setItems] = useState<ServiceAccount[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [secrets, setSecrets] = useState<Secrets | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await api.GET('/api/v1/service-accounts')).items);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (account: ServiceAccount) => {
    try {
      const updated = await api.POST('/api/v1/service-accounts/{id}/revoke', { params: { path: { id: account.id } } });
      setItems((current) => current.map((a) => (a.id === updated.id ? updated : a)));
      void message.success(t('keys.revokedDone', { name: account.name }));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };

  return (
    <div data-testid="service-accounts-page">
      <Typography.Paragraph type="secondary">{t('keys.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="key-create">
          {t('keys.create')}
        </Button>
        <ExportButton url="/api/v1/service-accounts" fallbackName="service-accounts.xlsx" />
      </Space>
      {error ? <ErrorAlert error={error} onRetry={() => void load()} /> : null}
      <Table<ServiceAccount>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('keys.none') }}
        data-testid="service-accounts-table"
        columns={[
          { title: t('keys.name'), dataIndex: 'name' },
          { title: t('keys.unit'), dataIndex: 'unitName' },
          {
            title: t('keys.scopes'),
            key: 'scopes',
            render: (_, a) => (
              <Space size={[4, 4]} wrap>
                {a.scopes.map((scope) => (
                  <Tag key={scope}>{t(scopeLabel(scope))}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('keys.system'), dataIndex: 'system', render: (system: string | null) => system ?? '—' },
          {
            title: t('keys.keyPrefix'),
            dataIndex: 'keyPrefix',
            render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
          },
          {
            title: t('keys.status'),
            key: 'status',
            render: (_, a) =>
              a.revokedAt ? (
                <Tag data-testid="key-status">{t('keys.revoked')}</Tag>
              ) : (
                <Tag color="green" data-testid="key-status">
                  {t('keys.active')}
                </Tag>
              ),
          },
          {
            title: t('keys.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (at: string | null) => (at ? formatDateTime(at, locale) : t('keys.never')),
          },
          { title: t('keys.createdBy'), dataIndex: 'createdBy', render: (name: string | null) => name ?? '—' },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, a) =>
              a.revokedAt ? null : (
                <Popconfirm
                  title={t('keys.revokeConfirm', { name: a.name })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'confirm-ok' }}
                  onConfirm={() => void revoke(a)}
                >
                  <Button size="small" danger data-testid="key-revoke">
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating ? (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(answer, account) => {
            setCreating(false);
            setItems((current) => [account, ...current]);
            setSecrets(answer);
            void message.success(t('keys.created', { name: account.name }));
          }}
        />
      ) : null}
      <SecretsDialog secrets={secrets} onClose={() => setSecrets(null)} />
    </div>
  );
}
