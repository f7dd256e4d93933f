// The people module owns the registry of persons (residents, parties, reporters) and their
// personal data: encrypted at rest, masked in responses, revealed only with an audit record.
export { peopleRoutes } from './people.routes.ts';
export { baseDataRoutes } from './base-data.routes.ts';
export { baseDataImportRoutes } from './base-data-import.routes.ts';
export type { PeopleTables } from './people.table.ts';
export { LOOKUP_BUDGET, LOOKUP_WINDOW_MS, beginExactLookup } from './lookup-budget.ts';
// issue 18 §1: a patrol's visit names a house of its grid, and coverage counts the grid's houses.
export { findHouse, countBaseData, type HouseRow } from './base-data.repository.ts';
export { gridBaseData, type GridBaseData } from './grid-base-data.ts';
export { baseDataRoster, type RosterHouse, type RosterKeyPerson } from './base-data-roster.ts';
export { visibleKeyGroups } from './base-data.view.ts';
// issue 19 §4: the subjects of credit records, and finding them from a mediation party's keys.
export {
  creditSubjects,
  personIdByIdNumberHash,
  enterpriseIdByCreditCode,
  subjectKey,
  type CreditSubject,
  type CreditSubjectKind,
} from './credit-subjects.ts';
