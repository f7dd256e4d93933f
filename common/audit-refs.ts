// Which ids an audit record's details name, by the key they stand under (unitId, toUnitId,
// assistUnitIds, caseId, caseIds, …): the server names them (GET /api/v1/audit's `names`, keyed
// `unit:12`, `case:5`, `user:3`) and the console looks the names up with the same rule.

export type AuditRefKind = 'unit' | 'case' | 'user';

export function refKindOf(key: string): AuditRefKind | null {
  if (/^(unitIds?|[a-z]+UnitIds?|committeeId)$/.test(key)) return 'unit';
  if (/^(caseIds?|[a-z]+CaseIds?)$/.test(key)) return 'case';
  if (/^(userId|[a-z]+UserId)$/.test(key)) return 'user';
  return null;
}

/** The key of a name in an audit entry's `names`. */
export const refKey = (kind: AuditRefKind, id: number): string => `${kind}:${id}`;
