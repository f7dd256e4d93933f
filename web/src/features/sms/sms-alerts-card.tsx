// 短信提醒: a staff member chooses the deadline cards of their unit's cases they want by SMS, and
// the phone to send them to (kept sealed; shown masked). GET/PUT /api/v1/me/sms-subscriptions.
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { api, type Answer } from '../../shared/api.ts';
import { CheckList } from '../../shared/check-list.tsx';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';

type Subscriptions = Answer<'/api/v1/me/sms-subscriptions'>;
type Topic = Subscriptions['available'][number];

interface Values {
  topics: Topic[];
  phone: string;
}

const topicLabel = (topic: Topic): MessageKey => `sms.alerts.topic.${topic}`;

export function SmsAlertsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const current = useLoad(() => api.GET('/api/v1/me/sms-subscriptions'), 'my-sms-subscriptions');

  if (current.error) return <ErrorAlert error={current.error} onRetry={current.reload} />;
  if (!current.data) return <PageLoading />;
  const data = current.data;

  const save = (values: Values) =>
    void submit.run(async () => {
      const phone = values.phone.trim();
      await api.PUT('/api/v1/me/sms-subscriptions', { body: { topics: values.topics, ...(phone ? { phone } : {}) } });
      form.setFieldValue('phone', '');
      void message.success(t('sms.alerts.saved'));
      current.reload();
    });

  return (
    <Card title={t('sms.alerts.title')} data-testid="sms-alerts">
      <Typography.Paragraph type="secondary">{t('sms.alerts.intro')}</Typography.Paragraph>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={{ topics: data.topics, phone: '' }} onFinish={save}>
        <Form.Item name="topics">
          <CheckList
            options={data.available.map((topic) => ({ value: topic, label: t(topicLabel(topic)) }))}
            data-testid="sms-alerts-topics"
          />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('sms.alerts.phone')}
          extra={data.phoneMasked ? t('sms.alerts.phoneKeep', { phone: data.phoneMasked }) : undefined}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('sms.alerts.phoneInvalid') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="tel" data-testid="sms-alerts-phone" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.saving} data-testid="sms-alerts-save">
          {t('sms.alerts.save')}
        </Button>
      </Form>
    </Card>
  );
}
