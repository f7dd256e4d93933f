// 我的上报 (/my-reports): what was reported on grid patrol in the grid worker's area, newest first.
// The case list filters by channel; a grid worker's area is the grid, whose patrol reports are
// the worker's own.
import { Button, Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import { CaseTable } from '../cases/case-table.tsx';

export default function MyReportsPage() {
  const { t } = useI18n();
  return (
    <Card
      title={t('phone.myReports.title')}
      extra={
        <Link to="/report">
          <Button type="primary">{t('phone.nav.report')}</Button>
        </Link>
      }
      styles={{ body: { padding: 12 } }}
    >
      <Typography.Paragraph type="secondary">{t('phone.myReports.hint')}</Typography.Paragraph>
      <CaseTable query={{ channel: 'grid_patrol' }} testId="my-reports" />
    </Card>
  );
}
