// What the points routes answer: ledger lines in words, rewards with what the caller may do, the
// leaderboard with masked names only.
import type { Db } from '../../context.ts';
import { can, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { LEDGER_KIND_LABELS } from '../../../common/points.ts';
import { actorHome, homeReaches } from './points.policy.ts';
import { listRules, rewardNames, type EntryRow, type RedemptionRow, type RewardRow } from './points.repository.ts';
import type { RecognitionRow } from './recognition.repository.ts';
import { userNames } from '../auth/index.ts';

export async function presentEntries(db: Db, entries: EntryRow[]) {
  const rules = new Map((await listRules(db)).map((r) => [r.code, r.name]));
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    ruleCode: e.ruleCode,
    label:
      e.kind === 'earn'
        ? (rules.get(e.ruleCode!) ?? e.ruleCode ?? '')
        : e.kind === 'spend'
          ? `兑换：${e.reason ?? ''}`
          : `${LEDGER_KIND_LABELS.adjustment.zh}：${e.reason ?? ''}`,
    amount: e.amount,
    balanceAfter: e.balanceAfter,
    createdAt: e.createdAt,
  }));
}

export async function presentRedemptions(db: Db, rows: RedemptionRow[]) {
  const names = await rewardNames(
    db,
    rows.map((r) => r.rewardId),
  );
  return rows.map((r) => ({
    id: r.id,
    rewardId: r.rewardId,
    rewardName: names.get(r.rewardId) ?? '',
    cost: r.cost,
    code: r.code,
    status: r.status,
    createdAt: r.createdAt,
    handedOverAt: r.handedOverAt,
  }));
}

export async function presentRewards(db: Db, actor: Actor, rows: RewardRow[]) {
  const names = await unitNames(
    db,
    rows.map((r) => r.unitId),
  );
  const home = actorHome(actor);
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    unitName: names.get(r.unitId) ?? '',
    name: r.name,
    description: r.description,
    cost: r.cost,
    stock: r.stock,
    active: r.active,
    abilities: {
      redeem: can(actor, 'points:own') && homeReaches(home, r.unitPath) && r.active && r.stock > 0,
      manage: can(actor, 'points:counter', [r.unitPath]),
    },
  }));
}

export async function presentRecognitions(db: Db, actor: Actor, rows: RecognitionRow[]) {
  const [units, users] = await Promise.all([
    unitNames(
      db,
      rows.map((r) => r.unitId),
    ),
    userNames(
      db,
      rows.map((r) => r.nominatedBy),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    unitName: units.get(r.unitId) ?? '',
    nomineeName: r.nomineeName,
    nomineeLinked: r.nomineeUserId !== null,
    deed: r.deed,
    nominatedByName: users.get(r.nominatedBy) ?? '',
    nominatedAt: r.nominatedAt,
    status: r.status,
    reviewedAt: r.reviewedAt,
    reviewReason: r.reviewReason,
    pointsCredited: r.pointsCredited,
    abilities: { review: r.status === 'pending' && can(actor, 'recognition:review', [r.unitPath]) },
  }));
}
