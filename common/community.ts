// Community bodies, service projects, volunteers and notices (issue 19 §6–§7): the enumerations
// shared by the server and the web. Pure.
export const BODY_KINDS = [
  'owners_committee',
  'property_company',
  'social_org',
  'volunteer_team',
  'building_head',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const MEMBER_ROLES = ['member', 'lead'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const AWARD_MODES = ['select', 'first_claim'] as const;
export type AwardMode = (typeof AWARD_MODES)[number];

export const PROJECT_STATUSES = ['open', 'awarded', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const NOTICE_KINDS = ['policy', 'meeting', 'emergency'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Region levels that publish service projects, notices and volunteer activities. */
export const PUBLISHING_LEVELS = ['township', 'village'] as const;
