// /base-data 基础数据 (一标三实, issue 18 §2): the houses, people and enterprises of the user's area
// in three tabs, filtered by grid (with the grid's counts of houses, people, enterprises and the key
// groups the user may see), searched by name or address, each row editable (when the user may) with
// its history; 新增 of one record on each tab (by the import's rules); the .xlsx export of each
// list (numbers masked) and the import wizard.
import { Button, Card, Flex, Input, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import {
  ENTERPRISE_KIND_LABELS,
  HOUSE_KIND_LABELS,
  HOUSE_RELATION_LABELS,
  KEY_GROUP_SPECS,
  keyGroupsVisibleTo,
  type KeyGroup,
} from '../../../../common/base-data.ts';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { CreateEnterpriseDialog, CreateHouseDialog, CreatePersonDialog } from './create-dialogs.tsx';
import { EnterpriseDialog, HouseDialog, PersonDialog } from './edit-dialogs.tsx';
import { HistoryDrawer, type HistorySubject } from './history-drawer.tsx';
import { ImportWizard } from './import-wizard.tsx';

type House = Answer<'/api/v1/base-data/houses'>['items'][number];
type Person = Answer<'/api/v1/base-data/people'>['items'][number];
type Enterprise = Answer<'/api/v1/base-data/enterprises'>['items'][number];
type Tab = 'houses' | 'people' | 'enterprises';
type Editing =
  { tab: 'houses'; record: House } | { tab: 'people'; record: Person } | { tab: 'enterprises'; record: Enterprise };

const PAGE = 50;

function RowActions({ canEdit, onEdit, onHistory }: { canEdit: boolean; onEdit: () => void; onHistory: () => void }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      {canEdit ? (
        <Button size="small" type="link" onClick={onEdit} data-testid="row-edit">
          {t('baseData.edit')}
        </Button>
      ) : null}
      <Button size="small" type="link" onClick={onHistory} data-testid="row-history">
        {t('baseData.history')}
      </Button>
    </Space>
  );
}

export default function BaseDataPage() {
  const { t, pick } = useI18n();
  const { roles } = useSession();
  const mayImport = roles.some((role) => holds(role, 'base_data:import'));
  const mayCreate = roles.some((role) => holds(role, 'base_data:edit'));
  const groups = [...new Set(roles.flatMap((role) => keyGroupsVisibleTo(role)))];
  const [tab, setTab] = useState<Tab>('people');
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [q, setQ] = useState('');
  const [keyGroup, setKeyGroup] = useState<KeyGroup | undefined>(undefined);
  const [limit, setLimit] = useState(PAGE);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [history, setHistory] = useState<HistorySubject | null>(null);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState<Tab | null>(null);
  const [round, setRound] = useState(0);
  const refresh = () => setRound((r) => r + 1);

  const grids = useLoad(
    () => api.GET('/api/v1/units', { params: { query: { type: 'region', level: 'grid', limit: 500 } } }),
    'grids',
  );
  const counts = useLoad(
    () => api.GET('/api/v1/base-data/counts', { params: { query: unitId === undefined ? {} : { unitId } } }),
    `counts-${unitId}-${round}`,
  );
  const query = {
    ...(unitId !== undefined ? { unitId } : {}),
    ...(q.trim() !== '' ? { q: q.trim() } : {}),
  };
  const peopleQuery = { ...query, ...(keyGroup ? { keyGroup } : {}) };
  const key = `${tab}-${JSON.stringify(peopleQuery)}-${limit}-${round}`;
  const houses = useLoad(
    () =>
      tab === 'houses'
        ? api.GET('/api/v1/base-data/houses', { params: { query: { ...query, limit } } })
        : Promise.resolve(null),
    key,
  );
  const people = useLoad(
    () =>
      tab === 'people'
        ? api.GET('/api/v1/base-data/people', { params: { query: { ...peopleQuery, limit } } })
        : Promise.resolve(null),
    key,
  );
  const enterprises = useLoad(
    () =>
      tab === 'enterprises'
        ? api.GET('/api/v1/base-data/enterprises', { params: { query: { ...query, limit } } })
        : Promise.resolve(null),
    key,
  );

  const houseColumns: ColumnsType<House> = [
    { title: t('baseData.col.address'), dataIndex: 'address' },
    {
      title: t('baseData.col.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (k: House['kind']) => pick(HOUSE_KIND_LABELS[k]),
    },
    {
      title: t('baseData.col.grid'),
      dataIndex: 'unitName',
      width: 180,
      render: (name: string, row: House) => <Link to={`/grids/${row.unitId}`}>{name}</Link>,
    },
    {
      title: t('baseData.col.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, h: House) => (
        <RowActions
          canEdit={h.abilities.edit}
          onEdit={() => setEditing({ tab: 'houses', record: h })}
          onHistory={() => setHistory({ type: 'houses', id: h.id, name: h.address })}
        />
      ),
    },
  ];
  const personColumns: ColumnsType<Person> = [
    { title: t('baseData.col.name'), dataIndex: 'name', width: 100 },
    { title: t('baseData.col.idNumber'), dataIndex: 'idNumber', width: 190 },
    { title: t('baseData.col.phone'), dataIndex: 'phone', width: 130 },
    {
      title: t('baseData.col.houses'),
      key: 'houses',
      render: (_: unknown, p: Person) =>
        p.houses.map((h) => `${h.address}（${pick(HOUSE_RELATION_LABELS[h.relation])}）`).join('；'),
    },
    ...(groups.length > 0
      ? [
          {
            title: t('baseData.col.keyGroups'),
            key: 'keyGroups',
            width: 180,
            render: (_: unknown, p: Person) => (
              <Space size={4} wrap>
                {(p.keyGroups ?? []).map((g) => (
                  <Tag
                    key={g}
                    color={KEY_GROUP_SPECS[g].power === 'key_group:special' ? 'volcano' : 'blue'}
                    data-testid="key-group-tag"
                  >
                    {pick(KEY_GROUP_SPECS[g])}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]
      : []),
    { title: t('baseData.col.grid'), dataIndex: 'unitName', width: 160 },
    {
      title: t('baseData.col.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, p: Person) => (
        <RowActions
          canEdit={p.abilities.edit}
          onEdit={() => setEditing({ tab: 'people', record: p })}
          onHistory={() => setHistory({ type: 'people', id: p.id, name: p.name })}
        />
      ),
    },
  ];
  const enterpriseColumns: ColumnsType<Enterprise> = [
    { title: t('baseData.col.enterpriseName'), dataIndex: 'name' },
    { title: t('baseData.col.creditCode'), dataIndex: 'creditCode', width: 190 },
    {
      title: t('baseData.col.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (k: Enterprise['kind']) => pick(ENTERPRISE_KIND_LABELS[k]),
    },
    { title: t('baseData.col.address'), dataIndex: 'address' },
    {
      title: t('baseData.col.contact'),
      key: 'contact',
      width: 150,
      render: (_: unknown, e: Enterprise) => [e.contactName, e.contactPhone].filter(Boolean).join(' '),
    },
    {
      title: t('baseData.col.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, e: Enterprise) => (
        <RowActions
          canEdit={e.abilities.edit}
          onEdit={() => setEditing({ tab: 'enterprises', record: e })}
          onHistory={() => setHistory({ type: 'enterprises', id: e.id, name: e.name })}
        />
      ),
    },
  ];

  const current = tab === 'houses' ? houses : tab === 'people' ? people : enterprises;
  const moreRows = Boolean(current.data && (current.data as { nextCursor: string | null }).nextCursor);
  const loadMore = moreRows ? (
    <Button onClick={() => setLimit((l) => Math.min(500, l + PAGE))} style={{ marginTop: 8 }}>
      {t('common.loadMore')}
    </Button>
  ) : null;
  const exportUrl =
    tab === 'houses'
      ? '/api/v1/base-data/houses'
      : tab === 'people'
        ? '/api/v1/base-data/people'
        : '/api/v1/base-data/enterprises';
  const placeholder = t(
    tab === 'houses'
      ? 'baseData.searchHouses'
      : tab === 'people'
        ? 'baseData.searchPeople'
        : 'baseData.searchEnterprises',
  );

  return (
    <Card
      title={t('baseData.title')}
      extra={
        <Space wrap>
          {mayCreate ? (
            <Button onClick={() => setCreating(tab)} data-testid="base-data-create">
              {t('baseData.create')}
            </Button>
          ) : null}
          {mayImport ? (
            <Button type="primary" onClick={() => setImporting(true)} data-testid="base-data-import">
              {t('baseData.import')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('baseData.allGrids')}
          style={{ minWidth: 220 }}
          value={unitId}
          onChange={(value?: number) => {
            setUnitId(value);
            setLimit(PAGE);
          }}
          options={(grids.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
          data-testid="base-data-grid"
          aria-label={t('baseData.grid')}
        />
        <Input.Search
          allowClear
          placeholder={placeholder}
          style={{ maxWidth: 320 }}
          onSearch={(value) => {
            setQ(value);
            setLimit(PAGE);
          }}
          data-testid="base-data-search"
        />
        {tab === 'people' && groups.length > 0 ? (
          <Select
            allowClear
            placeholder={t('baseData.allGroups')}
            style={{ minWidth: 180 }}
            value={keyGroup}
            onChange={(value?: KeyGroup) => setKeyGroup(value)}
            options={groups.map((g) => ({ value: g, label: pick(KEY_GROUP_SPECS[g]) }))}
            data-testid="base-data-key-group"
            aria-label={t('baseData.keyGroup')}
          />
        ) : null}
        <ExportButton url={exportUrl} query={tab === 'people' ? peopleQuery : query} fallbackName={`${tab}.xlsx`} />
      </Flex>

      {counts.data ? (
        <Flex gap={24} wrap="wrap" style={{ marginBottom: 12 }} data-testid="base-data-counts">
          <Statistic title={t('baseData.count.houses')} value={counts.data.houses} />
          <Statistic title={t('baseData.count.people')} value={counts.data.people} />
          <Statistic title={t('baseData.count.enterprises')} value={counts.data.enterprises} />
          {counts.data.keyGroups.map((g) => (
            <Statistic key={g.group} title={pick(KEY_GROUP_SPECS[g.group])} value={g.count} />
          ))}
        </Flex>
      ) : null}

      <Tabs
        activeKey={tab}
        onChange={(next) => {
          setTab(next as Tab);
          setLimit(PAGE);
        }}
        items={[
          { key: 'people', label: t('baseData.tab.people') },
          { key: 'houses', label: t('baseData.tab.houses') },
          { key: 'enterprises', label: t('baseData.tab.enterprises') },
        ]}
      />
      {current.error ? <ErrorAlert error={current.error} onRetry={current.reload} /> : null}
      {tab === 'houses' ? (
        <Table<House>
          data-testid="houses-table"
          rowKey="id"
          size="small"
          loading={houses.loading}
          columns={houseColumns}
          dataSource={houses.data?.items ?? []}
          pagination={false}
          scroll={{ x: 640 }}
        />
      ) : null}
      {tab === 'people' ? (
        <Table<Person>
          data-testid="people-table"
          rowKey="id"
          size="small"
          loading={people.loading}
          columns={personColumns}
          dataSource={people.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
        />
      ) : null}
      {tab === 'enterprises' ? (
        <Table<Enterprise>
          data-testid="enterprises-table"
          rowKey="id"
          size="small"
          loading={enterprises.loading}
          columns={enterpriseColumns}
          dataSource={enterprises.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
        />
      ) : null}
      {loadMore}

      {editing?.tab === 'houses' ? (
        <HouseDialog
          record={editing.record}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      {editing?.tab === 'people' ? (
        <PersonDialog
          record={editing.record}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      {editing?.tab === 'enterprises' ? (
        <EnterpriseDialog
          record={editing.record}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      {creating
        ? (() => {
            const props = {
              grids: grids.data?.items ?? [],
              unitId,
              onClose: () => setCreating(null),
              onSaved: () => {
                setCreating(null);
                refresh();
              },
            };
            if (creating === 'houses') return <CreateHouseDialog {...props} />;
            if (creating === 'enterprises') return <CreateEnterpriseDialog {...props} />;
            return <CreatePersonDialog {...props} />;
          })()
        : null}
      {history ? <HistoryDrawer subject={history} onClose={() => setHistory(null)} /> : null}
      {importing ? <ImportWizard initialKind={tab} onClose={() => setImporting(false)} onImported={refresh} /> : null}
    </Card>
  );
}
