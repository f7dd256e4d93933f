// What an administrator may create in the org tree (issue 18 §3): the grid kinds (basic and the
// dedicated domains of §9), the mediation committees' domains (§19, court-invited mediation
// included), the departments' domains, and which unit may stand under which parent. Defined once
// for the server's checks and the console's dialogs. Shared with the web: no server imports.

/** A grid is basic (基础网格, one per village or community) or dedicated to one domain (专属网格). */
export const GRID_KINDS = ['basic', 'education', 'medical', 'elderly_care', 'work_safety', 'commerce'] as const;
export type GridKind = (typeof GRID_KINDS)[number];
export const DEDICATED_GRID_DOMAINS = GRID_KINDS.filter((k) => k !== 'basic');

/**
 * Mediation committees: territorial (属地, a township's or village's own) and the industry and
 * professional ones the proposal names (§19), plus court-invited mediation (特邀调解), whose
 * mediators take referrals from a court.
 */
export const COMMITTEE_DOMAINS = [
  'territorial',
  'medical',
  'traffic',
  'labour',
  'commercial',
  'property',
  'tourism',
  'consumer',
  'internet',
  'finance',
  'insurance',
  'environment',
  'ip',
  'court_invited',
] as const;
export type CommitteeDomain = (typeof COMMITTEE_DOMAINS)[number];

/** Departments (职能部门) by domain: the ones every county has in the reference data. */
export const DEPARTMENT_DOMAINS = [
  'public_security',
  'market_regulation',
  'housing',
  'human_resources',
  'health',
  'environment',
  'urban_management',
  'emergency',
  'petition',
  'justice',
] as const;

/** The kinds of unit an administrator creates (POST /api/v1/units). */
export const CREATABLE_UNIT_KINDS = ['village', 'grid', 'department', 'centre', 'committee'] as const;
export type CreatableUnitKind = (typeof CREATABLE_UNIT_KINDS)[number];

/**
 * The region levels a new unit may stand under: a village or community under a township, a grid
 * under a village or community, a department, centre or committee under a region above the grid.
 * Townships and above carry official division codes and come from the reference data only.
 */
export const PARENT_LEVELS: Record<CreatableUnitKind, readonly string[]> = {
  village: ['township'],
  grid: ['village'],
  department: ['county', 'township'],
  centre: ['province', 'city', 'county', 'township'],
  committee: ['county', 'township', 'village'],
};

/** The domains each creatable kind takes (`kind` of the unit); null: none. */
export function domainsOf(kind: CreatableUnitKind): readonly string[] | null {
  switch (kind) {
    case 'grid':
      return GRID_KINDS;
    case 'committee':
      return COMMITTEE_DOMAINS;
    case 'department':
      return DEPARTMENT_DOMAINS;
    case 'village':
    case 'centre':
      return null;
  }
}

/** The creatable kind of an existing unit (for a move: the same parent rule), or null. */
export function creatableKindOf(unit: { type: string; level: string }): CreatableUnitKind | null {
  if (unit.type === 'region') return unit.level === 'village' || unit.level === 'grid' ? unit.level : null;
  if (unit.type === 'department' || unit.type === 'centre' || unit.type === 'committee') return unit.type;
  return null;
}

/** The change kinds of a unit's history (org_unit_history.change). */
export const UNIT_CHANGES = ['create', 'rename', 'move', 'close', 'geometry', 'split', 'merge'] as const;
export type UnitChange = (typeof UNIT_CHANGES)[number];
