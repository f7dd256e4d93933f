// 积分获得: what the other modules call, inside their own transaction, when a source event earns
// points (a report verified and resolved, a vote, a volunteer hour, a kept agreement, a recognised
// deed). Earned once per (rule, source event, holder): the ledger's unique index and an insert …
// on conflict do nothing decide it, so fifty concurrent calls for one event credit once on both
// databases; the rule's cap per period is read with the holder's balance row held, so racing
// earnings of one holder cannot pass the cap together.
import type { AppContext, Trx } from '../../../context.ts';
import { capPeriodKey, type PointRuleCode } from '../../../../common/points.ts';
import { residentHome } from '../points.policy.ts';
import { appendEntry, credit, earnedInPeriod, findRule, holdAccount } from '../points.repository.ts';

export interface AwardInput {
  userId: number;
  rule: PointRuleCode;
  /** The source event, e.g. `case:12`, `agreement:7`, `recognition:3`: earned once per holder. */
  sourceKey: string;
  /** Units of the rule (hours for volunteer_hour); default 1. */
  quantity?: number;
}

export async function awardPoints(ctx: AppContext, trx: Trx, input: AwardInput): Promise<{ credited: number }> {
  const quantity = input.quantity ?? 1;
  if (!Number.isFinite(quantity) || quantity <= 0) return { credited: 0 };
  const rule = await findRule(trx, input.rule);
  if (!rule || !rule.active) return { credited: 0 };
  // Points are held by resident accounts only (a staff account has no home village).
  const home = await residentHome(trx, input.userId);
  if (!home) return { credited: 0 };
  const now = ctx.clock.now();
  const at = now.toISOString();
  const account = await holdAccount(trx, input.userId, home, at);
  const periodKey = capPeriodKey(rule.capPeriod, now);
  let amount = Math.round(rule.points * quantity);
  if (rule.cap !== null)
    amount = Math.min(amount, rule.cap - (await earnedInPeriod(trx, input.userId, rule.code, periodKey)));
  if (amount <= 0) return { credited: 0 };
  const entryId = await appendEntry(trx, {
    userId: input.userId,
    kind: 'earn',
    ruleCode: rule.code,
    sourceKey: input.sourceKey,
    capPeriodKey: periodKey,
    amount,
    balanceAfter: account.balance + amount,
    at,
  });
  if (entryId === null) return { credited: 0 };
  await credit(trx, input.userId, amount, true, at);
  return { credited: amount };
}
