// HTTP for points and the civilisation bank (issue 19 §3): the rules, a resident's balance and
// ledger, a holder's ledger for staff, the villages' rewards, redemption and the counter's check,
// the village leaderboard (masked names) and adjustments. .xlsx exports of a ledger and a leaderboard.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { auditActorOf, authorize, can, jurisdictionPaths, userNames, type Actor } from '../auth/index.ts';
import { findUnitById, findUnitsByIds } from '../org/index.ts';
import { maskDisplayName } from '../../../common/points.ts';
import { actorHome, homeReaches, loadHolder, notFoundRecord } from './points.policy.ts';
import {
  findAccount,
  findRedemption,
  findReward,
  leaderboard,
  listEntries,
  listRules,
  redemptionsOf,
  rewardsAt,
  rewardsWithin,
  rewardNames,
} from './points.repository.ts';
import {
  AdjustBody,
  AdjustedOut,
  CheckBody,
  CheckedOut,
  LeaderboardOut,
  LeaderboardQuery,
  LedgerOut,
  LedgerQuery,
  MeOut,
  RedeemBody,
  RedemptionOut,
  RewardBody,
  RewardOut,
  RewardPatch,
  RewardsOut,
  RewardsQuery,
  RulesBody,
  RulesOut,
} from './points.schemas.ts';
import { presentEntries, presentRedemptions, presentRewards } from './points.view.ts';
import { adjustBalance } from './use-cases/adjust-balance.ts';
import { checkRedemption } from './use-cases/check-redemption.ts';
import { createReward, loadRewardToManage, patchReward, saveRules } from './use-cases/manage-catalogue.ts';
import { redeemReward } from './use-cases/redeem-reward.ts';

const TAGS = ['points'];

/** A unit and the units above it: the paths whose rewards a resident living there may redeem. */
async function chainPaths(ctx: AppContext, path: string): Promise<string[]> {
  return (await findUnitsByIds(ctx.db, pathIds(path))).map((u) => u.path);
}

/** The region a leaderboard or a catalogue is asked for: the resident's home by default; outside: 404. */
async function reachableUnit(ctx: AppContext, actor: Actor, unitId: number | undefined) {
  const home = actorHome(actor);
  if (unitId === undefined) {
    if (!home)
      throw new AppError('VALIDATION_FAILED', undefined, [
        { field: 'unitId', message: '请选择村（社区） / Choose a village' },
      ]);
    return (await findUnitById(ctx.db, home.unitId))!;
  }
  const unit = await findUnitById(ctx.db, unitId);
  const reach = !!unit && (homeReaches(home, unit.path) || can(actor, 'points:catalogue', [unit.path]));
  if (!unit || !reach) throw notFoundRecord('单位', 'org_unit', unitId, !!unit);
  return unit;
}

export function pointsRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/points/rules',
    {
      schema: {
        tags: TAGS,
        summary: '积分获得规则 / The earning rules',
        description:
          'The five rules (verified_report, vote, volunteer_hour, agreement_kept, good_deed): points per unit, the cap per ' +
          'holder and period (Beijing day, month or year; null: none) and whether the rule is on. Every signed-in role.',
        response: { 200: RulesOut, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:rules_read');
      const items = (await listRules(ctx.db)).map(({ code, name, points, cap, capPeriod, active }) => ({
        code,
        name,
        points,
        cap,
        capPeriod,
        active,
      }));
      return { items, abilities: { manage: can(actor, 'points:rules_manage') } };
    },
  );

  app.put(
    '/api/v1/points/rules',
    {
      schema: {
        tags: TAGS,
        summary: '修改积分规则 / Edit the earning rules',
        description:
          'An administrator sets the rules given (points, cap, period, on/off); the others stay. Audited with the ' +
          'values before and after. Earnings already in the ledger keep their points.',
        body: RulesBody,
        response: { 200: RulesOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:rules_manage');
      await saveRules(ctx, actor, request.body.rules, request.ip);
      const items = (await listRules(ctx.db)).map(({ code, name, points, cap, capPeriod, active }) => ({
        code,
        name,
        points,
        cap,
        capPeriod,
        active,
      }));
      return { items, abilities: { manage: true } };
    },
  );

  app.get(
    '/api/v1/points/me',
    {
      schema: {
        tags: TAGS,
        summary: '我的积分 / My points',
        description:
          'A resident’s balance, points earned in all, the last 100 ledger entries and its redemptions with their ' +
          'counter codes. Residents only.',
        response: { 200: MeOut, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:own');
      const home = actorHome(actor);
      const [account, entries, redemptions] = await Promise.all([
        findAccount(ctx.db, actor.userId),
        listEntries(ctx.db, actor.userId, 100),
        redemptionsOf(ctx.db, actor.userId, 50),
      ]);
      return {
        balance: account?.balance ?? 0,
        earned: account?.earned ?? 0,
        homeUnitId: home?.unitId ?? null,
        homeUnitName: home?.unitName ?? '',
        entries: await presentEntries(ctx.db, entries),
        redemptions: await presentRedemptions(ctx.db, redemptions),
      };
    },
  );

  app.get(
    '/api/v1/points/ledger',
    {
      schema: {
        tags: TAGS,
        summary: '积分明细查询 / A holder’s ledger',
        description:
          'Staff look up the ledger of a holder whose home lies in their area: `personId` is the user id of the ' +
          'resident account (the holder), not a person-registry id. Newest first (`limit`, default 200). ' +
          '`format=xlsx` exports it (audited). Outside the area, or no resident account: 404.',
        querystring: LedgerQuery,
        response: { 200: jsonOrXlsx(LedgerOut, '积分明细 / The ledger'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'points:read');
      const q = request.query;
      const home = await loadHolder(ctx.db, actor, q.personId, 'points:read');
      const [account, entries, names] = await Promise.all([
        findAccount(ctx.db, q.personId),
        listEntries(ctx.db, q.personId, q.format === 'xlsx' ? 100_000 : (q.limit ?? 200)),
        userNames(ctx.db, [q.personId]),
      ]);
      const items = await presentEntries(ctx.db, entries);
      const displayName = names.get(q.personId) ?? '';
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `积分明细-${maskDisplayName(displayName)}-${exportStamp(now)}.xlsx`,
          sheetName: '积分明细',
          columns: [
            { key: 'createdAt', header: '时间', type: 'datetime', width: 20 },
            { key: 'label', header: '事项', width: 30 },
            { key: 'amount', header: '积分变动', type: 'number' },
            { key: 'balanceAfter', header: '变动后余额', type: 'number' },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'points:read'),
            clientIp: request.ip,
            what: 'point_ledger',
            filters: { personId: q.personId },
          },
        });
      }
      return {
        holder: {
          userId: q.personId,
          displayName,
          unitId: home.unitId,
          unitName: home.unitName,
          balance: account?.balance ?? 0,
          earned: account?.earned ?? 0,
        },
        items,
        abilities: { adjust: can(actor, 'points:adjust', [home.unitPath]) },
      };
    },
  );

  app.get(
    '/api/v1/points/rewards',
    {
      schema: {
        tags: TAGS,
        summary: '奖品目录 / The rewards catalogue',
        description:
          'A resident: the offered rewards of its village (community) and of the units above it, which it may redeem. ' +
          'Staff: the rewards of the units in their area (`unitId`: of that unit and below), withdrawn ones included. ' +
          'A unit outside: 404.',
        querystring: RewardsQuery,
        response: { 200: RewardsOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:catalogue');
      const home = actorHome(actor);
      const unitId = request.query.unitId;
      let rows;
      if (home && !actor.memberships.some((m) => m.role !== 'resident')) {
        const unit = unitId === undefined ? null : await reachableUnit(ctx, actor, unitId);
        rows = await rewardsAt(ctx.db, await chainPaths(ctx, unit?.path ?? home.unitPath), true);
      } else if (unitId !== undefined) {
        const unit = await findUnitById(ctx.db, unitId);
        if (!unit || !can(actor, 'points:catalogue', [unit.path]))
          throw notFoundRecord('单位', 'org_unit', unitId, !!unit);
        rows = await rewardsWithin(ctx.db, [unit.path], 1000);
      } else {
        rows = await rewardsWithin(ctx.db, jurisdictionPaths(actor, 'points:catalogue'), 1000);
      }
      return {
        items: await presentRewards(ctx.db, actor, rows),
        abilities: { create: can(actor, 'points:counter') },
      };
    },
  );

  app.post(
    '/api/v1/points/rewards',
    {
      schema: {
        tags: TAGS,
        summary: '新增奖品 / Add a reward',
        description:
          'The counter staff of a township or village (community) in their area add a reward with its cost in points ' +
          'and its stock. Not a township or village: 422 POINTS_REWARD_UNIT; outside the area: 404. Audited.',
        body: RewardBody,
        response: { 201: RewardOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'points:counter');
      const id = await createReward(ctx, actor, request.body, request.ip);
      reply.code(201);
      return (await presentRewards(ctx.db, actor, [(await findReward(ctx.db, id))!]))[0]!;
    },
  );

  app.patch(
    '/api/v1/points/rewards/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改奖品（库存、积分、上下架） / Edit a reward (stock, cost, offered)',
        description:
          'The counter staff of the reward’s unit set its stock, cost, name or withdraw it (`active: false`). ' +
          'Redemptions already made keep their cost. Audited. Outside the area: 404.',
        params: IdParams,
        body: RewardPatch,
        response: { 200: RewardOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:counter');
      const reward = await loadRewardToManage(ctx, actor, request.params.id);
      await patchReward(ctx, actor, reward, request.body, request.ip);
      return (await presentRewards(ctx.db, actor, [(await findReward(ctx.db, reward.id))!]))[0]!;
    },
  );

  app.post(
    '/api/v1/points/redemptions',
    {
      schema: {
        tags: TAGS,
        summary: '兑换奖品 / Redeem a reward',
        description:
          'A resident spends points on a reward of its village (or a unit above it) and receives a short code to show ' +
          'at the counter. Beyond the balance: 422 POINTS_INSUFFICIENT_BALANCE (`details.balance`, `details.cost`); ' +
          'out of stock or withdrawn: 422 POINTS_OUT_OF_STOCK; in both cases nothing changes. A reward of another ' +
          'village: 404.',
        body: RedeemBody,
        response: { 201: RedemptionOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'points:own');
      const id = await redeemReward(ctx, actor, request.body.rewardId, request.ip);
      reply.code(201);
      return (await presentRedemptions(ctx.db, [(await findRedemption(ctx.db, id))!]))[0]!;
    },
  );

  app.post(
    '/api/v1/points/redemptions/check',
    {
      schema: {
        tags: TAGS,
        summary: '柜台核销兑换码 / Check a code at the counter and hand over',
        description:
          'The counter staff of the reward’s unit (or above) type the resident’s code (case and dashes ignored): the ' +
          'redemption is marked handed over and its reward and the holder’s masked name are shown. A code is good ' +
          'once: again, 422 POINTS_REDEMPTION_HANDED_OVER with `details.handedOverAt`. Unknown or of another area: 404.',
        body: CheckBody,
        response: { 200: CheckedOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:counter');
      const r = await checkRedemption(ctx, actor, request.body.code, request.ip);
      const [rewards, users] = await Promise.all([rewardNames(ctx.db, [r.rewardId]), userNames(ctx.db, [r.userId])]);
      return {
        id: r.id,
        code: r.code,
        rewardName: rewards.get(r.rewardId) ?? '',
        cost: r.cost,
        holderName: maskDisplayName(users.get(r.userId) ?? ''),
        status: r.status,
        createdAt: r.createdAt,
        handedOverAt: r.handedOverAt,
      };
    },
  );

  app.get(
    '/api/v1/points/leaderboard',
    {
      schema: {
        tags: TAGS,
        summary: '积分排行榜 / The village leaderboard',
        description:
          'The holders of a village (community) — or of a township and below — ranked by points earned (spends not ' +
          'subtracted), with masked display names only. A resident: its home by default, or a unit above it; staff: ' +
          'a unit of their area (`unitId` required). `format=xlsx` exports it (staff who read ledgers; audited).',
        querystring: LeaderboardQuery,
        response: {
          200: jsonOrXlsx(LeaderboardOut, '积分排行 / The leaderboard'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'points:catalogue');
      const q = request.query;
      const unit = await reachableUnit(ctx, actor, q.unitId);
      const rows = await leaderboard(ctx.db, unit.path, q.format === 'xlsx' ? 10_000 : (q.limit ?? 50));
      const names = await userNames(
        ctx.db,
        rows.map((r) => r.userId),
      );
      const items = rows.map((r, i) => ({
        rank: i + 1,
        name: maskDisplayName(names.get(r.userId) ?? ''),
        earned: r.earned,
        me: r.userId === actor.userId,
      }));
      if (q.format === 'xlsx') {
        if (!can(actor, 'points:read', [unit.path])) throw new AppError('FORBIDDEN');
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `积分排行-${unit.name}-${exportStamp(now)}.xlsx`,
          sheetName: '积分排行',
          columns: [
            { key: 'rank', header: '名次', type: 'number', width: 8 },
            { key: 'name', header: '居民', width: 16 },
            { key: 'earned', header: '累计积分', type: 'number' },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'points:read'),
            clientIp: request.ip,
            what: 'point_leaderboard',
            filters: { unitId: unit.id },
          },
        });
      }
      return { unitId: unit.id, unitName: unit.name, items };
    },
  );

  app.post(
    '/api/v1/points/adjustments',
    {
      schema: {
        tags: TAGS,
        summary: '调整积分 / Adjust a balance',
        description:
          'An administrator or leader over the holder’s home adds (positive `amount`) or takes off (negative) points ' +
          'with a reason: a ledger entry of kind `adjustment`, audited. Below zero: 422 POINTS_INSUFFICIENT_BALANCE, ' +
          'nothing written. `userId`: the resident account; another account or outside the area: 404.',
        body: AdjustBody,
        response: { 200: AdjustedOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'points:adjust');
      const home = await loadHolder(ctx.db, actor, request.body.userId, 'points:adjust');
      const balance = await adjustBalance(ctx, actor, { userId: request.body.userId, home }, request.body, request.ip);
      return { userId: request.body.userId, balance };
    },
  );
}
