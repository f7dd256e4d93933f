// 社区共治 (/community, /service-projects, /volunteers, /notices): the community bodies of the area,
// service projects, the volunteer roster and notices, one tab each (issue 19 §6–§7). Works at 375 px.
import { Card, Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import { BodiesTab } from './bodies-tab.tsx';
import { NoticesTab } from './notices-tab.tsx';
import { ProjectsTab } from './projects-tab.tsx';
import { VolunteersTab } from './volunteers-tab.tsx';

const TABS = [
  { key: 'bodies', path: '/community' },
  { key: 'projects', path: '/service-projects' },
  { key: 'volunteers', path: '/volunteers' },
  { key: 'notices', path: '/notices' },
] as const;

export default function CommunityPage() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((tab) => tab.path === location.pathname)?.key ?? 'bodies';
  return (
    <Card title={t('community.title')}>
      <Tabs
        activeKey={active}
        destroyInactiveTabPane
        onChange={(key) => navigate(TABS.find((tab) => tab.key === key)!.path)}
        items={[
          { key: 'bodies', label: t('community.tab.bodies'), children: <BodiesTab /> },
          { key: 'projects', label: t('community.tab.projects'), children: <ProjectsTab /> },
          { key: 'volunteers', label: t('community.tab.volunteers'), children: <VolunteersTab /> },
          { key: 'notices', label: t('community.tab.notices'), children: <NoticesTab /> },
        ]}
      />
    </Card>
  );
}
