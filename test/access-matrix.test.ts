// Every route × every role × (inside, outside) the actor's jurisdiction. The actors all work in
// 城关街道 (370702001); "outside" records live in 南关街道 (370702002). A route registered without
// a row here makes the test fail: access is decided on purpose, never by accident.
//
// The expected answers are not written per role: each row declares the power its route checks
// first (the roles × powers table, common/powers.ts) and the shape of its answer — a list, a
// record in a jurisdiction, a record only some holders reach or work — and the expectation for
// each role follows from the table and from where the matrix put its records. A refusal for want
// of the declared power must also be the policy's refusal of that power (its audit record says
// which), so a row cannot name one power while its route checks another. The shapes are in
// access-matrix/expectations.ts, the records in access-matrix/fixtures.ts, the rows by module in
// access-matrix/*.rows.ts.
import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES } from '../common/roles.ts';
import { holds } from '../common/powers.ts';
import { describeEachDialect } from './support/harness.ts';
import { buildUser } from './support/factories.ts';
import {
  ACTOR_UNITS,
  INSIDE_GRID,
  OUTSIDE_GRID,
  PASSWORD,
  type Fixture,
  type Row,
} from './access-matrix/expectations.ts';
import { AUTH_ORG_PEOPLE_ROWS } from './access-matrix/auth-org-people.rows.ts';
import { CASE_ROWS } from './access-matrix/cases.rows.ts';
import { MEDIATION_ROWS } from './access-matrix/mediation.rows.ts';
import { KEYS_ROWS } from './access-matrix/keys.rows.ts';
import { INTAKE_ROWS } from './access-matrix/intake.rows.ts';
import { OPEN311_ROWS } from './access-matrix/open311.rows.ts';
import { INBOX_ROWS } from './access-matrix/inbox.rows.ts';
import { PUBLIC_ROWS } from './access-matrix/public.rows.ts';
import { KNOWLEDGE_ROWS } from './access-matrix/knowledge.rows.ts';
import { SAFETY_ROWS } from './access-matrix/safety.rows.ts';
import { SUGGESTION_ROWS } from './access-matrix/suggestions.rows.ts';
import { RANKINGS_ROWS } from './access-matrix/rankings.rows.ts';
import { RESIDENT_ROWS } from './access-matrix/resident.rows.ts';
import { SMS_ROWS } from './access-matrix/sms.rows.ts';
import { IMPORT_ROWS } from './access-matrix/import.rows.ts';
import { WARNINGS_ROWS } from './access-matrix/warnings.rows.ts';
import { LEGAL_ROWS, STABILITY_ROWS } from './access-matrix/legal.rows.ts';
import { EVALUATION_ROWS } from './access-matrix/evaluation.rows.ts';
import { LEADER_ROWS } from './access-matrix/leaders.rows.ts';
import { EXPORTS_ROWS } from './access-matrix/exports.rows.ts';
import { PATROL_ROWS } from './access-matrix/patrols.rows.ts';
import { PSYCH_ROWS } from './access-matrix/psych.rows.ts';
import { ORG_EDIT_ROWS } from './access-matrix/org-edit.rows.ts';
import { WORKFORCE_ROWS } from './access-matrix/workforce.rows.ts';
import { BASE_DATA_ROWS } from './access-matrix/base-data.rows.ts';
import { EMERGENCY_ROWS } from './access-matrix/emergency.rows.ts';
import { POINTS_ROWS } from './access-matrix/points.rows.ts';
import { CREDIT_ROWS } from './access-matrix/credit.rows.ts';
import { MEETING_ROWS } from './access-matrix/meetings.rows.ts';
import { CONSULTATION_ROWS } from './access-matrix/consultations.rows.ts';
import { COMMUNITY_ROWS } from './access-matrix/community.rows.ts';

/** The rows by module; each group is one test (its own time budget). */
const NAMED_GROUPS: Record<string, Record<string, Row>> = {
  'auth-org-people': AUTH_ORG_PEOPLE_ROWS,
  case: CASE_ROWS,
  mediation: MEDIATION_ROWS,
  keys: KEYS_ROWS,
  intake: INTAKE_ROWS,
  open311: OPEN311_ROWS,
  inbox: INBOX_ROWS,
  knowledge: KNOWLEDGE_ROWS,
  safety: SAFETY_ROWS,
  rankings: RANKINGS_ROWS,
  sms: SMS_ROWS,
  resident: RESIDENT_ROWS,
  import: IMPORT_ROWS,
  public: PUBLIC_ROWS,
  warnings: WARNINGS_ROWS,
  legal: LEGAL_ROWS,
  stability: STABILITY_ROWS,
  suggestions: SUGGESTION_ROWS,
  evaluation: EVALUATION_ROWS,
  leaders: LEADER_ROWS,
  exports: EXPORTS_ROWS,
  patrols: PATROL_ROWS,
  psych: PSYCH_ROWS,
  'org-edit': ORG_EDIT_ROWS,
  workforce: WORKFORCE_ROWS,
  'base-data': BASE_DATA_ROWS,
  emergency: EMERGENCY_ROWS,
  points: POINTS_ROWS,
  credit: CREDIT_ROWS,
  meetings: MEETING_ROWS,
  consultations: CONSULTATION_ROWS,
  community: COMMUNITY_ROWS,
};
const ROW_GROUPS = Object.values(NAMED_GROUPS);
const MATRIX: Record<string, Row> = Object.assign({}, ...ROW_GROUPS) as Record<string, Row>;
/** Rows sent without a token (signing in, public reports): public routes, checked with every role's input. */
const ANONYMOUS_ROUTES = Object.keys(MATRIX).filter((route) => MATRIX[route]!.anonymous);

/** Routes anyone may call without signing in. */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /api/v1/openapi.json', 'GET /api/v1/track', 'POST /api/v1/sms/inbound'];
/** GeoReport v2 routes take no session: public, or an API key the module checks itself (their rows). */
const KEY_ROUTES = Object.keys(OPEN311_ROWS);

/** Sends a row's request; an event stream is read up to its status and headers, then hung up on. */
async function send(h: Fixture['h'], row: Row, options: InjectOptions): Promise<LightMyRequestResponse> {
  if (!row.stream) return h.app.inject(options);
  const res = await h.app.inject({ ...options, payloadAsStream: true });
  (res.raw.res as ServerResponse).destroy();
  return res;
}

describeEachDialect('access matrix: route × role × jurisdiction', (get) => {
  it('has a row for every registered route', () => {
    const registered = get()
      .routes.filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    // No route has rows in two groups (the later would silently replace the earlier).
    expect(ROW_GROUPS.flatMap((rows) => Object.keys(rows)).length).toBe(Object.keys(MATRIX).length);
    const covered = new Set([...Object.keys(MATRIX), ...PUBLIC_ROUTES]);
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
    expect(
      get()
        .routes.filter((r) => r.auth === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([...ANONYMOUS_ROUTES.filter((r) => registered.includes(r)), ...PUBLIC_ROUTES, ...KEY_ROUTES].sort());
  });

  // The actors and grids every row uses, built once per database for all the groups below.
  let fixtureOnce: Promise<Fixture> | undefined;
  const fixture = () => (fixtureOnce ??= buildFixture(get()));

  // Thousands of requests, each building its own records: one test per group of rows, so each has
  // its own time budget on a loaded 2-core machine.
  for (const [group, rows] of Object.entries(NAMED_GROUPS)) {
    it(`answers every ${group} route for every role as the matrix says`, { timeout: 300_000 }, async () => {
      const f = await fixture();
      const { h, actors } = f;
      const mismatches: string[] = [];
      for (const [route, row] of Object.entries(rows)) {
        for (const role of ROLES) {
          const [expectInside, expectOutside] = row.access.expect(role);
          for (const [where, expected] of [
            ['inside', expectInside],
            ['outside', expectOutside],
          ] as const) {
            const options = await row.build(f, where, role);
            const headers = row.anonymous
              ? (options.headers ?? {})
              : { authorization: `Bearer ${actors[role].token}`, ...(options.headers ?? {}) };
            const res = await send(h, row, { ...options, headers });
            if (res.statusCode !== expected) {
              mismatches.push(
                `${route} as ${role} (${where}): expected ${expected}, got ${res.statusCode} ${(res.body ?? '').slice(0, 120)}`,
              );
            } else if (expected === 200 && row.check) {
              row.check(res, where, role);
            } else if (row.access.power !== null && !holds(role, row.access.power)) {
              // Refused for want of the declared power: the policy's denial names that power.
              const denial = await h.ctx.db
                .selectFrom('audit_log')
                .select(['action', 'outcome'])
                .where('actor_user_id', '=', actors[role].id)
                .orderBy('seq', 'desc')
                .executeTakeFirst();
              if (denial?.outcome !== 'denied' || denial.action !== row.access.power) {
                mismatches.push(
                  `${route} as ${role} (${where}): declared ${row.access.power}, but the refusal was for ${denial?.action}`,
                );
              }
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('lets anonymous callers reach nothing but the public routes', { timeout: 300_000 }, async () => {
    const f = await fixture();
    // Anonymous callers reach nothing but the public routes (and the key routes, whose key is the caller).
    for (const route of Object.keys(MATRIX).filter((r) => !ANONYMOUS_ROUTES.includes(r) && !KEY_ROUTES.includes(r))) {
      const options = await MATRIX[route]!.build(f, 'inside', 'admin');
      const res = await send(f.h, MATRIX[route]!, { ...options, headers: {} });
      expect(res.statusCode, route).toBe(401);
    }
  });
});

async function buildFixture(h: Fixture['h']): Promise<Fixture> {
  const actors = {} as Fixture['actors'];
  for (const role of ROLES) {
    actors[role] = await buildUser(h, { role, unit: ACTOR_UNITS[role], displayName: role, password: PASSWORD });
  }
  // An audit row of the inside operator, so the admin's inside audit query has something to find.
  await h.inject({ method: 'GET', url: '/api/v1/me', token: actors.operator.token });
  const grids = await h.ctx.db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .select(['org_unit.id', 'org_unit.code', 'org_unit.path', 'org_geometry.geojson'])
    .where('org_unit.code', 'in', [INSIDE_GRID, OUTSIDE_GRID])
    .execute();
  const pointIn = (geojson: string): [number, number] => {
    const ring = (JSON.parse(geojson) as [number, number][][][])[0]![0]!.slice(0, -1);
    return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  };
  const inside = grids.find((g) => g.code === INSIDE_GRID)!;
  const outside = grids.find((g) => g.code === OUTSIDE_GRID)!;
  return {
    h,
    actors,
    insideGrid: inside,
    outsideGrid: outside,
    insidePoint: pointIn(inside.geojson),
    outsidePoint: pointIn(outside.geojson),
  };
}
