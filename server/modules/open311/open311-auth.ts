// Who is asking: an API key of a service account holding the `open311` scope, sent as GeoReport's
// `api_key` (query or body) or as `X-Api-Key`. The account's unit bounds what it reads and where
// it reports: its subtree (the unit's own for a region, its region's for a centre or department).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { authenticateApiKey, can, type Actor } from '../auth/index.ts';
import { Open311Error } from './open311-http.ts';
import { single, type RawFields } from './request-input.ts';

export const OPEN311_SCOPE = 'open311';

export interface ServiceAccountActor {
  actor: Actor;
  serviceAccountId: number;
  /** Subtree roots the account reads and reports in. */
  within: string[];
  /** The unit the account is bound to (reports given only by address are placed there). */
  unitId: number;
}

function keyOf(request: FastifyRequest, body: RawFields | undefined): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const fromBody = body ? single(body, 'api_key', 512) : undefined;
  if (fromBody !== undefined) return fromBody;
  const query = (request.query as Record<string, unknown> | undefined)?.['api_key'];
  return typeof query === 'string' && query.trim() !== '' ? query.trim().slice(0, 512) : undefined;
}

export async function authenticateServiceAccount(
  ctx: AppContext,
  request: FastifyRequest,
  body?: RawFields,
): Promise<ServiceAccountActor> {
  const key = keyOf(request, body);
  if (key === undefined) throw new Open311Error(403, 'api_key: required');
  // Throws API_KEY_INVALID (403) for an unknown or revoked key, API_KEY_RATE_LIMITED (429) over
  // its rate; audits the use under the service account.
  const actor = await authenticateApiKey(ctx, key, request.ip, {
    method: request.method,
    route: request.routeOptions.url ?? null,
  });
  const account = actor.serviceAccount;
  if (!account) throw new Open311Error(403, 'api_key: not a service account key');
  // The scope's powers (common/powers.ts SCOPE_POWERS) include open311:use.
  if (!can(actor, 'open311:use')) {
    throw new Open311Error(403, `api_key: the key lacks the ${OPEN311_SCOPE} scope`);
  }
  const anchors = [...new Set(actor.memberships.map((m) => m.anchorPath))].sort();
  const within = anchors.filter((p, i) => !anchors.slice(0, i).some((q) => isWithin(p, q)));
  const unitId = actor.memberships[0]?.unitId;
  if (unitId === undefined || within.length === 0) throw new Open311Error(403, 'api_key: the account has no unit');
  return { actor, serviceAccountId: account.id, within, unitId };
}

export const isInside = (account: ServiceAccountActor, path: string) => account.within.some((p) => isWithin(path, p));
