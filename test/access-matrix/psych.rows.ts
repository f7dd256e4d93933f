// Access-matrix rows: psychological referrals (issue 18 §7, ADR 0027). A referral exists only for
// its referrer and the members of the team it was sent to — never by jurisdiction. Inside: a
// referral the matrix's grid worker made to the demo county's team; outside: one another grid worker
// made. No matrix actor is a team member, so every role but the inside referrer gets 404, and the
// referrer, who sees its referral, is refused the team's records (403).
import { expect } from 'vitest';
import type { Role } from '../../common/roles.ts';
import { anywhere, type Access, type Fixture, type Row, type Where } from './expectations.ts';

const otherReferrer = new WeakMap<Fixture, Promise<string>>();

async function referrerToken(f: Fixture, where: Where): Promise<string> {
  if (where === 'inside') return f.actors.grid_worker.token;
  let token = otherReferrer.get(f);
  if (!token) {
    token = f.h.userWith('grid_worker', '370702002001G01').then((u) => u.token);
    otherReferrer.set(f, token);
  }
  return token;
}

async function newReferral(f: Fixture, where: Where): Promise<number> {
  const res = await f.h.inject({
    method: 'POST',
    url: '/api/v1/psych-referrals',
    token: await referrerToken(f, where),
    payload: { personName: '矩阵测试人', phone: '13900001234', reason: '矩阵测试：情绪低落', urgency: 'urgent' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

/** Only the inside referrer reaches the record; `referrerGets` is what it gets there. */
const referrerOnly = (referrerGets: number): Access => ({
  power: null,
  expect: (role: Role) => (role === 'grid_worker' ? [referrerGets, 404] : [404, 404]),
});

const teamStep = (step: string, payload: Record<string, unknown>): Row => ({
  build: async (f, where) => ({
    method: 'POST',
    url: `/api/v1/psych-referrals/${await newReferral(f, where)}/${step}`,
    payload,
  }),
  access: referrerOnly(403),
});

export const PSYCH_ROWS: Record<string, Row> = {
  'POST /api/v1/psych-referrals': {
    build: () => ({
      method: 'POST',
      url: '/api/v1/psych-referrals',
      payload: { personName: '矩阵测试人', reason: '矩阵测试：独居老人情绪异常', urgency: 'normal' },
    }),
    access: anywhere('psych:refer', 201),
  },
  // Each actor lists only what it referred itself (none of the matrix's actors is on a team).
  'GET /api/v1/psych-referrals': {
    build: async (f, where) => {
      await newReferral(f, where);
      return { method: 'GET', url: '/api/v1/psych-referrals?limit=100' };
    },
    access: anywhere('psych:read'),
    check: (res, where, role) => {
      const items = (res.json() as { items: { referrer: { name: string } }[] }).items;
      expect(items.every((item) => item.referrer.name === role)).toBe(true);
      if (role === 'grid_worker' && where === 'inside') expect(items.length).toBeGreaterThan(0);
    },
  },
  'GET /api/v1/psych-referrals/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/psych-referrals/${await newReferral(f, where)}` }),
    access: referrerOnly(200),
  },
  'POST /api/v1/psych-referrals/:id/contact': teamStep('contact', { assessmentLevel: 'medium' }),
  'POST /api/v1/psych-referrals/:id/follow-ups': teamStep('follow-ups', { date: '2026-11-27', note: '矩阵随访' }),
  'POST /api/v1/psych-referrals/:id/close': teamStep('close', { note: '矩阵结案' }),
  'POST /api/v1/psych-referrals/:id/reveal': teamStep('reveal', {}),
};
