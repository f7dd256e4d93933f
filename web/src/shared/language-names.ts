// What a language switch shows: the other language, named in that language ("English" / "中文"),
// as language switches do. One place for the console's switch and the residents' page's.
import type { Locale } from './i18n.tsx';

export const OTHER_LOCALE: Record<Locale, { locale: Locale; name: string }> = {
  'zh-CN': { locale: 'en', name: 'English' },
  en: { locale: 'zh-CN', name: '中文' },
};
