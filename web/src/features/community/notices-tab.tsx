// 通知公告 tab of /community: the notices of the area (with the SMS count of urgent ones); publish one
// for a township or village; .xlsx export.
import { App, Button, Checkbox, Empty, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { NOTICE_KINDS, type NoticeKind } from '../../../../common/community.ts';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { useUnitOptions } from './unit-options.ts';

interface NoticeValues {
  unitId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  urgent?: boolean;
}

function PublishDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<NoticeValues>();
  const submit = useSubmit();
  const units = useUnitOptions('notice:publish');
  const kind = Form.useWatch('kind', form);
  const onFinish = (v: NoticeValues) =>
    submit.run(async () => {
      const made = await api.POST('/api/v1/notices', { body: { ...v, urgent: v.urgent ?? false } });
      void message.success(
        made.urgent
          ? t('community.notice.publishedSms', { count: made.smsCount ?? 0 })
          : t('community.notice.published'),
      );
      onDone();
    });
  return (
    <FormDialog
      title={t('community.notice.publish')}
      okText={t('community.notice.publishOk')}
      okTestId="notice-publish-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        initialValues={{ kind: 'policy', urgent: false }}
      >
        <Form.Item
          name="unitId"
          label={t('community.unit')}
          rules={[{ required: true, message: t('community.required') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" data-testid="notice-unit" />
        </Form.Item>
        <Form.Item name="kind" label={t('community.notice.kind')}>
          <Select options={NOTICE_KINDS.map((k) => ({ value: k, label: t(`community.notice.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('community.notice.title')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input maxLength={60} data-testid="notice-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('community.notice.body')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} data-testid="notice-body" />
        </Form.Item>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox disabled={kind === 'emergency'}>{t('community.notice.urgent')}</Checkbox>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function NoticesTab() {
  const { t, locale } = useI18n();
  const { roles } = useSession();
  const list = useLoad(() => api.GET('/api/v1/notices', { params: { query: {} } }), 'notices');
  const [publishing, setPublishing] = useState(false);
  const mayPublish = roles.some((r) => holds(r, 'notice:publish'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {mayPublish && (
          <Button type="primary" onClick={() => setPublishing(true)} data-testid="notice-publish">
            {t('community.notice.publish')}
          </Button>
        )}
        <ExportButton url="/api/v1/notices" fallbackName="notices.xlsx" />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        <PageLoading />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('community.notice.none')} />
      ) : (
        <List
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item data-testid="notice-row">
              <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
                <Space wrap>
                  <Tag color={n.urgent ? 'red' : 'default'}>{t(`community.notice.kind.${n.kind}`)}</Tag>
                  <Typography.Text strong>{n.title}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  {n.unitName} · {formatDateTime(n.publishedAt, locale)}
                  {n.urgent ? ` · ${t('community.notice.sms', { count: n.smsCount ?? 0 })}` : ''}
                </Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {n.body}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      )}
      {publishing && (
        <PublishDialog onClose={() => setPublishing(false)} onDone={() => (setPublishing(false), list.reload())} />
      )}
    </Space>
  );
}
