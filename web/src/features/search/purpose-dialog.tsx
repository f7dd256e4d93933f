// 事由: a look-up by a caller's full number is audited with the reason it was made (the API
// refuses one without), so the console asks for it before listing that caller's cases.
import { Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { maskMobile } from './search-query.ts';

/** The fewest characters the API takes as a purpose. */
export const MIN_PURPOSE = 2;
const MAX_PURPOSE = 100;

/** Reasons an operator gives most often, one tap each. */
const COMMON_PURPOSES: MessageKey[] = ['desk.purpose.caller', 'desk.purpose.progress', 'desk.purpose.returnCall'];

export function PurposeDialog({
  phone,
  onCancel,
  onSubmit,
}: {
  phone: string;
  onCancel: () => void;
  onSubmit: (purpose: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ purpose: string }>();
  return (
    <Modal
      open
      title={t('desk.purpose.title')}
      okText={t('desk.purpose.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'purpose-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('desk.purpose.explain', { phone: maskMobile(phone) })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => onSubmit(values.purpose.trim())}>
        <Form.Item
          name="purpose"
          label={t('desk.purpose.label')}
          rules={[
            { required: true, whitespace: true, message: t('desk.purpose.required') },
            { min: MIN_PURPOSE, message: t('desk.purpose.required') },
          ]}
        >
          <Input maxLength={MAX_PURPOSE} autoFocus data-testid="purpose-input" />
        </Form.Item>
        <Space wrap size={[4, 8]}>
          {COMMON_PURPOSES.map((key) => (
            <Tag.CheckableTag
              key={key}
              checked={false}
              onChange={() => form.setFieldValue('purpose', t(key))}
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
