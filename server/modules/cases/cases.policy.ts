// Pure: how an actor relates to a case (for the workflow) and whether it may see it at all.
import type { ActorRelation } from '../../../common/workflow.ts';
import type { Role } from '../../../common/roles.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import type { Actor } from '../auth/index.ts';

/** Roles that see every case located in their jurisdiction. */
export const REGION_ROLES: readonly Role[] = ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'];
/** Roles that see the cases assigned to their unit. */
export const HANDLER_ROLES: readonly Role[] = ['department', 'mediator'];

export interface CaseAccessFacts {
  regionPath: string;
  /** Path of the region whose centre owns the case: triage belongs to dispatchers covering it. */
  centreRegionPath: string;
  leadUnitId: number | null;
  reporterUserId: number | null;
  /** Units with an active assignment of any kind (lead, assist, whistle). */
  assignedUnitIds: number[];
  /** Units summoned by a whistle that have not reported. */
  pendingWhistleUnitIds: number[];
}

const TOWNSHIP_DEPTH = 4; // "/province/city/county/township/"

function covers(actor: Actor, role: Role, regionPath: string): boolean {
  return actor.memberships.some((m) => m.role === role && isWithin(regionPath, m.anchorPath));
}

function handlesUnit(actor: Actor, unitIds: number[]): boolean {
  return actor.memberships.some((m) => HANDLER_ROLES.includes(m.role) && unitIds.includes(m.unitId));
}

export function relationTo(actor: Actor, facts: CaseAccessFacts): ActorRelation {
  // A case awaits triage at its owning centre: a township dispatcher does not triage what the
  // county centre owns (or what it escalated upward), the county dispatcher does.
  const triage = covers(actor, 'dispatcher', facts.centreRegionPath);
  return {
    triage,
    townshipDispatcher: actor.memberships.some(
      (m) =>
        m.role === 'dispatcher' &&
        isWithin(facts.regionPath, m.anchorPath) &&
        m.anchorPath.split('/').filter(Boolean).length === TOWNSHIP_DEPTH,
    ),
    supervisor: triage || covers(actor, 'leader', facts.regionPath),
    leadHandler: facts.leadUnitId !== null && handlesUnit(actor, [facts.leadUnitId]),
    summoned: handlesUnit(actor, facts.pendingWhistleUnitIds),
    gridWorker: covers(actor, 'grid_worker', facts.regionPath),
    reporter: facts.reporterUserId === actor.userId && actor.memberships.some((m) => m.role === 'resident'),
    operator: covers(actor, 'operator', facts.regionPath),
  };
}

export function canReadCase(actor: Actor, facts: CaseAccessFacts): boolean {
  return (
    REGION_ROLES.some((role) => covers(actor, role, facts.regionPath)) ||
    handlesUnit(actor, facts.assignedUnitIds) ||
    (facts.reporterUserId === actor.userId && actor.memberships.some((m) => m.role === 'resident'))
  );
}

/** What a list query may show this actor: region subtrees, assigned units, own reports. */
export interface CaseScope {
  regionPaths: string[];
  handlerUnitIds: number[];
  reporterUserId: number | null;
}

export function caseScope(actor: Actor): CaseScope {
  const anchors = actor.memberships
    .filter((m) => REGION_ROLES.includes(m.role))
    .map((m) => m.anchorPath)
    .sort();
  return {
    regionPaths: anchors.filter((p, i) => !anchors.slice(0, i).some((q) => isWithin(p, q))),
    handlerUnitIds: actor.memberships.filter((m) => HANDLER_ROLES.includes(m.role)).map((m) => m.unitId),
    reporterUserId: actor.memberships.some((m) => m.role === 'resident') ? actor.userId : null,
  };
}
