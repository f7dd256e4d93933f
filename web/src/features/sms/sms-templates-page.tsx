// 短信模板: the texts residents, parties and staff receive, with the placeholders each may use and
// the template id registered at the SMS provider. A province administrator edits them; an
// unknown placeholder is refused here before sending (and by the API, SMS_TEMPLATE_PLACEHOLDER_UNKNOWN).
import { Alert, App, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { SMS_TEMPLATE_PLACEHOLDERS, hasStrayBrace, unknownPlaceholders } from '../../../../common/sms-templates.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAdminScope } from '../admin/admin-scope.ts';

type SmsTemplate = Answer<'/api/v1/sms-templates'>['items'][number];

export const templateName = (code: string): MessageKey =>
  code in SMS_TEMPLATE_PLACEHOLDERS ? (`sms.template.${code}` as MessageKey) : 'sms.tab.templates';

const braces = (names: readonly string[]) => names.map((n) => `{${n}}`).join(' ');

interface EditValues {
  text: string;
  providerTemplateId: string;
}

function EditDialog({
  template,
  onClose,
  onSaved,
}: {
  template: SmsTemplate;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const submit = useSubmit();
  const code = template.code;
  const allowed = SMS_TEMPLATE_PLACEHOLDERS[code];

  const save = (values: EditValues) =>
    void submit.run(async () => {
      await api.PUT('/api/v1/sms-templates/{code}', {
        params: { path: { code } },
        body: { text: values.text.trim(), providerTemplateId: values.providerTemplateId.trim() || null },
      });
      onSaved();
    });

  return (
    <FormDialog
      title={t('sms.templates.editTitle', { name: t(templateName(code)) })}
      okTestId="sms-template-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{ text: template.text, providerTemplateId: template.providerTemplateId ?? '' }}
        onFinish={save}
      >
        <Form.Item
          name="text"
          label={t('sms.templates.text')}
          extra={`${t('sms.templates.placeholders')}: ${braces(allowed)}`}
          rules={[
            { required: true, whitespace: true, message: t('sms.templates.textRequired') },
            {
              validator: (_rule, value: string | undefined) => {
                const unknown = unknownPlaceholders(code, value ?? '');
                if (unknown.length > 0)
                  return Promise.reject(
                    new Error(
                      t('sms.templates.unknownPlaceholder', { names: braces(unknown), allowed: braces(allowed) }),
                    ),
                  );
                if (hasStrayBrace(value ?? '')) return Promise.reject(new Error(t('sms.templates.strayBrace')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={300} showCount data-testid="sms-template-text" />
        </Form.Item>
        <Form.Item
          name="providerTemplateId"
          label={t('sms.templates.providerId')}
          extra={t('sms.templates.providerIdHelp')}
        >
          <Input maxLength={64} data-testid="sms-template-provider-id" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function SmsTemplatesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<SmsTemplate | null>(null);
  const scope = useLoad(() => loadAdminScope(me!), `scope-${me?.user.id ?? 0}`);
  const list = useLoad(() => api.GET('/api/v1/sms-templates').then((a) => a.items), 'sms-templates');

  if (scope.error) return <ErrorAlert error={scope.error} onRetry={scope.reload} />;
  if (!scope.data) return <PageLoading />;
  const canEdit = scope.data.wholeTree;

  return (
    <div data-testid="sms-templates-page">
      <Alert
        type="info"
        showIcon
        message={canEdit ? t('sms.templates.intro') : t('sms.templates.readOnly')}
        style={{ marginBottom: 16 }}
      />
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<SmsTemplate>
        size="small"
        rowKey="code"
        scroll={{ x: 900 }}
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('sms.templates.code'),
            dataIndex: 'code',
            width: 180,
            render: (code: string) => (
              <Space direction="vertical" size={0}>
                <span>{t(templateName(code))}</span>
                <Typography.Text type="secondary" code>
                  {code}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('sms.templates.text'),
            dataIndex: 'text',
            render: (text: string) => <span data-testid="sms-template-row-text">{text}</span>,
          },
          {
            title: t('sms.templates.placeholders'),
            dataIndex: 'placeholders',
            width: 200,
            render: (names: string[]) => names.map((n) => <Tag key={n}>{`{${n}}`}</Tag>),
          },
          { title: t('sms.templates.providerId'), dataIndex: 'providerTemplateId', width: 140 },
          {
            title: t('sms.templates.updatedAt'),
            dataIndex: 'updatedAt',
            width: 160,
            render: (at: string) => formatDateTime(at, locale),
          },
          ...(canEdit
            ? [
                {
                  key: 'edit',
                  width: 80,
                  render: (_: unknown, row: SmsTemplate) => (
                    <Button size="small" onClick={() => setEditing(row)} data-testid={`sms-template-edit-${row.code}`}>
                      {t('sms.templates.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <EditDialog
          template={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('sms.templates.saved'));
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
