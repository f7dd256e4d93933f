// 组织机构与网格: the org tree from the admin's area down to the grids, loaded a level at a time
// (GET /api/v1/units?parentId=), a search that opens the tree at any unit, and for the chosen
// unit its details and the grids within it.
import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS, labelOf } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { loadAdminScope } from '../admin/admin-scope.ts';
import { UnitSearch } from './unit-search.tsx';
import { childrenOf, displayCode, type UnitRow } from './units.ts';
import { holds } from '../../../../common/powers.ts';
import { isRole } from '../../../../common/roles.ts';
import {
  CloseDialog,
  CreateUnitDialog,
  GeometryDialog,
  MergeDialog,
  MoveDialog,
  RenameDialog,
  SplitDialog,
  creatableUnder,
} from './unit-edit-dialogs.tsx';

type EditAction = 'create' | 'rename' | 'move' | 'close' | 'geometry' | 'split' | 'merge';

/** Who did what to a unit, newest first. */
function UnitHistory({ unitId, version }: { unitId: number; version: number }) {
  const { t } = useI18n();
  const history = useLoad(
    () => api.GET('/api/v1/units/{id}/history', { params: { path: { id: unitId } } }),
    `${unitId}-${version}`,
  );
  if (history.error) return <ErrorAlert error={history.error} onRetry={history.reload} />;
  return (
    <List
      size="small"
      data-testid="unit-history"
      loading={history.loading}
      dataSource={history.data?.items ?? []}
      locale={{ emptyText: t('orgEdit.noHistory') }}
      renderItem={(item) => (
        <List.Item>
          <Space>
            <Tag>{t(`orgEdit.change.${item.change}` as MessageKey)}</Tag>
            <Typography.Text type="secondary">{new Date(item.at).toLocaleString('zh-CN')}</Typography.Text>
            {item.actorName ? <Typography.Text>{item.actorName}</Typography.Text> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The editing actions on a unit, each in its dialog. */
function UnitActions({ unit, siblings, onChanged }: { unit: UnitRow; siblings: UnitRow[]; onChanged: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<EditAction | null>(null);
  const [geometry, setGeometry] = useState<unknown>(undefined);
  const editable =
    ['department', 'centre', 'committee'].includes(unit.type) || ['village', 'grid'].includes(unit.level);
  const isGrid = unit.type === 'region' && unit.level === 'grid';
  const mayDraw = unit.type === 'region' && ['township', 'village', 'grid'].includes(unit.level);
  if (unit.closedAt !== null) return null;
  const done = () => {
    setOpen(null);
    onChanged();
  };
  const openGeometry = async () => {
    try {
      const current = await api.GET('/api/v1/units/{id}/geometry', { params: { path: { id: unit.id } } });
      setGeometry(current.coordinates);
    } catch {
      setGeometry(undefined);
    }
    setOpen('geometry');
  };
  const props = { unit, onClose: () => setOpen(null), onSaved: done };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }} data-testid="unit-actions">
        {creatableUnder(unit).length > 0 ? (
          <Button data-testid="unit-create" onClick={() => setOpen('create')}>
            {t('orgEdit.create')}
          </Button>
        ) : null}
        {editable ? (
          <>
            <Button data-testid="unit-rename" onClick={() => setOpen('rename')}>
              {t('orgEdit.rename')}
            </Button>
            <Button data-testid="unit-move" onClick={() => setOpen('move')}>
              {t('orgEdit.move')}
            </Button>
          </>
        ) : null}
        {mayDraw ? (
          <Button data-testid="unit-geometry" onClick={() => void openGeometry()}>
            {t('orgEdit.geometry')}
          </Button>
        ) : null}
        {isGrid ? (
          <>
            <Button data-testid="unit-split" onClick={() => setOpen('split')}>
              {t('orgEdit.split')}
            </Button>
            <Button data-testid="unit-merge" onClick={() => setOpen('merge')}>
              {t('orgEdit.merge')}
            </Button>
          </>
        ) : null}
        {editable ? (
          <Button danger data-testid="unit-close" onClick={() => setOpen('close')}>
            {t('orgEdit.close')}
          </Button>
        ) : null}
      </Space>
      {open === 'create' ? <CreateUnitDialog {...props} /> : null}
      {open === 'rename' ? <RenameDialog {...props} /> : null}
      {open === 'move' ? <MoveDialog {...props} /> : null}
      {open === 'close' ? <CloseDialog {...props} /> : null}
      {open === 'geometry' ? <GeometryDialog {...props} current={geometry} /> : null}
      {open === 'split' ? <SplitDialog {...props} /> : null}
      {open === 'merge' ? <MergeDialog {...props} siblings={siblings} /> : null}
    </>
  );
}

function GridTable({ unitId }: { unitId: number }) {
  const { t, pick } = useI18n();
  const [extra, setExtra] = useState<{ items: UnitRow[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useLoad(
    () => api.GET('/api/v1/units', { params: { query: { level: 'grid', within: unitId, limit: 100 } } }),
    String(unitId),
  );
  useEffect(() => setExtra(null), [unitId, first.data]);
  if (first.error) return <ErrorAlert error={first.error} onRetry={first.reload} />;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await api.GET('/api/v1/units', {
        params: { query: { level: 'grid', within: unitId, limit: 100, cursor } },
      });
      setExtra({ items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor });
      setMoreError(null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <div data-testid="grid-table">
      <div style={{ marginBottom: 8 }}>
        <ExportButton url="/api/v1/units" query={{ level: 'grid', within: unitId }} fallbackName="grids.xlsx" />
      </div>
      <Table<UnitRow>
        size="small"
        rowKey="id"
        loading={first.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('org.noGrids')} /> }}
        columns={[
          { title: t('org.name'), dataIndex: 'name' },
          { title: t('org.code'), dataIndex: 'code' },
          {
            title: t('org.kind'),
            dataIndex: 'kind',
            render: (kind: string | null) => pick(labelOf(UNIT_KIND_LABELS, kind)),
          },
        ]}
      />
      {moreError ? <ErrorAlert error={moreError} /> : null}
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('admin.shown', { count: items.length })}</Typography.Text>
        {cursor !== null ? (
          <Button loading={loadingMore} onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}

function UnitDetails({
  unit,
  parent,
  siblings,
  manage,
  version,
  onChanged,
}: {
  unit: UnitRow;
  parent: UnitRow | undefined;
  siblings: UnitRow[];
  manage: boolean;
  version: number;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const code = displayCode(unit);
  const isArea = unit.type === 'region' && unit.level !== 'grid';
  return (
    <Card
      size="small"
      title={
        <Space>
          <span data-testid="unit-details-name">{unit.name}</span>
          {unit.closedAt !== null ? <Tag color="default">{t('orgEdit.closed')}</Tag> : null}
        </Space>
      }
      data-testid="unit-details"
      extra={
        unit.type === 'region' && unit.level === 'county' ? (
          <Link to={`/map?unit=${unit.id}`}>{t('org.onMap')}</Link>
        ) : null
      }
    >
      {manage ? <UnitActions unit={unit} siblings={siblings} onChanged={onChanged} /> : null}
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginBottom: isArea ? 16 : 0 }}>
        {code ? <Descriptions.Item label={t('org.code')}>{code}</Descriptions.Item> : null}
        <Descriptions.Item label={t('org.type')}>{pick(labelOf(UNIT_TYPE_LABELS, unit.type))}</Descriptions.Item>
        <Descriptions.Item label={t('org.level')}>{pick(labelOf(UNIT_LEVEL_LABELS, unit.level))}</Descriptions.Item>
        {unit.kind ? (
          <Descriptions.Item label={t('org.kind')}>{pick(labelOf(UNIT_KIND_LABELS, unit.kind))}</Descriptions.Item>
        ) : null}
        {parent ? <Descriptions.Item label={t('org.parent')}>{parent.name}</Descriptions.Item> : null}
        {unit.childCount !== undefined ? (
          <Descriptions.Item label={t('org.children')}>{t('org.count', { count: unit.childCount })}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {isArea ? (
        <>
          <Typography.Title level={5}>{t('org.grids')}</Typography.Title>
          <GridTable key={version} unitId={unit.id} />
        </>
      ) : null}
      {manage ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('orgEdit.history')}
          </Typography.Title>
          <UnitHistory unitId={unit.id} version={version} />
          <Link to="/admin/categories">{t('orgEdit.responsibility')}</Link>
        </>
      ) : null}
    </Card>
  );
}

export default function OrgTreePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const scope = useLoad(() => loadAdminScope(me!), `scope-${me?.user.id ?? 0}`);
  const [units, setUnits] = useState<Record<number, UnitRow>>({});
  const [kids, setKids] = useState<Record<number, number[]>>({});
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const loading = useRef(new Map<number, Promise<void>>());
  const manage = (me?.memberships ?? []).some((m) => isRole(m.role) && holds(m.role, 'unit:manage'));

  const roots = useMemo(() => scope.data?.roots ?? [], [scope.data]);
  useEffect(() => {
    if (roots.length === 0) return;
    setUnits((current) => ({ ...Object.fromEntries(roots.map((r) => [r.id, r])), ...current }));
    setExpanded((current) => (current.length === 0 ? roots.map((r) => String(r.id)) : current));
  }, [roots]);

  /** Loads a unit's children once (concurrent calls share the request). */
  const ensureChildren = useCallback((unitId: number): Promise<void> => {
    let pending = loading.current.get(unitId);
    if (!pending) {
      pending = childrenOf(unitId).then((children) => {
        setUnits((current) => ({ ...current, ...Object.fromEntries(children.map((c) => [c.id, c])) }));
        setKids((current) => ({ ...current, [unitId]: children.map((c) => c.id) }));
      });
      pending.catch(() => loading.current.delete(unitId));
      loading.current.set(unitId, pending);
    }
    return pending;
  }, []);

  // The roots open at once, so the first level shows without a click.
  useEffect(() => {
    for (const root of roots) ensureChildren(root.id).catch(setError);
  }, [roots, ensureChildren]);

  const treeData = useMemo(() => {
    const build = (id: number): DataNode => {
      const unit = units[id]!;
      const children = kids[id];
      return {
        key: String(id),
        title: (
          <span
            data-testid="org-node"
            data-unit-code={unit.code}
            style={unit.closedAt !== null ? { textDecoration: 'line-through', color: '#999' } : undefined}
          >
            {unit.name}
          </span>
        ),
        isLeaf: unit.childCount === 0,
        children: children?.filter((c) => units[c]).map(build),
      };
    };
    return roots.filter((r) => units[r.id]).map((r) => build(r.id));
  }, [roots, units, kids]);

  /** Opens the tree down to a unit found by search, and selects it. */
  const reveal = async (unitId: number) => {
    try {
      const unit = await api.GET('/api/v1/units/{id}', { params: { path: { id: unitId } } });
      const chain = [...unit.ancestors, unit];
      const start = chain.findIndex((u) => roots.some((r) => r.id === u.id));
      if (start < 0) return;
      const path = chain.slice(start);
      for (const step of path.slice(0, -1)) await ensureChildren(step.id);
      setUnits((current) => ({ [unit.id]: unit, ...current }));
      setExpanded((current) => [...new Set([...current, ...path.slice(0, -1).map((u) => String(u.id))])]);
      setSelected(unit.id);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };

  /** After an edit: the chosen unit, its parent's children and its own children read again. */
  const refresh = async (unit: UnitRow) => {
    try {
      const ids = [unit.id, ...(unit.parentId !== null ? [unit.parentId] : [])];
      for (const id of ids) loading.current.delete(id);
      await Promise.all(ids.map((id) => ensureChildren(id)));
      const fresh = await api.GET('/api/v1/units/{id}', { params: { path: { id: unit.id } } });
      setUnits((current) => ({ ...current, [unit.id]: { ...current[unit.id], ...fresh } }));
      setVersion((v) => v + 1);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };

  if (scope.error) return <ErrorAlert error={scope.error} onRetry={scope.reload} />;
  if (!scope.data) return <PageLoading />;
  const current = selected !== null ? units[selected] : undefined;
  return (
    <Row gutter={16} data-testid="org-tree-page">
      <Col xs={24} lg={10}>
        <UnitSearch
          placeholder={t('org.search')}
          onChange={(id) => void reveal(id)}
          testId="org-search"
          style={{ marginBottom: 12 }}
        />
        {error ? <ErrorAlert error={error} /> : null}
        <Tree
          data-testid="org-tree"
          treeData={treeData}
          expandedKeys={expanded}
          selectedKeys={selected !== null ? [String(selected)] : []}
          onExpand={(keys) => setExpanded(keys)}
          onSelect={(keys) => setSelected(keys[0] !== undefined ? Number(keys[0]) : null)}
          loadData={async (node) => {
            try {
              await ensureChildren(Number(node.key));
            } catch (failure) {
              setError(failure);
            }
          }}
          loadedKeys={Object.keys(kids)}
          style={{ maxHeight: 640, overflow: 'auto' }}
        />
      </Col>
      <Col xs={24} lg={14}>
        {current ? (
          <UnitDetails
            unit={current}
            parent={current.parentId !== null ? units[current.parentId] : undefined}
            siblings={
              current.parentId !== null ? (kids[current.parentId] ?? []).map((id) => units[id]!).filter(Boolean) : []
            }
            manage={manage}
            version={version}
            onChanged={() => void refresh(current)}
          />
        ) : (
          <Empty description={t('org.pick')} style={{ marginTop: 48 }} />
        )}
      </Col>
    </Row>
  );
}
