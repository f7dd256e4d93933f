// Commands on a mediation file. Each answers with the file as it is now; a form's failure shows in
// the form (the server's sentence and the fields it names), a 409 reloads the file and says so.
// A command is the typed API call itself: `() => api.POST('/api/v1/mediations/{id}/sessions', …)`.
import { App, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import type { MediationFile } from '../../shared/api-types.ts';

export interface FileContext {
  file: MediationFile;
  /** The file as the server answered after a command. */
  onChanged: (next: MediationFile) => void;
  /** Someone else changed it: load it again. */
  onReload: () => void;
}

/** Someone changed the file since it was loaded. */
const isVersionConflict = (failure: unknown): failure is ApiError =>
  failure instanceof ApiError && failure.status === 409 && failure.code === 'VERSION_CONFLICT';

/** One-click commands (a signature, the seal, removing a party): the outcome as a message. */
export function useFileCommand({ file, onChanged, onReload }: FileContext) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (
    key: string,
    command: (file: MediationFile) => Promise<MediationFile>,
    options: { done?: MessageKey; onError?: (failure: unknown) => boolean } = {},
  ): Promise<boolean> => {
    setBusy(key);
    try {
      onChanged(await command(file));
      void message.success(i18n.t(options.done ?? 'mediation.saved'));
      return true;
    } catch (failure) {
      if (isVersionConflict(failure)) {
        void message.warning(i18n.t('mediation.conflict'));
        onReload();
      } else if (!options.onError?.(failure)) {
        void message.error(describeError(failure, i18n));
      }
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

/** A form in a dialog that sends one command; stays open with the reason when it fails. */
export function FileFormModal<Values extends object>({
  context,
  title,
  testId,
  form,
  initialValues,
  send,
  done,
  onClose,
  width,
  okText,
  children,
}: {
  context: FileContext;
  title: string;
  testId: string;
  form: FormInstance<Values>;
  initialValues?: Partial<Values>;
  /** The command the form's values make, e.g. `(v) => api.POST('/api/v1/mediations/{id}/outcome', …)`. */
  send: (values: Values) => Promise<MediationFile>;
  done?: MessageKey;
  onClose: () => void;
  width?: number;
  okText?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      context.onChanged(await send(values));
      void message.success(t(done ?? 'mediation.saved'));
      onClose();
    } catch (failure) {
      if (isVersionConflict(failure)) {
        void message.warning(t('mediation.conflict'));
        onClose();
        context.onReload();
        return;
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width ?? 560}
      okText={okText ?? t('mediation.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': `${testId}-submit` }}
      destroyOnHidden
      maskClosable={false}
    >
      <div data-testid={testId}>
        {error !== null && <ErrorAlert error={error} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void submit(values)}
          scrollToFirstError
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}

/** Trimmed strings; empty optional fields left out rather than sent blank. */
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const v = typeof value === 'string' ? value.trim() : value;
    if (v === undefined || v === null || v === '') continue;
    out[key] = v;
  }
  return out as Partial<T>;
}
