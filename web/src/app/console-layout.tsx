// The staff console's frame: menu by role, the user and unit, language switch, sign-out. Pages
// render in the outlet; without a session the user goes to the sign-in page. At 480 px or less
// (a phone) the frame is a compact header and a bottom tab bar, with the rest under "more".
import { Button, ConfigProvider, Drawer, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../common/roles.ts';
import { useI18n } from '../shared/i18n.tsx';
import { LanguageSwitch } from '../shared/language-switch.tsx';
import { HeaderSearch } from '../features/search/header-search.tsx';
import { InboxBell } from '../features/inbox/inbox-bell.tsx';
import { EmergencyBanner } from '../features/emergency/emergency-banner.tsx';
import { usePhone } from '../shared/use-phone.ts';
import { consoleEntries, sectionOf, splitTabs, type ConsoleEntry } from './console-nav.ts';
import { useSession } from './session.tsx';

/** The tab bar's height, without the phone's home-indicator inset. */
const TAB_BAR_HEIGHT = 56;

/** Cards hold 24 px of padding on a screen; at 375 px that is a fifth of the width. */
const PHONE_THEME = { components: { Card: { bodyPadding: 12, headerPadding: 12 } } };

export function ConsoleLayout() {
  const { t, pick } = useI18n();
  const { token, me, roles, loading, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const phone = usePhone();

  if (token === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (loading || me === null) {
    return (
      <div style={{ padding: 96, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (roles.every((r) => r === 'resident')) return <Navigate to="/m" replace />;

  const entries = consoleEntries(roles);
  const section = sectionOf(location.pathname);
  const membership = me.memberships[0];
  const who = [me.user.displayName, membership?.unitName, roles[0] ? pick(ROLE_LABELS[roles[0]]) : undefined]
    .filter(Boolean)
    .join(' · ');
  const leave = () => {
    void signOut().then(() => navigate('/login'));
  };

  if (phone) {
    return <PhoneFrame entries={entries} section={section} who={who} name={me.user.displayName} onSignOut={leave} />;
  }

  const items = entries.map((item) => ({ key: item.path, label: t(item.label) }));
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
            <InboxBell />
            <span data-testid="current-user">{who}</span>
            <LanguageSwitch />
            <Button onClick={leave}>{t('app.signOut')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <EmergencyBanner />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function PhoneFrame({
  entries,
  section,
  who,
  name,
  onSignOut,
}: {
  entries: ConsoleEntry[];
  section: string;
  who: string;
  name: string;
  onSignOut: () => void;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [moreOpen, setMoreOpen] = useState(false);
  const { tabs, more } = splitTabs(entries);
  const inMore = more.some((entry) => entry.path === section);
  // The browser's 8 px body margin: on a phone the frame runs edge to edge, as its tab bar does.
  useEffect(() => {
    const previous = document.body.style.margin;
    document.body.style.margin = '0';
    return () => {
      document.body.style.margin = previous;
    };
  }, []);
  const go = (path: string) => {
    setMoreOpen(false);
    navigate(path);
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-layout="phone">
      <header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 20,
          height: 48,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          flexWrap: 'nowrap',
          gap: 8,
          overflow: 'hidden',
          padding: '0 12px',
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong style={{ flex: 'none', fontSize: 16, whiteSpace: 'nowrap' }} data-testid="phone-title">
          {t('app.shortTitle')}
        </Typography.Text>
        <HeaderSearch />
        <InboxBell />
        {/* The user menu: the name opens "more", where the language switch and sign-out are. */}
        <Button
          type="text"
          onClick={() => setMoreOpen(true)}
          data-testid="current-user"
          title={who}
          aria-label={who}
          style={{ minWidth: 0, maxWidth: '45%', flex: '0 1 auto', padding: '0 4px' }}
        >
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: '100%' }}>
            {name}
          </Typography.Text>
        </Button>
      </header>
      <main style={{ padding: 12, paddingBottom: `calc(${TAB_BAR_HEIGHT + 16}px + env(safe-area-inset-bottom))` }}>
        <ConfigProvider theme={PHONE_THEME}>
          <EmergencyBanner />
          <Outlet />
        </ConfigProvider>
      </main>
      <nav
        aria-label={t('phone.nav.menu')}
        data-testid="tab-bar"
        style={{
          position: 'fixed',
          left: 0,
          right: 0,
          bottom: 0,
          zIndex: 20,
          display: 'flex',
          background: '#fff',
          borderTop: '1px solid #e8e8e8',
          paddingBottom: 'env(safe-area-inset-bottom)',
        }}
      >
        {tabs.map((entry) => (
          <Tab key={entry.path} to={entry.path} active={entry.path === section} label={t(entry.label)} />
        ))}
        <Tab active={inMore} label={t('phone.nav.more')} onClick={() => setMoreOpen(true)} testId="tab-more" />
      </nav>
      <Drawer
        open={moreOpen}
        placement="bottom"
        height="auto"
        title={t('phone.more.title')}
        onClose={() => setMoreOpen(false)}
        // A long menu scrolls inside the sheet; the sheet never grows past the screen's top.
        styles={{ wrapper: { maxHeight: '85vh' }, body: { paddingTop: 8, overflowY: 'auto' } }}
      >
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="more-menu">
          <Typography.Text type="secondary">{who}</Typography.Text>
          {more.map((entry) => (
            <Button
              key={entry.path}
              block
              size="large"
              type={entry.path === section ? 'primary' : 'default'}
              onClick={() => go(entry.path)}
              data-path={entry.path}
            >
              {t(entry.label)}
            </Button>
          ))}
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <LanguageSwitch size="large" />
            <Button size="large" danger onClick={onSignOut} data-testid="sign-out">
              {t('app.signOut')}
            </Button>
          </Space>
        </Space>
      </Drawer>
    </div>
  );
}

const TAB_STYLE = {
  flex: '1 1 0',
  minWidth: 0,
  minHeight: TAB_BAR_HEIGHT,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  padding: '4px 2px',
  border: 'none',
  background: 'none',
  fontSize: 14,
  lineHeight: 1.2,
  textAlign: 'center',
  overflowWrap: 'anywhere',
  cursor: 'pointer',
} as const;

function Tab({
  to,
  active,
  label,
  onClick,
  testId,
}: {
  to?: string;
  active: boolean;
  label: string;
  onClick?: () => void;
  testId?: string;
}) {
  const style = {
    ...TAB_STYLE,
    color: active ? '#c0392b' : '#595959',
    fontWeight: active ? 600 : 400,
    boxShadow: active ? 'inset 0 2px 0 #c0392b' : 'none',
  };
  if (to === undefined) {
    return (
      <button type="button" style={style} onClick={onClick} aria-haspopup="dialog" data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <Link to={to} style={style} aria-current={active ? 'page' : undefined} data-path={to}>
      {label}
    </Link>
  );
}
