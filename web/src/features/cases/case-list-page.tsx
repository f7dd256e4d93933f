// 事件: every case the user may see, filtered by status, overdue and a search (`?q=`): words, a case
// number or its last digits, or a caller's full mobile — which needs the look-up's purpose (asked
// here when missing) and lists that caller's cases. A mobile and its purpose travel in the history
// entry's state, never in the address (header-search.tsx, caseListFor).
import { Alert, Button, Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { ExportButton } from '../../shared/export-button.tsx';
import { useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_STATUSES } from '../../../../common/workflow.ts';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { caseListFor, mayLookUpPhones, type CaseSearchState } from '../search/header-search.tsx';
import { MIN_PURPOSE, PurposeDialog } from '../search/purpose-dialog.tsx';
import { maskMobile, readSearch } from '../search/search-query.ts';
import { CaseTable, type CaseQuery } from './case-table.tsx';

export default function CaseListPage() {
  const { t, pick } = useI18n();
  const { roles } = useSession();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const carried = (location.state ?? null) as CaseSearchState | null;
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? carried?.q ?? '';
  const purpose = (carried?.purpose ?? '').trim();
  const overdue = params.get('overdue') === 'true';
  // The cases behind a figure (rankings, dashboard): a unit, a period, a category and a KPI rule,
  // from the link (shared/case-links.ts).
  const idParam = (key: string) => (params.get(key) ? Number(params.get(key)) : undefined);
  const behind = {
    unitId: idParam('unitId'),
    leadUnitId: idParam('leadUnitId'),
    // A staff member's own reports (队伍建设's monthly figures).
    createdBy: idParam('createdBy'),
    kpi: (params.get('kpi') ?? undefined) as CaseQuery['kpi'],
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    categoryCode: params.get('categoryCode') ?? undefined,
  };
  const intent = readSearch(q);
  // The purpose dialog opens by itself for a phone search; "cancel" closes it for that search.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true, state: carried });
  };
  /** A new search from the list's own box: a mobile goes into the history state, as from the header. */
  const search = (typed: string, given?: string) => {
    const target = caseListFor(typed, given);
    const next = new URLSearchParams(params);
    next.delete('q');
    const carriedQ = new URLSearchParams(target.to.split('?')[1] ?? '').get('q');
    if (carriedQ) next.set('q', carriedQ);
    const query = next.toString();
    navigate(`/cases${query ? `?${query}` : ''}`, { replace: true, state: target.state ?? null });
  };
  const byPhone = intent.kind === 'mobile';
  const mayLookUp = mayLookUpPhones(roles);
  const purposeGiven = purpose.length >= MIN_PURPOSE;

  let list;
  if (byPhone && !mayLookUp) {
    list = <Alert type="warning" showIcon message={t('desk.search.mobileNotAllowed')} data-testid="phone-refused" />;
  } else if (byPhone && !purposeGiven) {
    list = (
      <>
        <Alert
          type="info"
          showIcon
          message={t('desk.list.purposeNeeded', { phone: maskMobile(intent.q) })}
          action={
            <Button size="small" onClick={() => setDismissed(null)}>
              {t('desk.purpose.submit')}
            </Button>
          }
        />
        {dismissed !== q && (
          <PurposeDialog phone={intent.q} onCancel={() => setDismissed(q)} onSubmit={(given) => search(q, given)} />
        )}
      </>
    );
  } else {
    list = (
      <>
        {byPhone && (
          <Typography.Paragraph data-testid="phone-search-caption">
            {t('desk.list.byPhone', { phone: maskMobile(intent.q), purpose })}
          </Typography.Paragraph>
        )}
        <CaseTable
          query={{
            status,
            q: intent.kind === 'empty' ? undefined : intent.q,
            purpose: byPhone ? purpose : undefined,
            overdue: overdue || undefined,
            ...behind,
          }}
          testId="case-list"
        />
      </>
    );
  }

  return (
    <Card>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('cases.listTitle')}
        </Typography.Title>
        {!byPhone && (
          <ExportButton
            url="/api/v1/cases"
            query={{
              status,
              q: intent.kind === 'empty' ? undefined : intent.q,
              overdue: overdue || undefined,
              ...behind,
            }}
            fallbackName="cases.xlsx"
          />
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16, maxWidth: '100%' }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('cases.allStatuses')}
          value={status}
          onChange={(value: string | undefined) => update({ status: value })}
          options={CASE_STATUSES.map((s) => ({ value: s, label: pick(STATUS_LABELS[s]) }))}
          data-testid="filter-status"
        />
        <Input.Search
          key={q}
          allowClear
          defaultValue={q}
          placeholder={t('desk.search.placeholder')}
          style={{ width: 320, maxWidth: '100%' }}
          onSearch={(value) => search(value.trim())}
          data-testid="filter-q"
          enterButton={t('common.search')}
        />
        <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}>
          {t('cases.onlyOverdue')}
        </Checkbox>
      </Space>
      {list}
    </Card>
  );
}
