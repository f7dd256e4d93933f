// 听证 on a case's page: the case's public hearings and, for whoever may convene one on it
// (the dispatcher or leader over it, the lead committee's mediator), 安排听证.
import { Button, Card, Empty, List } from 'antd';
import { Link } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import type { CaseDetail } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import type { Hearing } from './hearing-shared.tsx';
import { HearingItem } from './hearings-page.tsx';

function CaseHearingsCard({ record }: { record: CaseDetail }) {
  const { t } = useI18n();
  const loaded = useLoad(
    () => api.GET('/api/v1/cases/{id}/hearings', { params: { path: { id: record.id } } }),
    `${record.id}:${record.version}`,
  );
  const items = loaded.data?.items ?? [];
  const convene = loaded.data?.abilities.convene ?? false;
  if (!loaded.error && !loaded.loading && items.length === 0 && !convene) return null;
  return (
    <Card
      title={t('hearing.caseCard')}
      style={{ marginTop: 24 }}
      data-testid="case-hearings"
      extra={
        convene && (
          <Link to={`/cases/${record.id}/hearings/new`} data-testid="schedule-hearing">
            <Button type="primary" size="small">
              {t('hearing.schedule')}
            </Button>
          </Link>
        )
      }
    >
      {loaded.error ? (
        <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <List<Hearing>
          loading={loaded.loading}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hearing.noneOnCase')} /> }}
          renderItem={(hearing) => (
            <List.Item key={hearing.id}>
              <HearingItem hearing={hearing} showCase={false} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Nothing for roles that do not read hearings (the API would refuse them). */
export function CaseHearings({ record }: { record: CaseDetail }) {
  const { roles } = useSession();
  if (!roles.some((role) => holds(role, 'hearing:read'))) return null;
  return <CaseHearingsCard record={record} />;
}
