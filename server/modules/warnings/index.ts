// The warnings module owns early warnings (issue 17 §2): the rules that raise them from cases as
// they arrive and from a periodic job, the dispatchers' and leaders' inbox of warnings, and the
// thresholds an administrator edits. A top module: it asks auth, org, cases and mediation through
// their index files; the safety module reads it through this file (raiseWarning, countWarningsByLevel).
export type { WarningsTables } from './warnings.table.ts';
export {
  raiseWarning,
  WARNING_RAISED_TOPIC,
  type RaiseWarningInput,
  type RaisedWarning,
  type WarningText,
} from './use-cases/raise-warning.ts';
export { countWarningsByLevel } from './warnings.repository.ts';
