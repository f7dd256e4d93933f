// Strings of the category and lead-unit suggestions (issue 17): the 'suggest.' keys.
import type { Bilingual } from '../bilingual.ts';

export const SUGGEST_MESSAGES = {
  'suggest.categories': { zh: '建议分类', en: 'Suggested categories' },
  'suggest.leadUnits': { zh: '建议承办单位', en: 'Suggested lead units' },
  'suggest.confidence': { zh: '{name} {percent}%', en: '{name} {percent}%' },
  'suggest.hint': {
    zh: '根据本中心以往的分派结果学习，点击即可填入；以您的选择为准，并用于下次训练',
    en: "Learnt from this centre's past decisions; click to fill in. Your choice decides, and the next training learns from it",
  },
} satisfies Record<string, Bilingual>;
