// Roles of DESIGN.md, shared by server and web client.
export const ROLES = [
  'admin',
  'leader',
  'dispatcher',
  'operator',
  'department',
  'grid_worker',
  'mediator',
  'evaluator',
  'resident',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'Administrator' },
  leader: { zh: '领导', en: 'Leader' },
  dispatcher: { zh: '调度员', en: 'Dispatcher' },
  operator: { zh: '话务/窗口受理员', en: 'Hotline / window operator' },
  department: { zh: '部门承办人', en: 'Department handler' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  mediator: { zh: '调解员', en: 'Mediator' },
  evaluator: { zh: '第三方评估', en: 'Evaluator' },
  resident: { zh: '群众', en: 'Resident' },
};

/** Roles that must use a second factor outside demo mode. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = ['admin', 'dispatcher', 'leader'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
