// 事件: every case the user may see, filtered by status, overdue and a Chinese text search.
import { Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { CASE_STATUSES } from '../../../../common/workflow.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { CaseTable } from './case-table.tsx';

export default function CaseListPage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? '';
  const overdue = params.get('overdue') === 'true';
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('cases.listTitle')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
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
          allowClear
          defaultValue={q}
          placeholder={t('cases.searchPlaceholder')}
          style={{ width: 320 }}
          onSearch={(value) => update({ q: value.trim() })}
          data-testid="filter-q"
          enterButton={t('common.search')}
        />
        <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}>
          {t('cases.onlyOverdue')}
        </Checkbox>
      </Space>
      <CaseTable query={{ status, q: q || undefined, overdue: overdue || undefined }} testId="case-list" />
    </Card>
  );
}
