// One action on a warning: a note, and for `assign` the person (searched among those the API offers).
import { Form, Input, Select } from 'antd';
import { useState } from 'react';
import { WARNING_ACTION_LABELS, type WarningAction } from '../../../../common/warnings.ts';
import { api, type Answer } from '../../shared/api.ts';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';

export type WarningDetail = Answer<'/api/v1/warnings/{id}'>;

interface Values {
  note?: string;
  userId?: number;
}

function AssigneeSelect({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = (q: string) => {
    api.GET('/api/v1/warnings/assignees', { params: { query: q.trim() ? { q: q.trim() } : {} } }).then(
      (answer) =>
        setOptions(answer.items.map((u) => ({ value: u.userId, label: `${u.displayName}（${u.unitName}）` }))),
      () => setOptions([]),
    );
  };
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={search}
      onFocus={() => search('')}
      options={options}
      placeholder={t('warnings.userSearch')}
      data-testid="warning-assignee"
    />
  );
}

export function WarningActionDialog({
  warningId,
  action,
  onClose,
  onDone,
}: {
  warningId: number;
  action: WarningAction;
  onClose: () => void;
  onDone: (updated: WarningDetail) => void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const send = (values: Values) =>
    submit.run(async () => {
      const updated = await api.POST('/api/v1/warnings/{id}/actions', {
        params: { path: { id: warningId } },
        body: {
          action,
          ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          ...(values.userId !== undefined ? { userId: values.userId } : {}),
        },
      });
      onDone(updated);
    });
  return (
    <FormDialog
      title={pick(WARNING_ACTION_LABELS[action])}
      okText={pick(WARNING_ACTION_LABELS[action])}
      okTestId="warning-action-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(values) => void send(values)}>
        {action === 'assign' && (
          <Form.Item name="userId" label={t('warnings.userId')} rules={[{ required: true }]}>
            <AssigneeSelect />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('warnings.note')}>
          <Input.TextArea rows={3} maxLength={500} data-testid="warning-note" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
