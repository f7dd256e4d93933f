// Emergency mode (issue 18 §6, ADR 0029): the kinds of emergency, the four levels of the national
// emergency plans (I 特别重大/红 … IV 一般/蓝), the result of a door-to-door visit and the status of
// an emergency. Defined once here for the server's schemas, the report and the console's labels.
// Nothing here may import server code.
import type { Bilingual } from './labels.ts';

export const EMERGENCY_KINDS = ['flood', 'typhoon', 'earthquake', 'fire', 'epidemic', 'other'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];
export const EMERGENCY_KIND_LABELS: Record<EmergencyKind, Bilingual> = {
  flood: { zh: '防汛', en: 'Flood' },
  typhoon: { zh: '台风', en: 'Typhoon' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  fire: { zh: '火灾', en: 'Fire' },
  epidemic: { zh: '疫情', en: 'Epidemic' },
  other: { zh: '其他突发事件', en: 'Other emergency' },
};

/** I is the gravest. Each level has its colour in the national plans. */
export const EMERGENCY_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type EmergencyLevel = (typeof EMERGENCY_LEVELS)[number];
export const EMERGENCY_LEVEL_LABELS: Record<EmergencyLevel, Bilingual & { color: string }> = {
  I: { zh: 'Ⅰ级（特别重大·红色）', en: 'Level I (red)', color: 'red' },
  II: { zh: 'Ⅱ级（重大·橙色）', en: 'Level II (orange)', color: 'orange' },
  III: { zh: 'Ⅲ级（较大·黄色）', en: 'Level III (yellow)', color: 'gold' },
  IV: { zh: 'Ⅳ级（一般·蓝色）', en: 'Level IV (blue)', color: 'blue' },
};

export const EMERGENCY_STATUSES = ['active', 'closed'] as const;
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];

/** What a door-to-door visit found: the household (or person) reached, not found, or in need. */
export const VISIT_RESULTS = ['reached', 'not_reached', 'need'] as const;
export type VisitResult = (typeof VISIT_RESULTS)[number];
export const VISIT_RESULT_LABELS: Record<VisitResult, Bilingual> = {
  reached: { zh: '已走访', en: 'Visited' },
  not_reached: { zh: '未见到', en: 'Not reached' },
  need: { zh: '有需求', en: 'Needs help' },
};

/** An item of the door-to-door list: a household (a house of the base data) or a key-group person. */
export const EMERGENCY_ITEM_SUBJECTS = ['household', 'key_person'] as const;
export type EmergencyItemSubject = (typeof EMERGENCY_ITEM_SUBJECTS)[number];
