// 队伍建设 (/workforce): the staff registry of the area (filters: post, township, certificates;
// a row opens the person's record), the certificates expired or expiring within 30 days, the grids
// without a grid worker, and the cadres attached to grids. Each list exports as .xlsx; an
// administrator adds staff records and cadres.
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tabs, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { isRole } from '../../../../common/roles.ts';
import { UNIT_KIND_LABELS } from '../../../../common/labels.ts';
import {
  CADRE_ROLES,
  CADRE_ROLE_CODES,
  EVALUATION_GRADES,
  STAFF_POSTS,
  STAFF_POST_CODES,
  type CadreRole,
  type StaffPost,
} from '../../../../common/workforce.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer, type Query } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Refusal } from '../admin/refusal.tsx';
import { CertificateTag } from './certificate-tag.tsx';

type StaffQuery = Query<'/api/v1/workforce/staff'>;
type StaffItem = Answer<'/api/v1/workforce/staff'>['items'][number];
type Candidate = Answer<'/api/v1/workforce/candidates'>['items'][number];

function useManages(): boolean {
  const { me } = useSession();
  return (me?.memberships ?? []).some((m) => isRole(m.role) && holds(m.role, 'workforce:manage'));
}

/** The townships of the caller's area, for the unit filters. */
function useTownships() {
  return useLoad(
    () => api.GET('/api/v1/units', { params: { query: { type: 'region', level: 'township', limit: 500 } } }),
    'townships',
  );
}

function NewStaffDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<{ candidate: string; post: StaffPost; qualifications?: string; duties?: string }>();
  const submit = useSubmit();
  const [q, setQ] = useState('');
  const candidates = useLoad(() => api.GET('/api/v1/workforce/candidates', { params: { query: { q } } }), q);
  const options = (candidates.data?.items ?? []).map((c: Candidate) => ({
    value: `${c.userId}:${c.unitId}`,
    label: `${c.name}（${c.unitName}）`,
  }));
  return (
    <FormDialog title={t('workforce.new')} okTestId="staff-save" form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            const [userId, unitId] = values.candidate.split(':').map(Number);
            await api.POST('/api/v1/workforce/staff', {
              body: {
                userId: userId!,
                unitId: unitId!,
                post: values.post,
                qualifications: values.qualifications?.trim() || undefined,
                duties: values.duties?.trim() || undefined,
              },
            });
            void message.success(t('workforce.saved'));
            onSaved();
          })
        }
      >
        <Form.Item
          name="candidate"
          label={t('workforce.account')}
          extra={t('workforce.accountHint')}
          rules={[{ required: true, message: t('workforce.required') }]}
        >
          <Select showSearch filterOption={false} onSearch={setQ} options={options} data-testid="staff-candidate" />
        </Form.Item>
        <Form.Item
          name="post"
          label={t('workforce.post')}
          rules={[{ required: true, message: t('workforce.required') }]}
        >
          <Select
            data-testid="staff-post"
            options={STAFF_POST_CODES.map((code, i) => ({ value: code, label: pick(STAFF_POSTS[code]), key: i }))}
          />
        </Form.Item>
        <Form.Item name="qualifications" label={t('workforce.qualifications')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="duties" label={t('workforce.duties')}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function StaffTab() {
  const { t, pick } = useI18n();
  const manages = useManages();
  const [params, setParams] = useSearchParams();
  const townships = useTownships();
  const [adding, setAdding] = useState(false);
  const query: StaffQuery = {
    post: (params.get('post') ?? undefined) as StaffPost | undefined,
    unitId: params.get('unitId') ? Number(params.get('unitId')) : undefined,
    certificate: (params.get('certificate') ?? undefined) as StaffQuery['certificate'],
    limit: 500,
  };
  const loaded = useLoad(() => api.GET('/api/v1/workforce/staff', { params: { query } }), params.toString());
  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('workforce.allPosts')}
          style={{ minWidth: 160 }}
          value={query.post}
          onChange={(v?: string) => set('post', v)}
          options={STAFF_POST_CODES.map((code) => ({ value: code, label: pick(STAFF_POSTS[code]) }))}
          data-testid="filter-post"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('workforce.allUnits')}
          style={{ minWidth: 180 }}
          value={query.unitId}
          onChange={(v?: number) => set('unitId', v)}
          options={(townships.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          data-testid="filter-unit"
        />
        <Select
          allowClear
          placeholder={t('workforce.anyCertificate')}
          style={{ minWidth: 200 }}
          value={query.certificate}
          onChange={(v?: string) => set('certificate', v)}
          options={[
            { value: 'expired', label: t('workforce.filter.expired') },
            { value: 'expiring', label: t('workforce.filter.expiring') },
          ]}
          data-testid="filter-certificate"
        />
        <ExportButton url="/api/v1/workforce/staff" query={{ ...query, limit: undefined }} fallbackName="staff.xlsx" />
        {manages ? (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="staff-new">
            {t('workforce.new')}
          </Button>
        ) : null}
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<StaffItem>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('workforce.empty') }}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="staff-table"
        columns={[
          {
            title: t('workforce.name'),
            dataIndex: 'name',
            render: (name: string, s) => <Link to={`/workforce/staff/${s.id}`}>{name}</Link>,
          },
          { title: t('workforce.post'), dataIndex: 'post', render: (p: StaffPost) => pick(STAFF_POSTS[p]) },
          { title: t('workforce.unit'), dataIndex: 'unitName' },
          { title: t('workforce.hours'), dataIndex: 'trainingHours', align: 'right' },
          {
            title: t('workforce.certificate'),
            dataIndex: 'certificate',
            render: (c: StaffItem['certificate']) => <CertificateTag state={c} />,
          },
          {
            title: t('workforce.grade'),
            dataIndex: 'latestGrade',
            render: (g: StaffItem['latestGrade']) => (g ? pick(EVALUATION_GRADES[g]) : ''),
          },
        ]}
      />
      {adding ? (
        <NewStaffDialog
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            loaded.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CertificatesTab() {
  const { t, pick } = useI18n();
  const loaded = useLoad(() => api.GET('/api/v1/workforce/certificates', { params: { query: {} } }), 'certificates');
  type Item = Answer<'/api/v1/workforce/certificates'>['items'][number];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <ExportButton url="/api/v1/workforce/certificates" fallbackName="certificates.xlsx" />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<Item>
        rowKey="trainingId"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('workforce.noCertificates') }}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="certificate-table"
        columns={[
          {
            title: t('workforce.name'),
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/workforce/staff/${c.staffId}`}>{name}</Link>,
          },
          { title: t('workforce.post'), dataIndex: 'post', render: (p: StaffPost) => pick(STAFF_POSTS[p]) },
          { title: t('workforce.unit'), dataIndex: 'unitName' },
          { title: t('workforce.course'), dataIndex: 'course' },
          { title: t('workforce.certificateNo'), dataIndex: 'certificateNo' },
          { title: t('workforce.expiresOn'), dataIndex: 'expiresOn' },
          {
            title: t('workforce.certificate'),
            dataIndex: 'certificate',
            render: (c: Item['certificate']) => <CertificateTag state={c} />,
          },
          { title: t('workforce.daysLeft'), dataIndex: 'daysLeft', align: 'right' },
        ]}
      />
    </>
  );
}

function GridsTab() {
  const { t, pick } = useI18n();
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const townships = useTownships();
  const loaded = useLoad(
    () => api.GET('/api/v1/workforce/grids-without-worker', { params: { query: { unitId } } }),
    String(unitId),
  );
  type Item = Answer<'/api/v1/workforce/grids-without-worker'>['items'][number];
  const items = loaded.data?.items ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('workforce.allUnits')}
          style={{ minWidth: 180 }}
          value={unitId}
          onChange={(v?: number) => setUnitId(v)}
          options={(townships.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <ExportButton url="/api/v1/workforce/grids-without-worker" query={{ unitId }} fallbackName="grids.xlsx" />
      </Space>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data ? (
        <Alert
          type={items.length > 0 ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            items.length > 0 ? t('workforce.emptyGridsCount', { count: items.length }) : t('workforce.noEmptyGrids')
          }
        />
      ) : null}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={items}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="empty-grid-table"
        columns={[
          { title: t('workforce.gridCode'), dataIndex: 'code' },
          {
            title: t('workforce.gridName'),
            dataIndex: 'name',
            render: (name: string, row: { id: number }) => <Link to={`/grids/${row.id}`}>{name}</Link>,
          },
          {
            title: t('workforce.gridKind'),
            dataIndex: 'kind',
            render: (k: string | null) => (k && UNIT_KIND_LABELS[k] ? pick(UNIT_KIND_LABELS[k]) : (k ?? '')),
          },
          { title: t('workforce.gridParent'), dataIndex: 'parentName' },
        ]}
      />
    </>
  );
}

function CadresTab() {
  const { t, pick } = useI18n();
  const manages = useManages();
  const [gridId, setGridId] = useState<number | undefined>(undefined);
  const [gridQ, setGridQ] = useState('');
  const grids = useLoad(
    () =>
      api.GET('/api/v1/units', {
        params: { query: { type: 'region', level: 'grid', q: gridQ || undefined, limit: 50 } },
      }),
    gridQ,
  );
  const loaded = useLoad(() => api.GET('/api/v1/grid-cadres', { params: { query: { gridId } } }), String(gridId));
  type Item = Answer<'/api/v1/grid-cadres'>['items'][number];
  const [form] = Form.useForm<{ name: string; role: CadreRole; organisation?: string; phone?: string }>();
  const submit = useSubmit();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          filterOption={false}
          onSearch={setGridQ}
          placeholder={t('workforce.pickGrid')}
          style={{ minWidth: 260 }}
          value={gridId}
          onChange={(v?: number) => setGridId(v)}
          options={(grids.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          data-testid="cadre-grid"
        />
        <ExportButton url="/api/v1/grid-cadres" query={{ gridId }} fallbackName="cadres.xlsx" />
      </Space>
      <Typography.Paragraph type="secondary">{t('workforce.phoneMasked')}</Typography.Paragraph>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: t('workforce.noCadres') }}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="cadre-table"
        columns={[
          {
            title: t('workforce.grid'),
            dataIndex: 'gridName',
            render: (name: string, row: Item) => <Link to={`/grids/${row.gridId}`}>{name}</Link>,
          },
          { title: t('workforce.name'), dataIndex: 'name' },
          { title: t('workforce.cadreRole'), dataIndex: 'role', render: (r: CadreRole) => pick(CADRE_ROLES[r]) },
          { title: t('workforce.organisation'), dataIndex: 'organisation' },
          { title: t('workforce.phone'), dataIndex: 'phone' },
        ]}
      />
      {manages && gridId !== undefined ? (
        <Card size="small" title={t('workforce.addCadre')} style={{ marginTop: 12 }}>
          {submit.error ? <ErrorAlert error={submit.error} /> : null}
          <Form
            form={form}
            layout="inline"
            onFinish={(values) =>
              void submit.run(async () => {
                await api.POST('/api/v1/grid-cadres', {
                  body: {
                    gridId,
                    name: values.name.trim(),
                    role: values.role,
                    organisation: values.organisation?.trim() || undefined,
                    phone: values.phone?.trim() || undefined,
                  },
                });
                form.resetFields();
                void message.success(t('workforce.saved'));
                loaded.reload();
              })
            }
          >
            <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('workforce.required') }]}>
              <Input placeholder={t('workforce.name')} maxLength={50} data-testid="cadre-name" />
            </Form.Item>
            <Form.Item name="role" rules={[{ required: true, message: t('workforce.required') }]}>
              <Select
                placeholder={t('workforce.cadreRole')}
                style={{ minWidth: 140 }}
                options={CADRE_ROLE_CODES.map((code) => ({ value: code, label: pick(CADRE_ROLES[code]) }))}
                data-testid="cadre-role"
              />
            </Form.Item>
            <Form.Item name="organisation">
              <Input placeholder={t('workforce.organisation')} maxLength={100} />
            </Form.Item>
            <Form.Item name="phone">
              <Input placeholder={t('workforce.phone')} maxLength={20} inputMode="tel" data-testid="cadre-phone" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.saving} data-testid="cadre-save">
              {t('workforce.addCadre')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

export default function WorkforcePage() {
  const { t } = useI18n();
  const { roles } = useSession();
  const [params, setParams] = useSearchParams();
  if (!roles.some((role) => holds(role, 'workforce:read'))) return <Refusal />;
  const tab = params.get('tab') ?? 'staff';
  return (
    <div>
      <Typography.Title level={3}>{t('workforce.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'staff' ? {} : { tab: key }, { replace: true })}
        destroyInactiveTabPane
        items={[
          { key: 'staff', label: t('workforce.tab.staff'), children: <StaffTab /> },
          { key: 'certificates', label: t('workforce.tab.certificates'), children: <CertificatesTab /> },
          { key: 'grids', label: t('workforce.tab.grids'), children: <GridsTab /> },
          { key: 'cadres', label: t('workforce.tab.cadres'), children: <CadresTab /> },
        ]}
      />
    </div>
  );
}
