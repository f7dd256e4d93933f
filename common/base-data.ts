// Base data 一标三实 (issue 18 §2): the codes of houses, enterprises, a person's links to them and
// the key groups (重点人群), with their names in both languages. Each key group names the power that
// shows it (common/powers.ts), so who may see which group is written once: the server drops the
// tags a caller may not see, and the console offers only the groups the user's roles may see.
// Shared with the web console: nothing here may import server code.
import type { Bilingual } from './labels.ts';
import { holds, type Power } from './powers.ts';
import { ROLES, type Role } from './roles.ts';

export const HOUSE_KINDS = ['residential', 'shop', 'self_built', 'other'] as const;
export type HouseKind = (typeof HOUSE_KINDS)[number];
export const HOUSE_KIND_LABELS: Record<HouseKind, Bilingual> = {
  residential: { zh: '住宅', en: 'Residential' },
  shop: { zh: '商铺', en: 'Shop' },
  self_built: { zh: '自建房', en: 'Self-built house' },
  other: { zh: '其他', en: 'Other' },
};

export const ENTERPRISE_KINDS = ['enterprise', 'shop'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];
export const ENTERPRISE_KIND_LABELS: Record<EnterpriseKind, Bilingual> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  shop: { zh: '个体商铺', en: 'Shop' },
};

/** A person's relation to a house. */
export const HOUSE_RELATIONS = ['owner', 'tenant', 'resident'] as const;
export type HouseRelation = (typeof HOUSE_RELATIONS)[number];
export const HOUSE_RELATION_LABELS: Record<HouseRelation, Bilingual> = {
  owner: { zh: '产权人', en: 'Owner' },
  tenant: { zh: '租户', en: 'Tenant' },
  resident: { zh: '居住人', en: 'Resident' },
};

/** A person's relation to an enterprise. */
export const ENTERPRISE_RELATIONS = ['legal_representative', 'employee', 'contact'] as const;
export type EnterpriseRelation = (typeof ENTERPRISE_RELATIONS)[number];
export const ENTERPRISE_RELATION_LABELS: Record<EnterpriseRelation, Bilingual> = {
  legal_representative: { zh: '法定代表人', en: 'Legal representative' },
  employee: { zh: '从业人员', en: 'Employee' },
  contact: { zh: '联系人', en: 'Contact' },
};

export const KEY_GROUPS = [
  'elderly_alone',
  'left_behind_child',
  'serious_mental_disorder',
  'community_correction',
  'released_prisoner',
  'drug_rehabilitation',
] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];

/** Each group: its names and the power that shows it (and lets one record it). */
export const KEY_GROUP_SPECS: Record<KeyGroup, Bilingual & { power: Power }> = {
  elderly_alone: { zh: '独居老人', en: 'Elderly living alone', power: 'key_group:welfare' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child', power: 'key_group:welfare' },
  serious_mental_disorder: {
    zh: '严重精神障碍患者',
    en: 'Person with a serious mental disorder',
    power: 'key_group:special',
  },
  community_correction: { zh: '社区矫正对象', en: 'Under community correction', power: 'key_group:special' },
  released_prisoner: { zh: '刑满释放人员', en: 'Released prisoner', power: 'key_group:special' },
  drug_rehabilitation: { zh: '社区戒毒康复人员', en: 'In community drug rehabilitation', power: 'key_group:special' },
};

export function isKeyGroup(value: string): value is KeyGroup {
  return (KEY_GROUPS as readonly string[]).includes(value);
}

/** The groups a role may see (where it holds the group's power). */
export function keyGroupsVisibleTo(role: Role): KeyGroup[] {
  return KEY_GROUPS.filter((group) => holds(role, KEY_GROUP_SPECS[group].power));
}

/** The roles that may see a group. */
export function rolesSeeingKeyGroup(group: KeyGroup): Role[] {
  const power = KEY_GROUP_SPECS[group].power;
  return ROLES.filter((role) => holds(role, power));
}
