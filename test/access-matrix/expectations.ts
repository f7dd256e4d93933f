// What each role should get from a route, derived from the roles × powers table
// (common/powers.ts) and from where the matrix put its actors and records.
import { expect } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../common/roles.ts';
import { holds, type Power } from '../../common/powers.ts';
import type { Harness } from '../support/harness.ts';
import type { BuiltUser } from '../support/factories.ts';

export type Where = 'inside' | 'outside';

export interface Fixture {
  h: Harness;
  actors: Record<Role, BuiltUser>;
  /** A grid inside every actor's jurisdiction (the grid worker's own grid). */
  insideGrid: { id: number; path: string };
  outsideGrid: { id: number; path: string };
  /** Points (GCJ-02) inside each grid. */
  insidePoint: [number, number];
  outsidePoint: [number, number];
}

/** Where each role's actor is a member. */
export const ACTOR_UNITS: Record<Role, string> = {
  admin: '370702001-centre',
  leader: '370702001',
  dispatcher: '370702001-centre',
  operator: '370702001-centre',
  department: '370702001-dept-justice',
  grid_worker: '370702001001G01',
  mediator: '370702001-cmte-territorial',
  evaluator: '370702001',
  resident: '370702001001',
};

export const INSIDE_GRID = '370702001001G01';
export const OUTSIDE_GRID = '370702002001G01';
export const GRID: Record<Where, string> = { inside: INSIDE_GRID, outside: OUTSIDE_GRID };
export const PASSWORD = 'Matrix-test-2026';

// ---------------------------------------------------------------------------------------------
// What each role should get, from the table.

export type Expectation = [inside: number, outside: number];

/** How a route answers, given the power it checks first. */
export interface Access {
  /** The power the route asks the policy for before anything else; null: any signed-in user. */
  power: Power | null;
  expect(role: Role): Expectation;
}

/** No power needed: every signed-in role gets `status`, wherever. */
export const open = (status = 200): Access => ({ power: null, expect: () => [status, status] });

/** Holders get `ok` wherever the record or point is (a list is scoped: outside lists are empty). */
export const anywhere = (power: Power, ok = 200): Access => ({
  power,
  expect: (role) => (holds(role, power) ? [ok, ok] : [403, 403]),
});

export interface RecordRules {
  ok?: number;
  /** Does this role's actor reach the inside record at all (else it "does not exist", 404)? Default: yes. */
  reach?(role: Role): boolean;
  /** Of those who reach it, who may do this to it (else 403)? Default: everyone who reaches it. */
  may?(role: Role): boolean;
  /** The answer outside the actor's jurisdiction (default 404: the record does not exist for it). */
  outside?(role: Role): number;
}

/** A record in a jurisdiction: holders act on it inside; outside it does not exist for them. */
export const inJurisdiction = (power: Power, rules: RecordRules = {}): Access => ({
  power,
  expect: (role) => {
    if (!holds(role, power)) return [403, 403];
    const outside = rules.outside?.(role) ?? 404;
    if (rules.reach && !rules.reach(role)) return [404, outside];
    return [rules.may && !rules.may(role) ? 403 : (rules.ok ?? 200), outside];
  },
});

/** Refused to every role in the matrix, holders included, for the reason given at the row. */
export const refusedToAll = (power: Power): Access => ({ power, expect: () => [403, 403] });

/** Where the matrix put its mediation records: each side's committee, police station and justice
 * office (the matrix department's unit inside); a court for hand-offs out of mediation. */
export const COMMITTEE: Record<Where, string> = { inside: ACTOR_UNITS.mediator, outside: '370702002-cmte-territorial' };
export const POLICE: Record<Where, string> = { inside: '370702001-police', outside: '370702002-police' };
export const JUSTICE: Record<Where, string> = { inside: ACTOR_UNITS.department, outside: '370702002-dept-justice' };
export const COURT = '370702-court';

/** A member of one of `units` (inside), whatever its role. */
export const memberOf =
  (...units: string[]) =>
  (role: Role) =>
    units.includes(ACTOR_UNITS[role]);

/** Reaches the inside mediation file: the region roles over the area, or a member of its committee.
 * The matrix's department (the justice office) is on no hand-off of these cases. */
export const reachesFile = (role: Role) => holds(role, 'mediation:oversee') || memberOf(COMMITTEE.inside)(role);
/** A file is read by those who reach it. */
export const readFile = (ok = 200) => inJurisdiction('mediation:read', { ok, reach: reachesFile });
/** A file is worked only by its committee's mediators: the others who read it are refused (403). */
export const workFile = (ok = 200) =>
  inJurisdiction('mediation:read', {
    ok,
    reach: reachesFile,
    may: (role) => holds(role, 'mediation:manage') && memberOf(COMMITTEE.inside)(role),
  });

/** Reaches a hand-off: the region roles over the area, or a member of a unit at either end. */
export const reachesReferral =
  (...ends: string[]) =>
  (role: Role) =>
    holds(role, 'mediation:oversee') || memberOf(...ends)(role);
/** A hand-off from the committee of a side to its justice office (inside: the matrix department's
 * unit, standing in for the court that receives an application for judicial confirmation): only
 * the receiving unit answers; the region roles and the sending committee see it but are refused. */
export const answerReferral = inJurisdiction('referral:read', {
  reach: reachesReferral(COMMITTEE.inside, JUSTICE.inside),
  may: (role) => holds(role, 'referral:handle') && memberOf(JUSTICE.inside)(role),
});

/** 督办 is decided by the workflow's relations (common/workflow.ts), not by a power: a dispatcher
 * triaging at the case's centre or a leader over it. The matrix's dispatcher and leader are both. */
export const SUPERVISORS: readonly Role[] = ['dispatcher', 'leader'];

export const listIsScoped = (res: LightMyRequestResponse, where: Where) => {
  const items = (res.json() as { items: unknown[] }).items;
  if (where === 'inside') expect(items.length).toBeGreaterThan(0);
  else expect(items).toEqual([]);
};

export interface Row {
  access: Access;
  build(f: Fixture, where: Where, role: Role): Promise<InjectOptions> | InjectOptions;
  /** Sent without the actor's token (signing in must not rotate the matrix's own session away). */
  anonymous?: boolean;
  /** An event stream (text/event-stream) that never ends by itself: the matrix reads its status and
   * headers, then hangs up. */
  stream?: boolean;
  /** Extra check on a 200 response (lists: outside queries return nothing). */
  check?(res: LightMyRequestResponse, where: Where, role: Role): void;
}
