// 个人设置: the signed-in staff member's own settings. Today: SMS alerts of deadline cards.
import { Space, Typography } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';
import { SmsAlertsCard } from './sms-alerts-card.tsx';

export default function SettingsPage() {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 720 }} data-testid="settings-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('sms.settings.title')}
      </Typography.Title>
      <SmsAlertsCard />
    </Space>
  );
}
