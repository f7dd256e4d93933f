// 审计日志: who did what, to what, when, from where, and whether it was allowed — newest first,
// filtered by action, outcome, subject and person, a page at a time (GET /api/v1/audit). People,
// units and cases appear by name and number (the API resolves them); each row opens to its
// details as readable lines.
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { refKey } from '../../../../common/audit-refs.ts';
import { ROLE_LABELS, isRole } from '../../../../common/roles.ts';
import { CASE_ACTIONS } from '../../../../common/workflow.ts';
import { api, type Query } from '../../shared/api.ts';
import type { Account, AuditEntry } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n, type I18n } from '../../shared/i18n.tsx';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OUTCOME_LABELS,
  AUDIT_SUBJECT_LABELS,
  eventLabel,
  labelOf,
} from '../../shared/labels.ts';
import { DESK_AUDIT_ACTION_LABELS } from '../../shared/messages/desk.ts';
import { useLoad } from '../../shared/use-load.ts';
import { AuditDetails } from './audit-details.tsx';
import { CodeSelect } from './code-select.tsx';
import { ExportButton } from '../../shared/export-button.tsx';

type Filters = Pick<Query<'/api/v1/audit'>, 'action' | 'outcome' | 'subjectType' | 'actorUserId'>;

const PAGE = 50;
const OUTCOME_COLOURS: Record<string, string> = { success: 'green', denied: 'red', failure: 'orange' };

/** The action in words: the table's name, a case step's name, or what kind of record it is. */
export function actionText(action: string, i18n: Pick<I18n, 't' | 'pick'>): string {
  const known = AUDIT_ACTION_LABELS[action] ?? DESK_AUDIT_ACTION_LABELS[action];
  if (known) return i18n.pick(known);
  // A refused request is recorded as its method and route ("GET /api/v1/users").
  if (/^[A-Z]+ \//.test(action)) return i18n.t('audit.refusedRequest');
  if (action.startsWith('case.')) return i18n.pick(eventLabel(action.slice('case.'.length)));
  return i18n.t('audit.otherAction');
}

const OUTCOMES: readonly NonNullable<Filters['outcome']>[] = ['success', 'denied', 'failure'];
const SUBJECTS = Object.keys(AUDIT_SUBJECT_LABELS).filter((code) => code !== 'unit');
const ACTION_CODES = [
  ...new Set([
    ...Object.keys(AUDIT_ACTION_LABELS),
    ...CASE_ACTIONS.map((a) => `case.${a}`),
    ...Object.keys(DESK_AUDIT_ACTION_LABELS),
  ]),
];

function ActorFilter({ value, onChange }: { value?: number; onChange: (id: number | undefined) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Account[]>([]);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      style={{ width: 240 }}
      placeholder={t('audit.actorPlaceholder')}
      value={value}
      notFoundContent={null}
      onSearch={(text) => {
        window.clearTimeout(timer.current);
        if (text.trim() === '') return;
        timer.current = window.setTimeout(() => {
          api.GET('/api/v1/users', { params: { query: { q: text.trim(), limit: 20 } } }).then(
            (page) => setOptions(page.items),
            () => setOptions([]),
          );
        }, 250);
      }}
      onChange={(id: number | undefined) => onChange(id)}
      options={options.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
      data-testid="audit-actor"
    />
  );
}

/** The case a record about a hand-off, a hearing or a file belongs to, by its number. */
function caseNumberIn(entry: AuditEntry): string | null {
  const details = entry.details;
  if (typeof details !== 'object' || details === null || !('caseId' in details)) return null;
  const id = (details as { caseId?: unknown }).caseId;
  return typeof id === 'number' ? (entry.names[refKey('case', id)] ?? null) : null;
}

function Subject({ entry, categories }: { entry: AuditEntry; categories: Map<string, string> }) {
  const { t, pick, locale } = useI18n();
  if (!entry.subjectType) return <>—</>;
  const kind = pick(labelOf(AUDIT_SUBJECT_LABELS, entry.subjectType));
  const id = entry.subjectId;
  const named = entry.subjectName ?? t('desk.audit.unnamed');
  switch (entry.subjectType) {
    case 'category':
      return (
        <>
          {kind} · {(id !== null && categories.get(id)) || '—'}
        </>
      );
    case 'calendar_day':
      return (
        <>
          {kind} · {formatDate(id, locale)}
        </>
      );
    case 'case':
      return id === null ? (
        <>{kind}</>
      ) : (
        <>
          {kind} · <Link to={`/cases/${id}`}>{named}</Link>
        </>
      );
    case 'user':
    case 'org_unit':
      return id === null ? (
        <>{kind}</>
      ) : (
        <>
          {kind} · {named}
        </>
      );
    default: {
      const number = caseNumberIn(entry);
      return <>{number ? t('desk.audit.caseOf', { kind, number }) : kind}</>;
    }
  }
}

export default function AuditPage() {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const [filters, setFilters] = useState<Filters>({});
  const [more, setMore] = useState<{ items: AuditEntry[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const key = JSON.stringify(filters);
  const query: Query<'/api/v1/audit'> = { ...filters, limit: PAGE };
  const first = useLoad(() => api.GET('/api/v1/audit', { params: { query } }), key);
  const categories = useLoad(
    () => api.GET('/api/v1/categories').then((a) => new Map(a.items.map((c) => [c.code, c.name]))),
    'categories',
  );
  useEffect(() => setMore(null), [key, first.data]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await api.GET('/api/v1/audit', { params: { query: { ...query, cursor } } });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
      setMoreError(null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };
  const set = (change: Filters) => setFilters((current) => ({ ...current, ...change }));
  const names = categories.data ?? new Map<string, string>();

  return (
    <div data-testid="audit-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <CodeSelect
          allowClear
          showSearch
          style={{ width: 200 }}
          placeholder={t('audit.allActions')}
          codes={ACTION_CODES}
          label={(code) => actionText(code, i18n)}
          value={filters.action}
          onChange={(action) => set({ action })}
          data-testid="audit-action"
        />
        <CodeSelect
          allowClear
          style={{ width: 140 }}
          placeholder={t('audit.allOutcomes')}
          codes={OUTCOMES}
          label={(code) => pick(labelOf(AUDIT_OUTCOME_LABELS, code))}
          value={filters.outcome}
          onChange={(outcome) => set({ outcome })}
          data-testid="audit-outcome"
        />
        <CodeSelect
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.allSubjects')}
          codes={SUBJECTS}
          label={(code) => pick(labelOf(AUDIT_SUBJECT_LABELS, code))}
          value={filters.subjectType}
          onChange={(subjectType) => set({ subjectType })}
          data-testid="audit-subject"
        />
        <ActorFilter value={filters.actorUserId} onChange={(actorUserId) => set({ actorUserId })} />
        <ExportButton url="/api/v1/audit" query={filters} fallbackName="audit-log.xlsx" />
      </Space>
      {first.error ? <ErrorAlert error={first.error} onRetry={first.reload} /> : null}
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        loading={first.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (entry) => <AuditDetails entry={entry} categories={names} />,
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, locale), width: 160 },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, e) =>
              e.actorUsername === null && e.actorName === null ? (
                <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
              ) : (
                <div data-testid="audit-actor-cell">
                  <div>
                    {e.actorName ?? e.actorUsername}
                    {e.actorRole && isRole(e.actorRole) ? ` · ${pick(ROLE_LABELS[e.actorRole])}` : ''}
                  </div>
                  {e.actorUnitName && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.actorUnitName}
                    </Typography.Text>
                  )}
                </div>
              ),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (action: string) => <span data-testid="audit-action-cell">{actionText(action, i18n)}</span>,
          },
          { title: t('audit.subject'), key: 'subject', render: (_, e) => <Subject entry={e} categories={names} /> },
          {
            title: t('audit.outcome'),
            dataIndex: 'outcome',
            render: (outcome: string) => (
              <Tag color={OUTCOME_COLOURS[outcome] ?? 'default'}>{pick(labelOf(AUDIT_OUTCOME_LABELS, outcome))}</Tag>
            ),
          },
          { title: t('audit.ip'), dataIndex: 'clientIp', render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      {moreError ? <ErrorAlert error={moreError} /> : null}
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('admin.shown', { count: items.length })}</Typography.Text>
        {cursor !== null ? (
          <Button loading={loadingMore} onClick={() => void loadMore()} data-testid="audit-more">
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}
