/** A text in both languages of the console. */
export interface Bilingual {
  zh: string;
  en: string;
}
