// 新增 on the base-data page: one house, person or enterprise typed in, checked on the server by the
// import's own rules (POST /api/v1/base-data/{houses,people,enterprises}); a refusal names the
// fields in Chinese and the dialog stays open. A person links to a house by its standard address
// and to an enterprise by its credit code, both already registered, as in the import sheet.
import { App, Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import {
  ENTERPRISE_KINDS,
  ENTERPRISE_KIND_LABELS,
  ENTERPRISE_RELATIONS,
  ENTERPRISE_RELATION_LABELS,
  HOUSE_KINDS,
  HOUSE_KIND_LABELS,
  HOUSE_RELATIONS,
  HOUSE_RELATION_LABELS,
  KEY_GROUP_SPECS,
  keyGroupsVisibleTo,
  type EnterpriseKind,
  type EnterpriseRelation,
  type HouseKind,
  type HouseRelation,
  type KeyGroup,
} from '../../../../common/base-data.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';

interface CreateProps {
  /** The grids the user may place a record in. */
  grids: { id: number; name: string }[];
  /** The grid chosen in the page's filter, if any. */
  unitId: number | undefined;
  onClose: () => void;
  onSaved: () => void;
}

/** An optional field left empty is left out of the request. */
const given = (text: string | undefined) => (text && text.trim() !== '' ? text.trim() : undefined);

function GridField({ grids }: { grids: CreateProps['grids'] }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="unitId"
      label={t('baseData.col.grid')}
      rules={[{ required: true, message: t('baseData.required') }]}
    >
      <Select
        showSearch
        optionFilterProp="label"
        options={grids.map((g) => ({ value: g.id, label: g.name }))}
        data-testid="create-grid"
      />
    </Form.Item>
  );
}

export function CreateHouseDialog({ grids, unitId, onClose, onSaved }: CreateProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    address: string;
    unitId: number;
    kind: HouseKind;
    lng?: number | null;
    lat?: number | null;
    note?: string;
  }>();
  const submit = useSubmit();
  return (
    <FormDialog title={t('baseData.createHouse')} okTestId="create-save" form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId, kind: 'residential' }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/base-data/houses', {
              body: {
                address: values.address ?? '',
                unitId: values.unitId,
                kind: values.kind,
                ...(values.lng != null ? { lng: values.lng } : {}),
                ...(values.lat != null ? { lat: values.lat } : {}),
                ...(given(values.note) ? { note: given(values.note) } : {}),
              },
            });
            void message.success(t('baseData.created'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="address"
          label={t('baseData.col.address')}
          extra={t('baseData.addressHint')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={200} data-testid="create-address" />
        </Form.Item>
        <GridField grids={grids} />
        <Form.Item name="kind" label={t('baseData.col.kind')}>
          <Select options={HOUSE_KINDS.map((k) => ({ value: k, label: pick(HOUSE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="lng" label={t('baseData.lng')}>
            <InputNumber style={{ width: 160 }} step={0.000001} />
          </Form.Item>
          <Form.Item name="lat" label={t('baseData.lat')}>
            <InputNumber style={{ width: 160 }} step={0.000001} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('baseData.col.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function CreateEnterpriseDialog({ grids, unitId, onClose, onSaved }: CreateProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    name: string;
    creditCode: string;
    kind: EnterpriseKind;
    address: string;
    unitId: number;
    contactName?: string;
    contactPhone?: string;
  }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('baseData.createEnterprise')}
      okTestId="create-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId, kind: 'enterprise' }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/base-data/enterprises', {
              body: {
                name: values.name ?? '',
                creditCode: values.creditCode ?? '',
                kind: values.kind,
                address: values.address ?? '',
                unitId: values.unitId,
                ...(given(values.contactName) ? { contactName: given(values.contactName) } : {}),
                ...(given(values.contactPhone) ? { contactPhone: given(values.contactPhone) } : {}),
              },
            });
            void message.success(t('baseData.created'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="name"
          label={t('baseData.col.enterpriseName')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={100} data-testid="create-name" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('baseData.col.creditCode')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={18} data-testid="create-credit-code" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="kind" label={t('baseData.col.kind')}>
          <Select options={ENTERPRISE_KINDS.map((k) => ({ value: k, label: pick(ENTERPRISE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('baseData.col.address')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={200} data-testid="create-address" />
        </Form.Item>
        <GridField grids={grids} />
        <Form.Item name="contactName" label={t('baseData.col.contact')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('baseData.col.phone')}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function CreatePersonDialog({ grids, unitId, onClose, onSaved }: CreateProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { roles } = useSession();
  const groups = [...new Set(roles.flatMap((role) => keyGroupsVisibleTo(role)))];
  const [form] = Form.useForm<{
    name: string;
    idNumber: string;
    phone?: string;
    unitId: number;
    house?: string;
    houseRelation: HouseRelation;
    creditCode?: string;
    enterpriseRelation: EnterpriseRelation;
    keyGroups: KeyGroup[];
    note?: string;
  }>();
  const submit = useSubmit();
  return (
    <FormDialog title={t('baseData.createPerson')} okTestId="create-save" form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId, houseRelation: 'resident', enterpriseRelation: 'employee', keyGroups: [] }}
        onFinish={(values) =>
          void submit.run(async () => {
            const house = given(values.house);
            const creditCode = given(values.creditCode);
            await api.POST('/api/v1/base-data/people', {
              body: {
                name: values.name ?? '',
                idNumber: values.idNumber ?? '',
                unitId: values.unitId,
                ...(given(values.phone) ? { phone: given(values.phone) } : {}),
                ...(house ? { house, houseRelation: values.houseRelation } : {}),
                ...(creditCode ? { creditCode, enterpriseRelation: values.enterpriseRelation } : {}),
                ...(values.keyGroups.length > 0 ? { keyGroups: values.keyGroups } : {}),
                ...(given(values.note) ? { note: given(values.note) } : {}),
              },
            });
            void message.success(t('baseData.created'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="name"
          label={t('baseData.col.name')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={64} data-testid="create-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('baseData.col.idNumber')}
          rules={[{ required: true, message: t('baseData.required') }]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="create-id-number" />
        </Form.Item>
        <Form.Item name="phone" label={t('baseData.col.phone')}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
        <GridField grids={grids} />
        <Space wrap align="start">
          <Form.Item name="house" label={t('baseData.houseAddress')} extra={t('baseData.houseAddressHint')}>
            <Input maxLength={200} style={{ width: 260 }} data-testid="create-house" />
          </Form.Item>
          <Form.Item name="houseRelation" label={t('baseData.houseRelation')}>
            <Select
              style={{ width: 140 }}
              options={HOUSE_RELATIONS.map((r) => ({ value: r, label: pick(HOUSE_RELATION_LABELS[r]) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="creditCode" label={t('baseData.workCreditCode')} extra={t('baseData.workCreditCodeHint')}>
            <Input maxLength={18} style={{ width: 260, fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="enterpriseRelation" label={t('baseData.enterpriseRelation')}>
            <Select
              style={{ width: 140 }}
              options={ENTERPRISE_RELATIONS.map((r) => ({ value: r, label: pick(ENTERPRISE_RELATION_LABELS[r]) }))}
            />
          </Form.Item>
        </Space>
        {groups.length > 0 ? (
          <Form.Item name="keyGroups" label={t('baseData.col.keyGroups')}>
            <Checkbox.Group options={groups.map((g) => ({ value: g, label: pick(KEY_GROUP_SPECS[g]) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('baseData.col.note')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
