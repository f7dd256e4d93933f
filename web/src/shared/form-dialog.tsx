// A form in a modal dialog: the OK button submits the form and spins while the request runs; a
// refusal is shown above the form in the user's language and the dialog stays open to correct it.
import { Alert, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { describeError } from './error-alert.tsx';
import { useI18n } from './i18n.tsx';

/** Runs a request for a dialog: `saving` while it runs, the failure kept in `error`. */
export function useSubmit() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<void>) => {
    setSaving(true);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, run };
}

export function FormDialog<Values>({
  title,
  okText,
  okTestId,
  form,
  submit,
  onClose,
  children,
  width,
}: {
  title: ReactNode;
  okText?: string;
  okTestId: string;
  form: FormInstance<Values>;
  submit: { saving: boolean; error: unknown };
  onClose: () => void;
  children: ReactNode;
  /** The dialog's width (Ant Design's default, 520 px, when absent). */
  width?: number | string;
}) {
  const i18n = useI18n();
  return (
    <Modal
      open
      title={title}
      width={width}
      onCancel={onClose}
      okText={okText ?? i18n.t('admin.save')}
      cancelText={i18n.t('common.cancel')}
      confirmLoading={submit.saving}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': okTestId }}
    >
      {submit.error ? (
        <Alert
          type="error"
          showIcon
          message={describeError(submit.error, i18n)}
          style={{ marginBottom: 16 }}
          data-testid="dialog-error"
        />
      ) : null}
      {children}
    </Modal>
  );
}
