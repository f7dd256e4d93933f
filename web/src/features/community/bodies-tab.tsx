// 社区组织 tab of /community: the bodies of the area (phones masked, revealed with a reason), register
// one, link the resident accounts that act for it; .xlsx export.
import { App, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { BODY_KINDS, MEMBER_ROLES, type BodyKind, type MemberRole } from '../../../../common/community.ts';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { useUnitOptions } from './unit-options.ts';

type Body = Awaited<ReturnType<typeof loadBodies>>['items'][number];
const loadBodies = () => api.GET('/api/v1/community-bodies', { params: { query: {} } });

interface BodyValues {
  kind: BodyKind;
  name: string;
  unitId: number;
  contactName?: string;
  contactPhone?: string;
}

function RegisterDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<BodyValues>();
  const submit = useSubmit();
  const units = useUnitOptions('community:manage');
  const onFinish = (values: BodyValues) =>
    submit.run(async () => {
      await api.POST('/api/v1/community-bodies', {
        body: {
          ...values,
          contactName: values.contactName?.trim() || undefined,
          contactPhone: values.contactPhone?.trim() || undefined,
        },
      });
      void message.success(t('community.body.added'));
      onDone();
    });
  return (
    <FormDialog
      title={t('community.body.add')}
      okText={t('community.body.addOk')}
      okTestId="body-add-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ kind: 'social_org' }}>
        <Form.Item name="kind" label={t('community.body.kind')} rules={[{ required: true }]}>
          <Select
            options={BODY_KINDS.map((k) => ({ value: k, label: t(`community.kind.${k}`) }))}
            data-testid="body-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('community.body.name')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input maxLength={100} data-testid="body-name" />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('community.body.area')}
          rules={[{ required: true, message: t('community.required') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" data-testid="body-unit" />
        </Form.Item>
        <Form.Item name="contactName" label={t('community.body.contact')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('community.body.phone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

interface LinkValues {
  username?: string;
  phone?: string;
  role: MemberRole;
}

function LinkDialog({ body, onClose, onDone }: { body: Body; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkValues>();
  const submit = useSubmit();
  const onFinish = (values: LinkValues) =>
    submit.run(async () => {
      await api.POST('/api/v1/community-bodies/{id}/members', {
        params: { path: { id: body.id } },
        body: {
          role: values.role,
          ...(values.username?.trim() ? { username: values.username.trim() } : {}),
          ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        },
      });
      void message.success(t('community.body.linked'));
      onDone();
    });
  return (
    <FormDialog
      title={`${t('community.body.link')} · ${body.name}`}
      okTestId="body-link-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ role: 'member' }}>
        <Form.Item name="username" label={t('community.body.linkUsername')}>
          <Input maxLength={64} data-testid="body-link-username" />
        </Form.Item>
        <Form.Item name="phone" label={t('community.body.linkPhone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="role" label={t('community.body.linkRole')}>
          <Select options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`community.role.${r}`) }))} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function RevealPhone({ body }: { body: Body }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { modal } = App.useApp();
  const [phone, setPhone] = useState<string | null>(null);
  const ask = () => {
    let reason = '';
    void modal.confirm({
      title: t('community.body.revealReason'),
      content: <Input maxLength={200} onChange={(e) => (reason = e.target.value)} data-testid="reveal-reason" />,
      onOk: async () => {
        const answer = await api.POST('/api/v1/community-bodies/{id}/contact-phone', {
          params: { path: { id: body.id } },
          body: { reason },
        });
        setPhone(answer.phone);
      },
    });
  };
  if (!body.contactPhone) return null;
  return phone ? (
    <Typography.Text copyable>{phone}</Typography.Text>
  ) : (
    <Space size={4}>
      <span>{body.contactPhone}</span>
      {body.abilities.manage && (
        <Button size="small" type="link" onClick={ask}>
          {t('community.body.reveal')}
        </Button>
      )}
    </Space>
  );
}

export function BodiesTab() {
  const { t } = useI18n();
  const { roles } = useSession();
  const list = useLoad(loadBodies, 'bodies');
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState<Body | null>(null);
  const mayManage = roles.some((r) => holds(r, 'community:manage'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {mayManage && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="body-add">
            {t('community.body.add')}
          </Button>
        )}
        <ExportButton url="/api/v1/community-bodies" fallbackName="community-bodies.xlsx" />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Body>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('community.body.name'),
            dataIndex: 'name',
            render: (name: string, b) => (
              <Space size={4} wrap>
                <span data-testid="body-row-name">{name}</span>
                {!b.active && <Tag>{t('community.body.inactive')}</Tag>}
              </Space>
            ),
          },
          { title: t('community.body.kind'), dataIndex: 'kind', render: (k: BodyKind) => t(`community.kind.${k}`) },
          { title: t('community.body.area'), dataIndex: 'unitName' },
          { title: t('community.body.contact'), dataIndex: 'contactName' },
          { title: t('community.body.phone'), key: 'phone', render: (_, b) => <RevealPhone body={b} /> },
          {
            title: t('community.body.members'),
            key: 'members',
            render: (_, b) => (
              <Space size={4} wrap>
                {b.members.map((m) => (
                  <Tag key={m.userId} color={m.role === 'lead' ? 'blue' : undefined}>
                    {m.displayName}
                  </Tag>
                ))}
                {b.abilities.manage && (
                  <Button size="small" onClick={() => setLinking(b)} data-testid="body-link">
                    {t('community.body.link')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {adding && <RegisterDialog onClose={() => setAdding(false)} onDone={() => (setAdding(false), list.reload())} />}
      {linking && (
        <LinkDialog body={linking} onClose={() => setLinking(null)} onDone={() => (setLinking(null), list.reload())} />
      )}
    </Space>
  );
}
