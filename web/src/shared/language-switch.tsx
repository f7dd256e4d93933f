import { Button } from 'antd';
import { useI18n } from './i18n.tsx';
import { OTHER_LOCALE } from './language-names.ts';

/** Names the other language in that language (language-names.ts). */
export function LanguageSwitch({ size, light }: { size?: 'small' | 'middle' | 'large'; light?: boolean }) {
  const { locale, setLocale } = useI18n();
  return (
    <Button
      size={size}
      type="link"
      data-testid="language-switch"
      style={light ? { color: '#fff' } : undefined}
      onClick={() => setLocale(OTHER_LOCALE[locale].locale)}
    >
      {OTHER_LOCALE[locale].name}
    </Button>
  );
}
