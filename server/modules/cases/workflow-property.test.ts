// Random action sequences by random actors through the real API. Before each step the actor looks
// at the case; from what it saw the step has one right answer, and the test asserts exactly it:
// not visible → 404; an action not offered → 403 when the actor could never take it on this case,
// else 422; an offered action → 200 and the status the workflow names, unless the action's own
// rule refuses it (a merge into a case the actor cannot see or that does not exist, an extension
// past the limit). The case always stays legal and its timeline alone rebuilds it.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  allowedActions,
  decide,
  mayEverDo,
  replayTimeline,
  type ActionBody,
  type ActorRelation,
  type CaseAction,
  type CaseState,
  type Rating,
  type TimelineStep,
} from '../../../common/workflow.ts';
import { ERRORS, type ErrorCode } from '../../../common/errors.ts';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';

/** Demo accounts (server/demo/seed-demo.ts), each with what decides how it relates to a case. */
const ACTORS = [
  'dispatcher', // 潍城区综治中心: triages cases owned by the county's centres
  'township', // 城关街道综治中心: triages its own centre's cases, blows the whistle (街乡吹哨)
  'operator', // the county centre's operator: rates on a return call
  'department', // 区住建局
  'urban', // 区综合行政执法局
  'market', // 区市场监督管理局
  'gridworker', // the grid holding every case here
  'resident', // reports every case here
  'leader', // the county's: supervises
  'evaluator', // reads only
] as const;
type ActorName = (typeof ACTORS)[number];

/** Extensions of one case add up to at most this many working days (EXTENSION_LIMIT_EXCEEDED). */
const MAX_EXTENSION_DAYS = 10;
/** Where every case here is: 城关街道's first community grid. */
const GRID = '370702001001G01';
/** A case id that does not exist. */
const NO_SUCH_CASE = 2_000_000_000;

interface CaseJson {
  id: number;
  status: CaseState['status'];
  version: number;
  centreId: number;
  leadUnitId: number | null;
  rating: Rating | null;
  extensionPending: unknown;
  assignments: { unitId: number; role: string; active: boolean; reportedAt: string | null }[];
  allowedActions: CaseAction[];
  timeline: (TimelineStep & { data?: { approved?: boolean; days?: number } | null })[];
}

interface Expected {
  status: number;
  code?: ErrorCode;
}

const refusal = (code: ErrorCode): Expected => ({ status: ERRORS[code].status, code });

/** Working days granted since the case was last (re)dispatched: dispatch and reopen start afresh. */
function extensionDaysUsed(timeline: CaseJson['timeline']): number {
  let used = 0;
  for (const step of timeline) {
    if (step.action === 'dispatch' || step.action === 'reopen') used = 0;
    if (step.action === 'decide_extension' && step.data?.approved) used += step.data.days ?? 0;
  }
  return used;
}

describeEachDialect('workflow under random action sequences', (get) => {
  it('answers every step with the one right status and always replays to the same case', async () => {
    const h = get();
    const tokens = Object.fromEntries(
      await Promise.all(ACTORS.map(async (a) => [a, await h.login(a)] as const)),
    ) as Record<ActorName, string>;
    const units = {
      department: (await h.unit('370702-dept-housing')).id,
      urban: (await h.unit('370702-dept-urban_management')).id,
      market: (await h.unit('370702-dept-market_regulation')).id,
    };
    const centres = {
      township: (await h.unit('370702001-centre')).id,
      county: (await h.unit('370702-centre')).id,
      province: (await h.unit('37-centre')).id,
    };
    // Merge targets: an open case every dispatcher here triages, and one in 济南 that none covers.
    const openTarget = (await buildCase(h, { at: GRID })).id;
    // 领导包案: the county's demo leader, who leads the region every case here lies in.
    const leaderUserId = (
      await h.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow()
    ).id;
    const unseenTarget = (await buildCase(h, { at: '370102001' })).id;

    /** How each actor relates to a case it sees (cases.policy.ts relationTo, for these accounts). */
    const relationOf = (actor: ActorName, c: CaseJson): ActorRelation => {
      const unit = actor === 'department' || actor === 'urban' || actor === 'market' ? units[actor] : undefined;
      const triage =
        (actor === 'dispatcher' && (c.centreId === centres.township || c.centreId === centres.county)) ||
        (actor === 'township' && c.centreId === centres.township);
      return {
        triage,
        townshipDispatcher: actor === 'township',
        supervisor: triage || actor === 'leader',
        leadHandler: unit !== undefined && c.leadUnitId === unit,
        summoned: c.assignments.some(
          (a) => a.unitId === unit && a.role === 'whistle' && a.active && a.reportedAt === null,
        ),
        gridWorker: actor === 'gridworker',
        reporter: actor === 'resident',
        operator: actor === 'operator',
        sender: false,
      };
    };
    const stateOf = (c: CaseJson): CaseState => ({
      status: c.status,
      hasLead: c.leadUnitId !== null,
      extensionPending: c.extensionPending !== null,
      rating: c.rating,
      canEscalate: c.centreId !== centres.province,
    });

    const payloadFor = (action: CaseAction, pick: number): Record<string, unknown> => {
      switch (action) {
        case 'dispatch':
          return {
            leadUnitId: [units.department, units.urban, units.market][pick % 3],
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
        case 'assign_leader':
          return { leaderUserId, note: '红色等级纠纷' };
        case 'resolve':
          return { result: '已处理' };
        case 'rate':
          return { rating: ['satisfied', 'basically_satisfied', 'unsatisfied'][pick % 3] };
        case 'merge':
          return { intoCaseId: [openTarget, unseenTarget, NO_SUCH_CASE][pick % 3] };
        case 'accept':
        case 'report':
        case 'close':
          return {};
      }
    };

    /** The one right answer to `action` by `actor`, from the case as the actor saw it. */
    const expectedAnswer = (actor: ActorName, c: CaseJson, action: CaseAction, body: Record<string, unknown>) => {
      const who = relationOf(actor, c);
      // What the actor was offered is what the workflow offers it: the relation above is right.
      expect(c.allowedActions, `${actor} sees ${c.status}`).toEqual(allowedActions(stateOf(c), who));
      if (!c.allowedActions.includes(action)) {
        return refusal(mayEverDo(action, who) ? 'INVALID_TRANSITION' : 'FORBIDDEN');
      }
      if (action === 'merge' && body.intoCaseId !== openTarget) return refusal('MERGE_TARGET_INVALID');
      if (action === 'request_extension' && extensionDaysUsed(c.timeline) + Number(body.days) > MAX_EXTENSION_DAYS) {
        return refusal('EXTENSION_LIMIT_EXCEEDED');
      }
      const decision = decide(stateOf(c), action, who, body as ActionBody<CaseAction>);
      return { status: 200, to: decision.ok ? decision.to : undefined };
    };

    await fc.assert(
      fc.asyncProperty(
        // Each step: an actor, an action, a number for the choices in its body, and whether the
        // actor takes one of the actions it is offered instead (so that walks reach deep states).
        fc.array(fc.tuple(fc.constantFrom(...ACTORS), fc.constantFrom(...CASE_ACTIONS), fc.nat(100), fc.boolean()), {
          minLength: 5,
          maxLength: 30,
        }),
        async (steps) => {
          const { id } = await buildCase(h, {
            at: GRID,
            by: { token: tokens.resident },
            channel: 'web',
            description: '随机测试：夜间噪音扰民',
            reporter: { name: '张三', phone: '13812345678' },
          });
          for (const [actor, randomAction, pick, takeOffered] of steps) {
            const before = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: tokens[actor] });
            expect([200, 404], `${actor} looks: ${before.body}`).toContain(before.statusCode);
            const offered = before.statusCode === 200 ? (before.json() as CaseJson).allowedActions : [];
            const action = takeOffered && offered.length > 0 ? offered[pick % offered.length]! : randomAction;
            const body = payloadFor(action, pick);
            const res = await h.inject({
              method: 'POST',
              url: `/api/v1/cases/${id}/actions`,
              token: tokens[actor],
              payload: {
                action,
                version: before.statusCode === 200 ? (before.json() as CaseJson).version : 1,
                ...body,
              },
            });
            const step = `${actor} ${action} ${JSON.stringify(body)}: ${res.body.slice(0, 300)}`;
            if (before.statusCode === 404) {
              expect(res.statusCode, step).toBe(404);
              continue;
            }
            const expected: Expected & { to?: string } = expectedAnswer(actor, before.json() as CaseJson, action, body);
            expect(res.statusCode, step).toBe(expected.status);
            if (expected.code) expect((res.json() as { error: { code: string } }).error.code, step).toBe(expected.code);
            if (expected.to) expect((res.json() as CaseJson).status, step).toBe(expected.to);
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
      { numRuns: 20 },
    );
  });
});
