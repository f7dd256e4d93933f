// Pure: who sees a warning (warning:read over the warning's unit) and which actions are open to them
// (warning:act over the unit, and the transition table of common/warnings.ts).
import { can, type Actor } from '../auth/index.ts';
import {
  WARNING_ACTIONS,
  nextWarningStatus,
  type WarningAction,
  type WarningStatus,
} from '../../../common/warnings.ts';

export interface WarningFacts {
  unit_path: string;
  status: WarningStatus;
}

export function canReadWarning(actor: Actor, warning: WarningFacts): boolean {
  return can(actor, 'warning:read', [warning.unit_path]);
}

export function allowedWarningActions(actor: Actor, warning: WarningFacts): WarningAction[] {
  if (!can(actor, 'warning:act', [warning.unit_path])) return [];
  return WARNING_ACTIONS.filter((action) => nextWarningStatus(warning.status, action) !== null);
}
