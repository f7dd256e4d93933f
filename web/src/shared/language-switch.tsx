import { Button } from 'antd';
import { useI18n } from './i18n.tsx';

/** Names the other language in that language, as language switches do ("English" / "中文"). */
export function LanguageSwitch({ size, light }: { size?: 'small' | 'middle' | 'large'; light?: boolean }) {
  const { locale, setLocale } = useI18n();
  return (
    <Button
      size={size}
      type="link"
      data-testid="language-switch"
      style={light ? { color: '#fff' } : undefined}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {locale === 'zh-CN' ? 'English' : '中文'}
    </Button>
  );
}
