// 事件类别与时限: the responsibility list (权责清单) — for each category, the level and standard
// unit that owns it, the working days to accept and to handle, the risk weight. The list is
// province-wide: a province administrator edits it (PATCH /api/v1/categories/{code}); any other
// administrator reads it.
import { Alert, App, Button, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { api, type Body } from '../../shared/api.ts';
import type { Category } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { CodeSelect } from './code-select.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { KIND_LABELS, OWNER_LEVEL_LABELS, OWNER_UNIT_LABELS, labelOf } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAdminScope } from './admin-scope.ts';

/** The standard units of each level a category may be owned by (server: STANDARD_UNITS). */
const OWNER_UNITS: Record<string, string[]> = {
  township: ['centre', 'dept-justice', 'police', 'cmte-territorial'],
  county: Object.keys(OWNER_UNIT_LABELS).filter((suffix) => suffix !== 'police'),
};

interface EditValues {
  ownerLevel: 'township' | 'county';
  ownerUnit: string;
  acceptDays: number;
  handleDays: number;
  riskWeight: number;
}

function EditDialog({
  category,
  onClose,
  onSaved,
}: {
  category: Category;
  onClose: () => void;
  onSaved: (saved: Category) => void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [form] = Form.useForm<EditValues>();
  const level = Form.useWatch('ownerLevel', form) ?? category.ownerLevel ?? 'county';
  const submit = useSubmit();

  const save = (values: EditValues) =>
    submit.run(async () => {
      const changed: Body<'/api/v1/categories/{code}', 'patch'> = {
        ...(values.ownerLevel !== category.ownerLevel ? { ownerLevel: values.ownerLevel } : {}),
        ...(values.ownerUnit !== category.ownerUnit ? { ownerUnit: values.ownerUnit } : {}),
        ...(values.acceptDays !== category.acceptDays ? { acceptDays: values.acceptDays } : {}),
        ...(values.handleDays !== category.handleDays ? { handleDays: values.handleDays } : {}),
        ...(values.riskWeight !== category.riskWeight ? { riskWeight: values.riskWeight } : {}),
      };
      if (Object.keys(changed).length === 0) {
        onClose();
        return;
      }
      const saved = await api.PATCH('/api/v1/categories/{code}', {
        params: { path: { code: category.code } },
        body: changed,
      });
      onSaved(saved);
    });

  return (
    <FormDialog
      title={t('categories.editTitle', { name: category.name })}
      okTestId="category-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          ownerLevel: category.ownerLevel ?? 'county',
          ownerUnit: category.ownerUnit ?? 'centre',
          acceptDays: category.acceptDays,
          handleDays: category.handleDays,
          riskWeight: category.riskWeight,
        }}
        onFinish={(values) => void save(values)}
        onValuesChange={(changed: Partial<EditValues>) => {
          // A unit the new level does not have is cleared, so the choice is made again.
          if (
            changed.ownerLevel &&
            !OWNER_UNITS[changed.ownerLevel]?.includes(form.getFieldValue('ownerUnit') as string)
          ) {
            form.setFieldValue('ownerUnit', undefined);
          }
        }}
      >
        <Space size="middle" style={{ display: 'flex' }} align="start">
          <Form.Item
            name="ownerLevel"
            label={t('categories.ownerLevel')}
            rules={[{ required: true, message: t('categories.required') }]}
          >
            <CodeSelect
              style={{ width: 140 }}
              codes={Object.keys(OWNER_LEVEL_LABELS)}
              label={(l) => pick(labelOf(OWNER_LEVEL_LABELS, l))}
            />
          </Form.Item>
          <Form.Item
            name="ownerUnit"
            label={t('categories.ownerUnit')}
            rules={[{ required: true, message: t('categories.required') }]}
          >
            <CodeSelect
              style={{ width: 300 }}
              codes={OWNER_UNITS[level] ?? []}
              label={(u) => pick(labelOf(OWNER_UNIT_LABELS, u))}
            />
          </Form.Item>
        </Space>
        <Space size="middle" style={{ display: 'flex' }} align="start">
          <Form.Item
            name="acceptDays"
            label={t('categories.acceptDays')}
            extra={t('categories.daysHelp')}
            rules={[{ required: true, message: t('categories.required') }]}
          >
            <InputNumber min={1} max={30} precision={0} data-testid="accept-days" />
          </Form.Item>
          <Form.Item
            name="handleDays"
            label={t('categories.handleDays')}
            rules={[{ required: true, message: t('categories.required') }]}
          >
            <InputNumber min={1} max={90} precision={0} data-testid="handle-days" />
          </Form.Item>
          <Form.Item
            name="riskWeight"
            label={t('categories.risk')}
            rules={[{ required: true, message: t('categories.required') }]}
          >
            <InputNumber min={0} max={5} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </FormDialog>
  );
}

async function loadCategoryList(): Promise<Category[]> {
  return (await api.GET('/api/v1/categories')).items;
}

export default function CategoriesPage() {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const scope = useLoad(() => loadAdminScope(me!), `scope-${me?.user.id ?? 0}`);
  const list = useLoad(loadCategoryList, 'categories');
  const [saved, setSaved] = useState<Record<string, Category>>({});
  const [editing, setEditing] = useState<Category | null>(null);
  const [group, setGroup] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const { message } = App.useApp();

  const all = useMemo(() => (list.data ?? []).map((c) => saved[c.code] ?? c), [list.data, saved]);
  const groups = useMemo(() => all.filter((c) => c.ownerLevel === null), [all]);
  const groupName = useMemo(() => new Map(groups.map((g) => [g.code, g.name])), [groups]);
  const rows = all.filter(
    (c) => c.ownerLevel !== null && (!group || c.parentCode === group) && (filter === '' || c.name.includes(filter)),
  );

  if (list.error) return <ErrorAlert error={list.error} onRetry={list.reload} />;
  if (scope.error) return <ErrorAlert error={scope.error} onRetry={scope.reload} />;
  if (!list.data || !scope.data) return <PageLoading />;
  const canEdit = scope.data.wholeTree;
  const days = (n: number) => t('categories.days', { days: n });

  return (
    <div data-testid="categories-page">
      {!canEdit ? <Alert type="info" showIcon message={t('admin.provinceOnly')} style={{ marginBottom: 16 }} /> : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <CodeSelect
          allowClear
          style={{ width: 180 }}
          placeholder={t('categories.group')}
          codes={groups.map((g) => g.code)}
          label={(code) => groupName.get(code) ?? code}
          value={group}
          onChange={setGroup}
        />
        <Input.Search
          allowClear
          placeholder={t('categories.filter')}
          style={{ width: 240 }}
          onSearch={(value) => setFilter(value.trim())}
          onChange={(e) => {
            if (e.target.value === '') setFilter('');
          }}
        />
      </Space>
      <Table<Category>
        size="small"
        rowKey="code"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        columns={[
          { title: t('categories.group'), key: 'group', render: (_, c) => groupName.get(c.parentCode ?? '') ?? '—' },
          { title: t('categories.name'), dataIndex: 'name' },
          {
            title: t('categories.kind'),
            dataIndex: 'kind',
            render: (kind: string) => pick(labelOf(KIND_LABELS, kind)),
          },
          {
            title: t('categories.ownerUnit'),
            key: 'owner',
            render: (_, c) =>
              `${pick(labelOf(OWNER_LEVEL_LABELS, c.ownerLevel))} · ${pick(labelOf(OWNER_UNIT_LABELS, c.ownerUnit))}`,
          },
          {
            title: t('categories.acceptDays'),
            dataIndex: 'acceptDays',
            render: (n: number) => <span data-testid="accept-days-cell">{days(n)}</span>,
          },
          {
            title: t('categories.handleDays'),
            dataIndex: 'handleDays',
            render: (n: number) => <span data-testid="handle-days-cell">{days(n)}</span>,
          },
          { title: t('categories.risk'), dataIndex: 'riskWeight', align: 'right' },
          ...(canEdit
            ? [
                {
                  title: t('admin.actions'),
                  key: 'edit',
                  render: (_: unknown, c: Category) => (
                    <Button size="small" onClick={() => setEditing(c)} data-testid="category-edit">
                      {t('admin.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('categories.daysHelp')}
      </Typography.Paragraph>
      {editing ? (
        <EditDialog
          category={editing}
          onClose={() => setEditing(null)}
          onSaved={(category) => {
            setSaved((current) => ({ ...current, [category.code]: category }));
            setEditing(null);
            void message.success(t('categories.saved', { name: category.name }));
          }}
        />
      ) : null}
    </div>
  );
}
