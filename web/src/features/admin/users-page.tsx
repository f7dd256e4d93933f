// 用户与角色: the accounts in the administrator's area, each with its units and roles; create an
// account with a first unit and role, add or remove units and roles, disable and enable it,
// reset its password (the temporary password is shown once). The API keeps each change inside
// the administrator's area and says so in Chinese when it refuses.
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { ROLES, ROLE_LABELS, isRole, type Role } from '../../../../common/roles.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { CodeSelect } from './code-select.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { Account } from '../../shared/api-types.ts';
import { UnitSearch } from '../org/unit-search.tsx';
import { labelOf } from '../../shared/labels.ts';
import { ExportButton } from '../../shared/export-button.tsx';

// A role this console does not know yet reads as 其他 / Other (labels.ts).
const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : labelOf({}, role));

interface CreateValues {
  username: string;
  displayName: string;
  unitId: number;
  role: Role;
}

function CreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: Account, temporaryPassword: string | null) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<CreateValues>();
  const submit = useSubmit();
  const roleText = (role: string) => i18n.pick(roleLabel(role));

  const create = (values: CreateValues) =>
    submit.run(async () => {
      const answer = await api.POST('/api/v1/users', {
        body: {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          memberships: [{ unitId: values.unitId, role: values.role }],
        },
      });
      onCreated(answer.user, answer.temporaryPassword);
    });

  return (
    <FormDialog
      title={t('users.create')}
      okText={t('users.create')}
      okTestId="user-create-submit"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<CreateValues> form={form} layout="vertical" onFinish={(values) => void create(values)}>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: t('users.usernameRequired') }]}
        >
          <Input autoComplete="off" maxLength={32} data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={64} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('users.unitRequired') }]}>
          <UnitSearch placeholder={t('users.unitPlaceholder')} testId="user-unit" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <CodeSelect codes={ROLES} label={roleText} data-testid="user-role" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function MembershipDialog({
  user,
  onClose,
  onSaved,
}: {
  user: Account;
  onClose: () => void;
  onSaved: (user: Account) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ unitId: number; role: Role }>();
  const submit = useSubmit();
  const roleText = (role: string) => i18n.pick(roleLabel(role));
  const save = (values: { unitId: number; role: Role }) =>
    submit.run(async () => {
      onSaved(await api.POST('/api/v1/users/{id}/memberships', { params: { path: { id: user.id } }, body: values }));
    });
  return (
    <FormDialog
      title={t('users.addMembershipTitle', { name: user.displayName })}
      okTestId="membership-submit"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
        <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('users.unitRequired') }]}>
          <UnitSearch placeholder={t('users.unitPlaceholder')} testId="membership-unit" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <CodeSelect codes={ROLES} label={roleText} data-testid="membership-role" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function StatusTags({ user }: { user: Account }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap data-testid="user-status">
      {user.disabled ? <Tag color="default">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>}
      {user.locked ? <Tag color="red">{t('users.locked')}</Tag> : null}
      {user.mustChangePassword ? <Tag color="orange">{t('users.mustChange')}</Tag> : null}
      {user.totpEnabled ? <Tag color="blue">{t('users.totp')}</Tag> : null}
    </Space>
  );
}

export default function UsersPage() {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Account[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<Account | null>(null);
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);

  const load = useCallback(async (search: string, after: string | null) => {
    setLoading(true);
    try {
      const page = await api.GET('/api/v1/users', {
        params: { query: { q: search || undefined, limit: 50, cursor: after ?? undefined } },
      });
      setItems((current) => (after === null ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(q, null);
  }, [q, load]);

  const replace = (user: Account) =>
    setItems((current) =>
      current.some((u) => u.id === user.id) ? current.map((u) => (u.id === user.id ? user : u)) : [user, ...current],
    );

  /** Runs a change to one account and shows the account as it now is. */
  const change = async (user: Account, work: () => Promise<unknown>) => {
    try {
      await work();
      replace(await api.GET('/api/v1/users/{id}', { params: { path: { id: user.id } } }));
      void message.success(t('users.updated', { name: user.displayName }));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };

  const resetPassword = async (user: Account) => {
    try {
      const path = { id: user.id };
      const answer = await api.POST('/api/v1/users/{id}/password-reset', { params: { path } });
      setTemporary({ name: user.displayName, password: answer.temporaryPassword });
      replace(await api.GET('/api/v1/users/{id}', { params: { path } }));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };

  return (
    <div data-testid="users-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.search')}
          style={{ width: 280 }}
          onSearch={(value) => setQ(value.trim())}
          enterButton={t('common.search')}
          data-testid="users-search"
        />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="user-create">
          {t('users.create')}
        </Button>
        <ExportButton url="/api/v1/users" query={{ q: q || undefined }} fallbackName="users.xlsx" />
      </Space>
      {error ? <ErrorAlert error={error} onRetry={() => void load(q, null)} /> : null}
      <Table<Account>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="users-table"
        onRow={(user) => ({ 'data-username': user.username }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.memberships'),
            key: 'memberships',
            render: (_, user) =>
              user.memberships.length === 0 ? (
                <Typography.Text type="secondary">{t('users.noMemberships')}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap>
                  {user.memberships.map((m) => (
                    <Tag key={m.id} data-testid="membership">
                      {m.unitName} · {pick(roleLabel(m.role))}{' '}
                      <Popconfirm
                        title={t('users.removeConfirm', { unit: m.unitName, role: pick(roleLabel(m.role)) })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          void change(user, () =>
                            api.DELETE('/api/v1/users/{id}/memberships/{membershipId}', {
                              params: { path: { id: user.id, membershipId: m.id } },
                            }),
                          )
                        }
                      >
                        <Typography.Link data-testid="membership-remove">{t('users.removeMembership')}</Typography.Link>
                      </Popconfirm>
                    </Tag>
                  ))}
                </Space>
              ),
          },
          { title: t('users.status'), key: 'status', render: (_, user) => <StatusTags user={user} /> },
          {
            title: t('users.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at, locale),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, user) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setAdding(user)} data-testid="user-add-membership">
                  {t('users.addMembership')}
                </Button>
                {user.disabled ? (
                  <Button
                    size="small"
                    onClick={() =>
                      void change(user, () =>
                        api.POST('/api/v1/users/{id}/enable', { params: { path: { id: user.id } } }),
                      )
                    }
                    data-testid="user-enable"
                  >
                    {t('users.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('users.disableConfirm', { name: user.displayName })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ 'data-testid': 'confirm-ok' }}
                    onConfirm={() =>
                      void change(user, () =>
                        api.POST('/api/v1/users/{id}/disable', { params: { path: { id: user.id } } }),
                      )
                    }
                  >
                    <Button size="small" danger data-testid="user-disable">
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Popconfirm
                  title={t('users.resetConfirm', { name: user.displayName })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void resetPassword(user)}
                >
                  <Button size="small" data-testid="user-reset-password">
                    {t('users.resetPassword')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('admin.shown', { count: items.length })}</Typography.Text>
        {cursor !== null ? (
          <Button loading={loading} onClick={() => void load(q, cursor)}>
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Space>
      {creating ? (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(user, password) => {
            setCreating(false);
            replace(user);
            void message.success(t('users.created', { name: user.displayName }));
            if (password) setTemporary({ name: user.displayName, password });
          }}
        />
      ) : null}
      {adding ? (
        <MembershipDialog
          user={adding}
          onClose={() => setAdding(null)}
          onSaved={(user) => {
            setAdding(null);
            replace(user);
            void message.success(t('users.updated', { name: user.displayName }));
          }}
        />
      ) : null}
      <Modal
        open={temporary !== null}
        title={t('users.temporaryTitle')}
        onCancel={() => setTemporary(null)}
        footer={
          <Button type="primary" onClick={() => setTemporary(null)} data-testid="temporary-close">
            {t('common.confirm')}
          </Button>
        }
      >
        <Typography.Paragraph>{temporary?.name}</Typography.Paragraph>
        <Typography.Paragraph copyable code data-testid="temporary-password">
          {temporary?.password}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('users.temporaryText')}</Typography.Paragraph>
      </Modal>
    </div>
  );
}
