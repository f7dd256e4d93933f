// The strings of intake's channels (issue 15): the tracking code on the receipt and the case page,
// and another system's reference on the case page.
import type { Bilingual } from '../bilingual.ts';

export const INTAKE_MESSAGES = {
  'intake.trackingCode': { zh: '查询码', en: 'Tracking code' },
  'intake.trackingCodeHelp': {
    zh: '请告知报告人：凭查询码可在居民页面查询办理进度，无需登录。',
    en: 'Tell the reporter: with this code they follow the case on the residents’ page, without signing in.',
  },
  'intake.externalRef': { zh: '外部工单', en: 'External reference' },
} satisfies Record<string, Bilingual>;
