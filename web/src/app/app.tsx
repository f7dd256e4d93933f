// Providers (language, Ant Design locale, session) and the routes.
import { App as AntApp, ConfigProvider } from 'antd';
// The ES modules: the CommonJS 'antd/locale/*' arrive as `{ default }` in the build, and every
// Ant Design text (tables, calendars, pickers) fell back to English.
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { I18nProvider, useI18n } from '../shared/i18n.tsx';
import { useStillMotion } from '../shared/motion.ts';
import { SessionProvider } from './session.tsx';
import { AppRoutes } from './routes.tsx';

function Localised() {
  const { locale } = useI18n();
  const still = useStillMotion();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#c0392b', motion: !still } }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}
