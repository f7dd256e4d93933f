// 短信发件箱 (demo mode only): what the local gateway kept instead of sending, newest first, and
// a simulated reply from the phone (TD / 退订 stops further SMS). Outside demo mode the API
// answers 404 and the page says the outbox does not exist there.
import { Alert, App, Button, Form, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ApiError, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { templateName } from './sms-templates-page.tsx';
import { ExportButton } from '../../shared/export-button.tsx';

type SmsOutboxItem = Answer<'/api/v1/sms-outbox'>['items'][number];

function ReplyDialog({
  item,
  onClose,
  onDone,
}: {
  item: SmsOutboxItem;
  onClose: () => void;
  onDone: (optedOut: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ content: string }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('sms.outbox.replyTitle', { phone: item.phoneMasked })}
      okTestId="sms-reply-send"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<{ content: string }>
        form={form}
        layout="vertical"
        initialValues={{ content: 'TD' }}
        onFinish={(values) =>
          void submit.run(async () => {
            const answer = await api.POST('/api/v1/sms-outbox/{id}/reply', {
              params: { path: { id: item.id } },
              body: { content: values.content },
            });
            onDone(answer.optedOut);
          })
        }
      >
        <Form.Item
          name="content"
          label={t('sms.outbox.replyContent')}
          extra={t('sms.outbox.replyHelp')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={500} data-testid="sms-reply-content" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function SmsOutboxPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [replying, setReplying] = useState<SmsOutboxItem | null>(null);
  const list = useLoad(
    () => api.GET('/api/v1/sms-outbox', { params: { query: { limit: 200 } } }).then((a) => a.items),
    'sms-outbox',
  );

  if (list.error instanceof ApiError && list.error.status === 404) {
    return <Alert type="info" showIcon message={t('sms.outbox.demoOnly')} data-testid="sms-outbox-demo-only" />;
  }

  return (
    <div data-testid="sms-outbox-page">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Alert type="info" showIcon message={t('sms.outbox.intro')} />
        <Button onClick={list.reload} data-testid="sms-outbox-refresh">
          {t('sms.outbox.refresh')}
        </Button>
        <ExportButton url="/api/v1/sms-outbox" fallbackName="sms-outbox.xlsx" />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<SmsOutboxItem>
        size="small"
        rowKey="id"
        scroll={{ x: 900 }}
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('sms.outbox.empty') }}
        data-testid="sms-outbox-list"
        columns={[
          {
            title: t('sms.outbox.createdAt'),
            dataIndex: 'createdAt',
            width: 160,
            render: (at: string) => formatDateTime(at, locale),
          },
          { title: t('sms.outbox.phone'), dataIndex: 'phoneMasked', width: 130 },
          {
            title: t('sms.outbox.template'),
            dataIndex: 'template',
            width: 150,
            render: (code: string) => t(templateName(code)),
          },
          {
            title: t('sms.outbox.text'),
            dataIndex: 'text',
            render: (text: string) => <span data-testid="sms-outbox-text">{text}</span>,
          },
          {
            title: t('sms.outbox.status'),
            dataIndex: 'status',
            width: 140,
            render: (status: string) =>
              status === 'sent' ? (
                <Tag color="green">{t('sms.outbox.sent')}</Tag>
              ) : (
                <Tag>{t('sms.outbox.skipped')}</Tag>
              ),
          },
          {
            key: 'reply',
            width: 110,
            render: (_: unknown, item: SmsOutboxItem) => (
              <Button size="small" onClick={() => setReplying(item)} data-testid={`sms-reply-${item.id}`}>
                {t('sms.outbox.reply')}
              </Button>
            ),
          },
        ]}
      />
      {replying ? (
        <ReplyDialog
          item={replying}
          onClose={() => setReplying(null)}
          onDone={(optedOut) => {
            setReplying(null);
            void message.success(t(optedOut ? 'sms.outbox.optedOut' : 'sms.outbox.replied'));
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
