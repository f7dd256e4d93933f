// Names for the ids an audit page holds, so the log reads as people and things, not numbers: the
// actor's display name and unit, the subject (a user's name, a unit's name, a case's number) and
// the ids inside the details (unitId, caseId, …). One batched query per kind for the whole page.
// Case numbers come from the cases module, which sits above this one: app.ts hands the look-up in.
import type { Db } from '../../context.ts';
import { userNames } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { refKey, refKindOf, type AuditRefKind } from '../../../common/audit-refs.ts';

/** Case numbers by id (the cases module's `findCaseBriefs`, narrowed to what is needed here). */
export type CaseNumbers = (db: Db, ids: readonly number[]) => Promise<Map<number, { number: string }>>;

export interface AuditNameLookups {
  caseNumbers: CaseNumbers;
}

type RefKind = AuditRefKind;

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Every (kind, id) a details value names, at any depth (memberships: [{unitId, role}], …). */
export function refsIn(details: unknown, found: Map<RefKind, Set<number>> = new Map()): Map<RefKind, Set<number>> {
  const add = (kind: RefKind, id: number) => {
    let ids = found.get(kind);
    if (!ids) found.set(kind, (ids = new Set()));
    ids.add(id);
  };
  if (Array.isArray(details)) {
    for (const item of details) refsIn(item, found);
  } else if (typeof details === 'object' && details !== null) {
    for (const [key, value] of Object.entries(details)) {
      const kind = refKindOf(key);
      if (kind !== null) for (const id of [value].flat()) if (isId(id)) add(kind, id);
      if (typeof value === 'object' && value !== null) refsIn(value, found);
    }
  }
  return found;
}

export interface AuditRowRefs {
  actorUserId: number | null;
  actorUnitId: number | null;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
}

export interface AuditRowNames {
  actorName: string | null;
  actorUnitName: string | null;
  /** The subject in words: a user's display name, a unit's name, a case's number. */
  subjectName: string | null;
  /** Names of the ids in the details, keyed `unit:12`, `case:5`, `user:3`. */
  names: Record<string, string>;
}

const SUBJECT_KINDS: Record<string, RefKind> = { user: 'user', org_unit: 'unit', case: 'case' };

function subjectRef(row: AuditRowRefs): [RefKind, number] | null {
  const kind = row.subjectType ? SUBJECT_KINDS[row.subjectType] : undefined;
  if (!kind || row.subjectId === null || !/^\d{1,15}$/.test(row.subjectId)) return null;
  return [kind, Number(row.subjectId)];
}

/** Names for a page of audit rows, in the rows' order. */
export async function nameAuditRows(
  db: Db,
  lookups: AuditNameLookups,
  rows: readonly AuditRowRefs[],
): Promise<AuditRowNames[]> {
  const wanted = new Map<RefKind, Set<number>>([
    ['user', new Set()],
    ['unit', new Set()],
    ['case', new Set()],
  ]);
  const perRow = rows.map((row) => {
    const refs = refsIn(row.details);
    const subject = subjectRef(row);
    for (const [kind, ids] of refs) for (const id of ids) wanted.get(kind)!.add(id);
    if (subject) wanted.get(subject[0])!.add(subject[1]);
    if (row.actorUserId !== null) wanted.get('user')!.add(row.actorUserId);
    if (row.actorUnitId !== null) wanted.get('unit')!.add(row.actorUnitId);
    return { refs, subject };
  });
  const [users, units, cases] = await Promise.all([
    userNames(db, [...wanted.get('user')!]),
    unitNames(db, [...wanted.get('unit')!]),
    lookups.caseNumbers(db, [...wanted.get('case')!]),
  ]);
  const nameOf = (kind: RefKind, id: number): string | undefined =>
    kind === 'user' ? users.get(id) : kind === 'unit' ? units.get(id) : cases.get(id)?.number;

  return rows.map((row, i) => {
    const { refs, subject } = perRow[i]!;
    const names: Record<string, string> = {};
    for (const [kind, ids] of refs) {
      for (const id of ids) {
        const name = nameOf(kind, id);
        if (name !== undefined) names[refKey(kind, id)] = name;
      }
    }
    return {
      actorName: row.actorUserId !== null ? (users.get(row.actorUserId) ?? null) : null,
      actorUnitName: row.actorUnitId !== null ? (units.get(row.actorUnitId) ?? null) : null,
      subjectName: subject ? (nameOf(subject[0], subject[1]) ?? null) : null,
      names,
    };
  });
}
