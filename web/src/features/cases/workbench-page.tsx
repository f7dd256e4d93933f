// 工作台: what each role has to do now.
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { Link, Navigate } from 'react-router-dom';
import type { Role } from '../../../../common/roles.ts';
import { useSession } from '../../app/session.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { MediatorPanels } from '../mediation/mediator-workbench.tsx';
import { CaseTable, type CaseQuery } from './case-table.tsx';

interface Panel {
  title: MessageKey;
  query: CaseQuery;
  testId: string;
}

function panelsFor(roles: Role[]): Panel[] {
  if (roles.includes('dispatcher')) {
    return [
      { title: 'workbench.toTriage', query: { status: 'registered' }, testId: 'panel-triage' },
      { title: 'workbench.overdue', query: { overdue: true }, testId: 'panel-overdue' },
      { title: 'workbench.toClose', query: { status: 'resolved' }, testId: 'panel-resolved' },
    ];
  }
  if (roles.includes('department') || roles.includes('mediator')) {
    return [
      { title: 'workbench.toAccept', query: { status: 'dispatched' }, testId: 'panel-accept' },
      { title: 'workbench.inProgress', query: { status: 'in_progress' }, testId: 'panel-in-progress' },
    ];
  }
  if (roles.includes('grid_worker')) {
    return [
      { title: 'workbench.myGrid', query: { status: 'registered' }, testId: 'panel-grid' },
      { title: 'workbench.inProgress', query: { status: 'in_progress' }, testId: 'panel-in-progress' },
    ];
  }
  return [{ title: 'workbench.recent', query: {}, testId: 'panel-recent' }];
}

export default function WorkbenchPage() {
  const { t } = useI18n();
  const { me, roles } = useSession();
  if (roles.length > 0 && roles.every((r) => r === 'resident')) return <Navigate to="/m" replace />;
  if (roles.includes('leader') && !roles.includes('dispatcher')) return <Navigate to="/dashboard" replace />;
  const canRegister = roles.some((r) => r === 'operator' || r === 'dispatcher' || r === 'grid_worker');
  // A grid worker reports from the field page (photos, the point on the map) and may settle what
  // waits in the grid on the spot (就地化解).
  const fieldOnly = roles.includes('grid_worker') && !roles.some((r) => r === 'operator' || r === 'dispatcher');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('workbench.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('workbench.hello', { name: me?.user.displayName ?? '' })}
          </Typography.Text>
        </Col>
        <Col>
          <Space>
            {canRegister && (
              <Link to={fieldOnly ? '/report' : '/intake'}>
                <Button type="primary">{t(fieldOnly ? 'phone.report.title' : 'workbench.register')}</Button>
              </Link>
            )}
            {roles.includes('mediator') && (
              <Link to="/mediations">
                <Button>{t('nav.mediations')}</Button>
              </Link>
            )}
          </Space>
        </Col>
      </Row>
      {roles.includes('mediator') && !roles.includes('dispatcher') ? (
        <MediatorPanels />
      ) : (
        panelsFor(roles).map((panel) => (
          <Card key={panel.testId} title={t(panel.title)}>
            <CaseTable
              query={panel.query}
              testId={panel.testId}
              rowAction={
                roles.includes('grid_worker') && panel.query.status === 'registered'
                  ? (row) => (
                      <Link to={`/solve/${row.id}`} data-testid="solve-link">
                        <Button size="small">{t('phone.tasks.solve')}</Button>
                      </Link>
                    )
                  : undefined
              }
            />
          </Card>
        ))
      )}
    </Space>
  );
}
