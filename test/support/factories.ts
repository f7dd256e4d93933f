// Test fixtures made the way Concord makes them, on the harness's own database: accounts through
// the createUser use case, units through the org repository, cases through the intake and
// workflow endpoints (the real routes and use cases, so numbering, assignments, time limits,
// audit records and the modules' hooks — a committee's accept registers its mediation file — are
// all there). Every factory takes overrides and fills in the rest.
import { randomBytes } from 'node:crypto';
import type { Role } from '../../common/roles.ts';
import { createUser } from '../../server/modules/auth/index.ts';
import { findUnitByCode, findUnitById, type OrgUnitRow } from '../../server/modules/org/index.ts';
import { insertLoadedUnits, maxUnitId } from '../../server/modules/org/org.repository.ts';
import type { UnitType } from '../../server/modules/org/org.table.ts';
import type { Harness } from './harness.ts';

/** A unit by code, or the unit itself. */
type UnitRef = string | { id: number };

async function unitOf(h: Harness, ref: UnitRef): Promise<OrgUnitRow> {
  const unit = typeof ref === 'string' ? await findUnitByCode(h.ctx.db, ref) : await findUnitById(h.ctx.db, ref.id);
  if (!unit) throw new Error(`no unit ${typeof ref === 'string' ? ref : ref.id}`);
  return unit;
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}${(++sequence).toString(36)}${randomBytes(3).toString('hex')}`;

// ---------------------------------------------------------------------------------------------
// Users

export interface UserOverrides {
  role?: Role;
  /** Where the one membership is (default: the demo grid 370702001001G01). */
  unit?: UnitRef;
  username?: string;
  displayName?: string;
  password?: string;
  mustChangePassword?: boolean;
  /** Sign in and return a token (default true; signing in costs a password check). */
  signIn?: boolean;
}

export interface BuiltUser {
  id: number;
  username: string;
  password: string;
  role: Role;
  unitId: number;
  /** Empty when built with `signIn: false`. */
  token: string;
}

export async function buildUser(h: Harness, overrides: UserOverrides = {}): Promise<BuiltUser> {
  const role = overrides.role ?? 'operator';
  const unit = await unitOf(h, overrides.unit ?? '370702001001G01');
  const username = overrides.username ?? unique(`u${role.replace('_', '')}`);
  const password = overrides.password ?? 'Concord-test-2026';
  const { id } = await createUser(
    h.ctx,
    { actor: null, clientIp: null },
    {
      username,
      displayName: overrides.displayName ?? `测试${role}`,
      password,
      mustChangePassword: overrides.mustChangePassword ?? false,
      memberships: [{ unitId: unit.id, role }],
    },
  );
  const token = overrides.signIn === false ? '' : await h.login(username, password);
  return { id, username, password, role, unitId: unit.id, token };
}

// ---------------------------------------------------------------------------------------------
// Units

export interface UnitOverrides {
  /** The parent (default: the demo county 潍城区, 370702). */
  parent?: UnitRef;
  type?: UnitType;
  /** Sub-kind: a department's or committee's domain, a grid's kind. */
  kind?: string | null;
  code?: string;
  name?: string;
}

/** A new unit under `parent`. A non-region unit carries the level of the region that owns it. */
export async function buildUnit(h: Harness, overrides: UnitOverrides = {}): Promise<OrgUnitRow> {
  const parent = await unitOf(h, overrides.parent ?? '370702');
  const type = overrides.type ?? 'department';
  const code = overrides.code ?? unique(`${parent.code}-t`);
  await h.ctx.db.transaction().execute(async (trx) => {
    const id = (await maxUnitId(trx)) + 1;
    await insertLoadedUnits(
      trx,
      h.ctx.dialect,
      [
        {
          id,
          code,
          name: overrides.name ?? `测试单位${code}`,
          type,
          kind: overrides.kind ?? null,
          level: parent.level,
          parent_id: parent.id,
          path: `${parent.path}${id}/`,
          depth: parent.depth + 1,
          created_at: h.ctx.clock.now().toISOString(),
        },
      ],
      [],
    );
  });
  return unitOf(h, code);
}

// ---------------------------------------------------------------------------------------------
// Cases

export type BuiltCaseStatus = 'registered' | 'dispatched' | 'in_progress' | 'resolved';

export interface CaseOverrides {
  /** Where the case is: a grid or region (default: the demo grid 370702001001G01). */
  at?: UnitRef;
  kind?: string;
  categoryCode?: string;
  channel?: string;
  title?: string;
  description?: string;
  reporter?: { name: string; phone?: string };
  /** Who registers it (a resident becomes its reporter). Default: the province administrator. */
  by?: { token: string; role?: Role };
  /** Carried through the real workflow up to this status (default: registered). */
  status?: BuiltCaseStatus;
  /** The lead unit; required from `dispatched` on. */
  lead?: UnitRef;
  assist?: UnitRef[];
  /** Who dispatches (default: the demo county dispatcher, who triages every case of 潍城区). */
  dispatchedBy?: { token: string };
  /** Who accepts (default: a new member of the lead unit: a mediator of a committee, else a department handler). */
  acceptedBy?: { token: string };
  /** The result given when carried to `resolved` (by whoever accepted it). */
  result?: string;
}

/** The case as the API presents it to whoever took the last step. */
export interface BuiltCase {
  id: number;
  number: string;
  status: string;
  version: number;
  leadUnitId: number | null;
}

/** Tokens of the demo accounts and of the handlers the factory made, per harness. */
const signedIn = new WeakMap<Harness, Map<string, Promise<string>>>();

function cachedToken(h: Harness, key: string, make: () => Promise<string>): Promise<string> {
  let tokens = signedIn.get(h);
  if (!tokens) signedIn.set(h, (tokens = new Map<string, Promise<string>>()));
  let token = tokens.get(key);
  if (!token) tokens.set(key, (token = make()));
  return token;
}

const demoToken = (h: Harness, username: string) => cachedToken(h, `demo:${username}`, () => h.login(username));

async function send(h: Harness, token: string, url: string, payload: Record<string, unknown>): Promise<BuiltCase> {
  const res = await h.inject({ method: 'POST', url, token, payload });
  if (res.statusCode !== 200 && res.statusCode !== 201) {
    throw new Error(`buildCase: POST ${url} ${JSON.stringify(payload)} answered ${res.statusCode} ${res.body}`);
  }
  return res.json() as BuiltCase;
}

export async function buildCase(h: Harness, overrides: CaseOverrides = {}): Promise<BuiltCase> {
  const at = await unitOf(h, overrides.at ?? '370702001001G01');
  const kind = overrides.kind ?? 'complaint';
  let built = await send(h, overrides.by?.token ?? (await demoToken(h, 'admin')), '/api/v1/cases', {
    kind,
    categoryCode: overrides.categoryCode ?? (kind === 'dispute' ? 'DSP.NEIGHBOUR' : 'CMP.NOISE'),
    // A resident reports on the web; the window is staff's (CHANNEL_STAFF_ONLY).
    channel: overrides.channel ?? (overrides.by?.role === 'resident' ? 'web' : 'window'),
    ...(overrides.title ? { title: overrides.title } : {}),
    description:
      overrides.description ?? (kind === 'dispute' ? '测试纠纷：邻里之间因通道堆物发生争执' : '测试事件：楼上噪音扰民'),
    unitId: at.id,
    ...(overrides.reporter ? { reporter: overrides.reporter } : {}),
  });
  const status = overrides.status ?? 'registered';
  if (status === 'registered') return built;

  if (!overrides.lead) throw new Error('buildCase: a dispatched case needs its lead unit');
  const lead = await unitOf(h, overrides.lead);
  const assist = await Promise.all((overrides.assist ?? []).map((ref) => unitOf(h, ref)));
  built = await send(h, overrides.dispatchedBy?.token ?? (await demoToken(h, 'dispatcher')), actionsUrl(built), {
    action: 'dispatch',
    version: built.version,
    leadUnitId: lead.id,
    assistUnitIds: assist.map((u) => u.id),
  });
  if (status === 'dispatched') return built;

  const handler =
    overrides.acceptedBy?.token ??
    (await cachedToken(h, `handler:${lead.id}`, async () => {
      const role = lead.type === 'committee' ? 'mediator' : 'department';
      return (await buildUser(h, { role, unit: { id: lead.id } })).token;
    }));
  built = await send(h, handler, actionsUrl(built), { action: 'accept', version: built.version });
  if (status === 'in_progress') return built;

  return send(h, handler, actionsUrl(built), {
    action: 'resolve',
    version: built.version,
    result: overrides.result ?? '已现场处理，噪音问题已解决',
  });
}

const actionsUrl = (c: BuiltCase) => `/api/v1/cases/${c.id}/actions`;
