// Strings of the finishing touches of issue 14 (the case page's point, the phone header), Chinese first.
import type { Bilingual } from '../bilingual.ts';

export const FINISH_MESSAGES = {
  'finish.case.point': { zh: '事发位置', en: 'Where it happened' },
  'finish.case.photos': { zh: '照片与附件', en: 'Photos and files' },
  'finish.header.search': { zh: '搜索', en: 'Search' },
} as const satisfies Record<string, Bilingual>;
