// The data the village and the county keep: the earning rules (an administrator: points, cap and
// period, on or off) and a village's rewards (its counter staff: name, cost, stock; withdrawn, never
// deleted, since redemptions point at them). Each change is audited in its transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import type { CapPeriod, PointRuleCode } from '../../../../common/points.ts';
import { notFoundRecord } from '../points.policy.ts';
import { findReward, insertReward, listRules, updateRule, updateReward, type RewardRow } from '../points.repository.ts';

export interface RuleInput {
  code: PointRuleCode;
  name: string;
  points: number;
  cap: number | null;
  capPeriod: CapPeriod;
  active: boolean;
}

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', undefined, [{ field, message }]);

export async function saveRules(
  ctx: AppContext,
  actor: Actor,
  rules: RuleInput[],
  clientIp: string | null,
): Promise<void> {
  const codes = new Set<string>();
  rules.forEach((r, i) => {
    if (codes.has(r.code)) throw invalid(`rules/${i}/code`, '规则重复 / A rule appears twice');
    codes.add(r.code);
    if (r.name.trim().length === 0) throw invalid(`rules/${i}/name`, '请填写名称 / Give a name');
  });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = new Map((await listRules(trx)).map((r) => [r.code, r]));
    for (const rule of rules) {
      await updateRule(trx, { ...rule, name: rule.name.trim() }, actor.userId, now.toISOString());
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:rules_manage'),
        action: 'points.rules',
        subjectType: 'point_rule',
        subjectId: null,
        outcome: 'success',
        clientIp,
        details: {
          changes: rules.map((r) => ({
            code: r.code,
            from: before.get(r.code)
              ? { points: before.get(r.code)!.points, cap: before.get(r.code)!.cap, active: before.get(r.code)!.active }
              : null,
            to: { points: r.points, cap: r.cap, capPeriod: r.capPeriod, active: r.active },
          })),
        },
      },
      now,
    );
  });
}

export async function createReward(
  ctx: AppContext,
  actor: Actor,
  input: { unitId: number; name: string; description?: string | undefined; cost: number; stock: number },
  clientIp: string | null,
): Promise<number> {
  const unit = await findUnitById(ctx.db, input.unitId);
  if (!unit || !can(actor, 'points:counter', [unit.path]))
    throw notFoundRecord('单位', 'org_unit', input.unitId, !!unit);
  if (unit.type !== 'region' || (unit.level !== 'village' && unit.level !== 'township'))
    throw new AppError('POINTS_REWARD_UNIT', undefined, { field: 'unitId' });
  const name = input.name.trim();
  if (name.length === 0) throw invalid('name', '请填写奖品名称 / Give the reward a name');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertReward(
      trx,
      {
        unitId: unit.id,
        unitPath: unit.path,
        name,
        description: input.description?.trim() || null,
        cost: input.cost,
        stock: input.stock,
      },
      actor.userId,
      now.toISOString(),
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:counter'),
        action: 'points.reward_create',
        subjectType: 'point_reward',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, cost: input.cost, stock: input.stock },
      },
      now,
    );
    return id;
  });
}

export async function loadRewardToManage(ctx: AppContext, actor: Actor, id: number): Promise<RewardRow> {
  const reward = await findReward(ctx.db, id);
  if (!reward || !can(actor, 'points:counter', [reward.unitPath]))
    throw notFoundRecord('奖品', 'point_reward', id, !!reward);
  return reward;
}

export async function patchReward(
  ctx: AppContext,
  actor: Actor,
  reward: RewardRow,
  patch: { stock?: number; cost?: number; active?: boolean; name?: string; description?: string },
  clientIp: string | null,
): Promise<void> {
  if (patch.name !== undefined && patch.name.trim().length === 0)
    throw invalid('name', '请填写奖品名称 / Give the reward a name');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateReward(
      trx,
      reward.id,
      {
        ...patch,
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() || null } : {}),
      },
      now.toISOString(),
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:counter'),
        action: 'points.reward_update',
        subjectType: 'point_reward',
        subjectId: reward.id,
        outcome: 'success',
        clientIp,
        details: { from: { stock: reward.stock, cost: reward.cost, active: reward.active }, to: patch },
      },
      now,
    );
  });
}
