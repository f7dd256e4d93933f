// /psych-referrals/new (?caseId=): a grid worker, mediator or dispatcher refers a person at risk to
// the county's psychological service team — name, optional phone, the reason and how urgent; from
// the case page the case comes linked. One column, large controls: it is filled in on a phone.
import { Alert, App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PSYCH_URGENCIES, PSYCH_URGENCY_LABELS, type PsychUrgency } from '../../../../common/psych.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';

interface Values {
  personName: string;
  phone?: string;
  reason: string;
  urgency: PsychUrgency;
}

export default function ReferPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const caseId = Number(params.get('caseId')) || undefined;
  const linked = useLoad(
    () => (caseId ? api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }) : Promise.resolve(undefined)),
    String(caseId ?? ''),
  );
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const made = await api.POST('/api/v1/psych-referrals', {
        body: {
          personName: values.personName,
          reason: values.reason,
          urgency: values.urgency,
          ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
          ...(caseId ? { caseId } : {}),
        },
      });
      void message.success(t('psych.form.sent'));
      void navigate(`/psych-referrals/${made.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('psych.form.required') }];
  return (
    <Card title={t('psych.form.title')} style={{ maxWidth: 640, margin: '0 auto' }} data-testid="psych-refer">
      <Typography.Paragraph type="secondary">{t('psych.form.intro')}</Typography.Paragraph>
      {caseId && linked.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('psych.form.fromCase', { number: linked.data.number })}
          data-testid="psych-linked-case"
        />
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ urgency: 'normal' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="personName" label={t('psych.field.personName')} rules={required}>
          <Input maxLength={50} placeholder={t('psych.form.namePlaceholder')} data-testid="psych-person-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('psych.field.phone')}>
          <Input
            maxLength={20}
            inputMode="tel"
            placeholder={t('psych.form.phonePlaceholder')}
            data-testid="psych-phone"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('psych.field.reason')} rules={required}>
          <Input.TextArea
            rows={4}
            maxLength={2000}
            placeholder={t('psych.form.reasonPlaceholder')}
            data-testid="psych-reason"
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('psych.field.urgency')} rules={required}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="psych-urgency">
            {PSYCH_URGENCIES.map((u) => (
              <Radio.Button key={u} value={u}>
                {/* On the label, not the button: Ant Design puts data-* on the hidden radio input. */}
                <span data-testid={`psych-urgency-${u}`}>{pick(PSYCH_URGENCY_LABELS[u])}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="psych-submit">
          {t('psych.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
