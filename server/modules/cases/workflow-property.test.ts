// Random action sequences by random actors through the real API: no 5xx, nothing done that was
// not offered, no illegal state, and the timeline alone rebuilds the case.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  replayTimeline,
  type CaseAction,
  type TimelineStep,
} from '../../../common/workflow.ts';
import { describeEachDialect } from '../../../test/support/harness.ts';

const ACTORS = [
  'dispatcher',
  'township',
  'operator',
  'department',
  'urban',
  'market',
  'gridworker',
  'resident',
  'leader',
  'evaluator',
];

interface CaseJson {
  id: number;
  status: string;
  version: number;
  leadUnitId: number | null;
  rating: string | null;
  extensionPending: unknown;
  allowedActions: string[];
  timeline: TimelineStep[];
}

describeEachDialect('workflow under random action sequences', (get) => {
  it('never reaches an illegal state and always replays to the same case', async () => {
    const h = get();
    const tokens = Object.fromEntries(await Promise.all(ACTORS.map(async (a) => [a, await h.login(a)] as const)));
    const units = {
      housing: (await h.unit('370702-dept-housing')).id,
      urban: (await h.unit('370702-dept-urban_management')).id,
      market: (await h.unit('370702-dept-market_regulation')).id,
    };
    const payloadFor = (action: CaseAction, pick: number): Record<string, unknown> => {
      switch (action) {
        case 'dispatch':
          return {
            leadUnitId: [units.housing, units.urban, units.market][pick % 3],
            assistUnitIds: pick % 2 ? [units.market] : [],
          };
        case 'whistle':
          return { unitIds: [units.urban, units.market] };
        case 'return':
        case 'escalate':
        case 'cancel':
        case 'reopen':
          return { reason: '随机测试' };
        case 'request_extension':
          return { days: 1 + (pick % 3), reason: '需要更多时间' };
        case 'decide_extension':
          return { approved: pick % 2 === 0 };
        case 'supervise':
          return { note: '请加快' };
        case 'resolve':
          return { result: '已处理' };
        case 'rate':
          return { rating: ['satisfied', 'basically_satisfied', 'unsatisfied'][pick % 3] };
        case 'merge':
          return { intoCaseId: 1 };
        case 'accept':
        case 'report':
        case 'close':
          return {};
      }
    };

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...ACTORS), fc.constantFrom(...CASE_ACTIONS), fc.nat(100)), {
          minLength: 5,
          maxLength: 25,
        }),
        async (steps) => {
          const created = await h.inject({
            method: 'POST',
            url: '/api/v1/cases',
            token: tokens.resident,
            payload: {
              kind: 'complaint',
              categoryCode: 'CMP.NOISE',
              channel: 'web',
              description: '随机测试：夜间噪音扰民',
              unitId: (await h.unit('370702001001G01')).id,
              reporter: { name: '张三', phone: '13812345678' },
            },
          });
          expect(created.statusCode, created.body).toBe(201);
          const id = (created.json() as CaseJson).id;
          for (const [actor, action, pick] of steps) {
            const before = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: tokens[actor] });
            const visible = before.statusCode === 200;
            const current = visible ? (before.json() as CaseJson) : undefined;
            const version = current?.version ?? 1;
            const res = await h.inject({
              method: 'POST',
              url: `/api/v1/cases/${id}/actions`,
              token: tokens[actor],
              payload: { action, version, ...payloadFor(action, pick) },
            });
            expect([200, 400, 403, 404, 409, 422], `${actor} ${action}: ${res.body}`).toContain(res.statusCode);
            if (res.statusCode === 200) {
              // Only what was offered can be done.
              expect(current?.allowedActions, `${actor} ${action}`).toContain(action);
            } else if (visible && res.statusCode === 422) {
              expect(current?.allowedActions).not.toContain(action);
            }
          }
          const final = (
            await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: tokens.dispatcher })
          ).json() as CaseJson;
          expect(CASE_STATUSES).toContain(final.status);
          if (final.status === 'closed')
            expect(
              final.rating === null ||
                final.rating !== 'unsatisfied' ||
                final.timeline.some((s) => s.action === 'close'),
            ).toBe(true);
          const replayed = replayTimeline(final.timeline);
          expect(replayed).toEqual({
            status: final.status,
            hasLead: final.leadUnitId !== null,
            extensionPending: final.extensionPending !== null,
            rating: final.rating,
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});
