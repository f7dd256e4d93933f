// The edit dialogs of base data. Numbers are never shown in clear: a new phone is typed in full or
// the field is left empty to keep the current one. Key groups offered are those the user's roles
// may see (common/base-data.ts); the server keeps the groups it may not see untouched.
import { App, Checkbox, Form, Input, Select } from 'antd';
import {
  ENTERPRISE_KINDS,
  ENTERPRISE_KIND_LABELS,
  HOUSE_KINDS,
  HOUSE_KIND_LABELS,
  KEY_GROUP_SPECS,
  keyGroupsVisibleTo,
  type KeyGroup,
} from '../../../../common/base-data.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';

type House = Answer<'/api/v1/base-data/houses'>['items'][number];
type Person = Answer<'/api/v1/base-data/people'>['items'][number];
type Enterprise = Answer<'/api/v1/base-data/enterprises'>['items'][number];

interface DialogProps<T> {
  record: T;
  onClose: () => void;
  onSaved: () => void;
}

export function HouseDialog({ record, onClose, onSaved }: DialogProps<House>) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ address: string; kind: House['kind']; note: string }>();
  const submit = useSubmit();
  return (
    <FormDialog title={t('baseData.editHouse')} okTestId="house-save" form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ address: record.address, kind: record.kind, note: record.note ?? '' }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/base-data/houses/{id}', {
              params: { path: { id: record.id } },
              body: {
                address: values.address,
                kind: values.kind,
                note: values.note.trim() === '' ? null : values.note,
              },
            });
            void message.success(t('baseData.saved'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="address"
          label={t('baseData.col.address')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={200} data-testid="house-address" />
        </Form.Item>
        <Form.Item name="kind" label={t('baseData.col.kind')}>
          <Select options={HOUSE_KINDS.map((k) => ({ value: k, label: pick(HOUSE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('baseData.col.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function PersonDialog({ record, onClose, onSaved }: DialogProps<Person>) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { roles } = useSession();
  const groups = [...new Set(roles.flatMap((role) => keyGroupsVisibleTo(role)))];
  const [form] = Form.useForm<{ name: string; phone: string; note: string; keyGroups: KeyGroup[] }>();
  const submit = useSubmit();
  return (
    <FormDialog title={t('baseData.editPerson')} okTestId="person-save" form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: record.name, phone: '', note: record.note ?? '', keyGroups: record.keyGroups ?? [] }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/base-data/people/{id}', {
              params: { path: { id: record.id } },
              body: {
                name: values.name,
                note: values.note.trim() === '' ? null : values.note,
                ...(values.phone.trim() !== '' ? { phone: values.phone.trim() } : {}),
                ...(record.keyGroups !== undefined ? { keyGroups: values.keyGroups } : {}),
              },
            });
            void message.success(t('baseData.saved'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="name"
          label={t('baseData.col.name')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={64} data-testid="person-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('baseData.newPhone')}
          extra={t('baseData.newPhoneHint', { masked: record.phone ?? t('baseData.empty') })}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
        {record.keyGroups !== undefined && groups.length > 0 ? (
          <Form.Item name="keyGroups" label={t('baseData.col.keyGroups')}>
            <Checkbox.Group
              options={groups.map((g) => ({ value: g, label: pick(KEY_GROUP_SPECS[g]) }))}
              data-testid="person-key-groups"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('baseData.col.note')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function EnterpriseDialog({ record, onClose, onSaved }: DialogProps<Enterprise>) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    name: string;
    kind: Enterprise['kind'];
    address: string;
    contactName: string;
    contactPhone: string;
  }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('baseData.editEnterprise')}
      okTestId="enterprise-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: record.name,
          kind: record.kind,
          address: record.address,
          contactName: record.contactName ?? '',
          contactPhone: '',
        }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/base-data/enterprises/{id}', {
              params: { path: { id: record.id } },
              body: {
                name: values.name,
                kind: values.kind,
                address: values.address,
                contactName: values.contactName.trim() === '' ? null : values.contactName,
                ...(values.contactPhone.trim() !== '' ? { contactPhone: values.contactPhone.trim() } : {}),
              },
            });
            void message.success(t('baseData.saved'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="name"
          label={t('baseData.col.enterpriseName')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('baseData.col.kind')}>
          <Select options={ENTERPRISE_KINDS.map((k) => ({ value: k, label: pick(ENTERPRISE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('baseData.col.address')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="contactName" label={t('baseData.col.contact')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('baseData.newPhone')}
          extra={t('baseData.newPhoneHint', { masked: record.contactPhone ?? t('baseData.empty') })}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
