// Access-matrix rows: service accounts and their API keys (issue 15). Administrators manage the
// accounts bound to units of their own area; outside it an account does not exist (404).
import { anywhere, inJurisdiction, listIsScoped, type Fixture, type Row, type Where } from './expectations.ts';
import { uniqueSuffix } from './fixtures.ts';
import { createServiceAccount } from '../../server/modules/auth/service-accounts.ts';

/** The unit an account of each side is bound to: the inside township, or the next one. */
const BOUND_UNIT: Record<Where, string> = { inside: '370702001', outside: '370702002' };

async function newServiceAccount(f: Fixture, where: Where): Promise<number> {
  const unit = await f.h.unit(BOUND_UNIT[where]);
  const { id } = await createServiceAccount(
    f.h.ctx,
    { actor: null, clientIp: null, actorUserId: f.actors.admin.id },
    { name: `matrix-${uniqueSuffix()}`, unitId: unit.id, scopes: ['cases:read'] },
  );
  return id;
}

export const KEYS_ROWS: Record<string, Row> = {
  'GET /api/v1/service-accounts': {
    build: async (f, where) => {
      // Lists are the admin's area: an outside account alone leaves the outside answer empty.
      if (where === 'inside') await newServiceAccount(f, where);
      return { method: 'GET', url: '/api/v1/service-accounts' };
    },
    access: anywhere('service_account:manage'),
    // The answer does not depend on the side (service-accounts.test.ts checks another county's
    // admin sees none of these); inside, the account just made is listed.
    check: (res, where) => {
      if (where === 'inside') listIsScoped(res, where);
    },
  },
  'POST /api/v1/service-accounts': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/service-accounts',
      payload: {
        name: `m${uniqueSuffix()}`,
        unitId: (await f.h.unit(BOUND_UNIT[where])).id,
        scopes: ['cases:create'],
      },
    }),
    access: inJurisdiction('service_account:manage', { ok: 201 }),
  },
  'POST /api/v1/service-accounts/:id/revoke': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/service-accounts/${await newServiceAccount(f, where)}/revoke`,
    }),
    access: inJurisdiction('service_account:manage'),
  },
  'PATCH /api/v1/service-accounts/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/service-accounts/${await newServiceAccount(f, where)}`,
      payload: { webhookUrl: 'https://hotline.example.org/concord' },
    }),
    access: inJurisdiction('service_account:manage'),
  },
};
