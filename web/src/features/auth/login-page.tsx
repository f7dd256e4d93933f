import { Alert, Card, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { homeOf, rolesOf, useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { LoginForm } from './login-form.tsx';

export default function LoginPage() {
  const { t } = useI18n();
  const { token, me, roles, endReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  if (token !== null && me !== null) return <Navigate to={homeOf(roles)} replace />;
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
      }}
    >
      <Card style={{ width: 380, maxWidth: '94vw' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <LanguageSwitch size="small" />
        </div>
        <Typography.Paragraph type="secondary">{t('app.title')}</Typography.Paragraph>
        {endReason === 'expired' && (
          <Alert
            type="warning"
            showIcon
            message={t('login.expired')}
            style={{ marginBottom: 16 }}
            data-testid="session-expired"
          />
        )}
        <LoginForm
          onSignedIn={(who) => {
            const home = homeOf(rolesOf(who));
            navigate(from && home !== '/m' ? from : home, { replace: true });
          }}
        />
        {/* A page of its own (no console code): a full page load, not a route of the console. */}
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Typography.Link href="/public" type="secondary" data-testid="public-results-link">
            {t('public.link')}
          </Typography.Link>
        </div>
      </Card>
    </div>
  );
}
