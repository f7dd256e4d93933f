// The staff console's frame: menu by role, the user and unit, language switch, sign-out. Pages
// render in the outlet; without a session the user goes to the sign-in page.
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../common/roles.ts';
import { useI18n } from '../shared/i18n.tsx';
import { LanguageSwitch } from '../shared/language-switch.tsx';
import { HeaderSearch } from '../features/search/header-search.tsx';
import { navFor } from './navigation.ts';
import { useSession } from './session.tsx';

export function ConsoleLayout() {
  const { t, pick } = useI18n();
  const { token, me, roles, loading, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  if (token === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (loading || me === null) {
    return (
      <div style={{ padding: 96, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (roles.every((r) => r === 'resident')) return <Navigate to="/m" replace />;

  const items = navFor(roles).map((item) => ({ key: item.path, label: t(item.label) }));
  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const membership = me.memberships[0];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="dark" width={200}>
        <div style={{ color: '#fff', padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.shortTitle')}</div>
        <Menu theme="dark" mode="inline" selectedKeys={[section]} items={items} onClick={({ key }) => navigate(key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'space-between' }}
        >
          <Typography.Text strong>{t('app.title')}</Typography.Text>
          <Space size="middle">
            <HeaderSearch />
            <span data-testid="current-user">
              {me.user.displayName}
              {membership ? ` · ${membership.unitName}` : ''}
              {roles[0] ? ` · ${pick(ROLE_LABELS[roles[0]])}` : ''}
            </span>
            <LanguageSwitch />
            <Button
              onClick={() => {
                void signOut().then(() => navigate('/login'));
              }}
            >
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
