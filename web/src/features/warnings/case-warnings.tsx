// The case page's panel of the warnings the case is part of (for the roles that read warnings):
// each with its level, reason and the other cases behind it; nothing is shown when there are none.
import { Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { WARNING_LEVEL_LABELS, WARNING_STATUS_LABELS } from '../../../../common/warnings.ts';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { LEVEL_COLOURS } from './warning-labels.ts';

export function CaseWarnings({ caseId }: { caseId: number }) {
  const { roles } = useSession();
  return roles.some((role) => holds(role, 'warning:read')) ? <CaseWarningsPanel caseId={caseId} /> : null;
}

function CaseWarningsPanel({ caseId }: { caseId: number }) {
  const { t, pick } = useI18n();
  const loaded = useLoad(
    () => api.GET('/api/v1/warnings', { params: { query: { caseId, limit: 20 } } }),
    String(caseId),
  );
  const items = loaded.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title={t('warnings.onCase')} style={{ marginTop: 24 }} data-testid="case-warnings">
      <List
        dataSource={items}
        renderItem={(item) => (
          <List.Item data-testid="case-warning">
            <Space direction="vertical" size={2}>
              <Space>
                <Tag color={LEVEL_COLOURS[item.level]}>{pick(WARNING_LEVEL_LABELS[item.level])}</Tag>
                <Link to="/warnings">{pick(item.titleText)}</Link>
                <Typography.Text type="secondary">{pick(WARNING_STATUS_LABELS[item.status])}</Typography.Text>
              </Space>
              <Typography.Text type="secondary">{pick(item.explanationText)}</Typography.Text>
              <Space size={4} wrap>
                {item.cases
                  .filter((c) => c.id !== caseId)
                  .map((c) => (
                    <Link key={c.id} to={`/cases/${c.id}`}>
                      {c.number}
                    </Link>
                  ))}
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
