// Pure: how an actor relates to a case (for the workflow) and whether it may see it at all.
// Which roles see cases, and how, is the table's (common/powers.ts): `case:read_area` over the
// jurisdiction, `case:handle` for the units a case is assigned to, `case:own_reports` for a reporter.
import type { ActorRelation } from '../../../common/workflow.ts';
import type { Role } from '../../../common/roles.ts';
import type { Power } from '../../../common/powers.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { membershipHolds, type Actor } from '../auth/index.ts';

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
  /** The service account that sent the case (externalRef), null for a case registered by a person. */
  serviceAccountId: number | null;
}

function covers(actor: Actor, role: Role, regionPath: string): boolean {
  return actor.memberships.some((m) => m.role === role && isWithin(regionPath, m.anchorPath));
}

function powerCovers(actor: Actor, power: Power, regionPath: string): boolean {
  return actor.memberships.some((m) => membershipHolds(m, power) && isWithin(regionPath, m.anchorPath));
}

function handlesUnit(actor: Actor, unitIds: number[]): boolean {
  return actor.memberships.some((m) => membershipHolds(m, 'case:handle') && unitIds.includes(m.unitId));
}

function reported(actor: Actor, facts: CaseAccessFacts): boolean {
  return facts.reporterUserId === actor.userId && actor.memberships.some((m) => membershipHolds(m, 'case:own_reports'));
}

/** The service account that sent the case, holding `power` through its key's scopes. */
function sent(actor: Actor, facts: CaseAccessFacts, power: Power): boolean {
  return (
    actor.serviceAccount !== null &&
    facts.serviceAccountId === actor.serviceAccount.id &&
    actor.memberships.some((m) => membershipHolds(m, power))
  );
}

export function relationTo(actor: Actor, facts: CaseAccessFacts): ActorRelation {
  // A case awaits triage at its owning centre: a township dispatcher does not triage what the
  // county centre owns (or what it escalated upward), the county dispatcher does.
  const triage = covers(actor, 'dispatcher', facts.centreRegionPath);
  return {
    triage,
    townshipDispatcher: actor.memberships.some(
      (m) => m.role === 'dispatcher' && isWithin(facts.regionPath, m.anchorPath) && m.unitLevel === 'township',
    ),
    supervisor: triage || covers(actor, 'leader', facts.regionPath),
    leadHandler: facts.leadUnitId !== null && handlesUnit(actor, [facts.leadUnitId]),
    summoned: handlesUnit(actor, facts.pendingWhistleUnitIds),
    gridWorker: covers(actor, 'grid_worker', facts.regionPath),
    reporter: reported(actor, facts),
    operator: covers(actor, 'operator', facts.regionPath),
    sender: sent(actor, facts, 'case:external_status'),
  };
}

export function canReadCase(actor: Actor, facts: CaseAccessFacts): boolean {
  return (
    powerCovers(actor, 'case:read_area', facts.regionPath) ||
    handlesUnit(actor, facts.assignedUnitIds) ||
    reported(actor, facts) ||
    sent(actor, facts, 'case:read')
  );
}

type Membership = Actor['memberships'][number];

/**
 * The membership through which the actor both sees the case and holds `power` over it (named in
 * the audit): a power to act on a case reaches as far as the membership that sees it, so an
 * operator elsewhere who also handles the case for a department does not call its reporter back.
 */
export function membershipWith(actor: Actor, power: Power, facts: CaseAccessFacts): Membership | undefined {
  return actor.memberships.find((m) => membershipHolds(m, power) && canReadCase({ ...actor, memberships: [m] }, facts));
}

/** What a list query may show this actor: region subtrees, assigned units, own reports. */
export interface CaseScope {
  regionPaths: string[];
  handlerUnitIds: number[];
  reporterUserId: number | null;
}

export function caseScope(actor: Actor): CaseScope {
  const anchors = actor.memberships
    .filter((m) => membershipHolds(m, 'case:read_area'))
    .map((m) => m.anchorPath)
    .sort();
  return {
    regionPaths: anchors.filter((p, i) => !anchors.slice(0, i).some((q) => isWithin(p, q))),
    handlerUnitIds: actor.memberships.filter((m) => membershipHolds(m, 'case:handle')).map((m) => m.unitId),
    reporterUserId: actor.memberships.some((m) => membershipHolds(m, 'case:own_reports')) ? actor.userId : null,
  };
}
