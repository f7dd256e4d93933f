// 显示来电号码: the caller's number in clear, for the roles that call people back. The API wants
// the reason (audited, budgeted; contract 6 of issue 14), so the button asks for it first; the
// number then shows, as a link a phone dials, for a minute and hides again.
import { Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

/** How long a revealed number stays on screen. */
const SHOWN_MS = 60_000;
const REASONS: MessageKey[] = ['desk.reveal.reasonReturnCall', 'desk.reveal.reasonCheck', 'desk.reveal.reasonMore'];

export function useMayRevealReporter(): boolean {
  const { roles } = useSession();
  return roles.some((role) => holds(role, 'case:reveal_reporter'));
}

function ReasonDialog({
  caseId,
  onClose,
  onRevealed,
}: {
  caseId: number;
  onClose: () => void;
  onRevealed: (phone: string | null) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = useSubmit();
  return (
    <Modal
      open
      title={t('desk.reveal.title')}
      okText={t('desk.reveal.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={submit.saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reveal-submit' }}
      destroyOnHidden
    >
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Typography.Paragraph type="secondary">{t('desk.reveal.explain')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            const answer = await api.POST('/api/v1/cases/{id}/reporter/reveal', {
              params: { path: { id: caseId } },
              body: { reason: values.reason.trim() },
            });
            onRevealed(answer.phone);
          })
        }
      >
        <Form.Item
          name="reason"
          label={t('desk.reveal.reason')}
          rules={[
            { required: true, whitespace: true, message: t('desk.purpose.required') },
            { min: 2, message: t('desk.purpose.required') },
          ]}
        >
          <Input maxLength={200} autoFocus data-testid="reveal-reason" />
        </Form.Item>
        <Space wrap size={[4, 8]}>
          {REASONS.map((key) => (
            <Tag.CheckableTag
              key={key}
              checked={false}
              onChange={() => form.setFieldValue('reason', t(key))}
              style={{ border: '1px solid #d9d9d9', padding: '2px 8px' }}
            >
              {t(key)}
            </Tag.CheckableTag>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}

/** The button, and once revealed the number for a minute. Nothing for roles that may not. */
export function RevealPhone({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  const may = useMayRevealReporter();
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<{ phone: string | null } | null>(null);
  useEffect(() => {
    if (shown === null) return;
    const timer = window.setTimeout(() => setShown(null), SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [shown]);
  if (!may) return null;
  return (
    <span data-testid="reveal-phone">
      {shown === null ? (
        <Button size="small" type="link" onClick={() => setAsking(true)} data-testid="reveal-open">
          {t('desk.reveal.button')}
        </Button>
      ) : shown.phone === null ? (
        <Typography.Text type="secondary">{t('desk.reveal.none')}</Typography.Text>
      ) : (
        <Space size={4} wrap>
          <a href={`tel:${shown.phone}`} data-testid="revealed-phone">
            {shown.phone}
          </a>
          <Button size="small" type="link" onClick={() => setShown(null)}>
            {t('desk.reveal.hide')}
          </Button>
        </Space>
      )}
      {asking && (
        <ReasonDialog
          caseId={caseId}
          onClose={() => setAsking(false)}
          onRevealed={(phone) => {
            setAsking(false);
            setShown({ phone });
          }}
        />
      )}
    </span>
  );
}
