// 奖惩规则: the administrator edits the rules as data — name, 守信/失信, score, validity, the source
// kind a rule applies to by itself, switched on or off. A rule is never deleted (records cite it);
// a change applies to records made after it. Audited with the codes changed.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { Direction, SourceKind } from '../credit.table.ts';

export interface RuleInput {
  code: string;
  name: string;
  direction: Direction;
  score: number;
  validityMonths: number;
  sourceKind: SourceKind | null;
  active: boolean;
}

export async function updateRules(
  ctx: AppContext,
  actor: Actor,
  rules: RuleInput[],
  clientIp: string | null,
): Promise<string[]> {
  const codes = rules.map((r) => r.code);
  if (new Set(codes).size !== codes.length)
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'rules', message: '规则代码重复 / Duplicate code' }]);
  for (const r of rules) {
    if ((r.direction === 'trust' && r.score < 0) || (r.direction === 'breach' && r.score > 0))
      throw new AppError('CREDIT_RULE_INVALID', undefined, { code: r.code });
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('credit_rule').selectAll().where('code', 'in', codes).execute()).map((r) => [r.code, r]),
    );
    const changed: string[] = [];
    for (const r of rules) {
      const values = {
        name: r.name.trim(),
        direction: r.direction,
        score: r.score,
        validity_months: r.validityMonths,
        source_kind: r.sourceKind,
        active: r.active ? 1 : 0,
      };
      const old = existing.get(r.code);
      if (!old) {
        await trx
          .insertInto('credit_rule')
          .values({ code: r.code, ...values, version: 1, updated_by: actor.userId, updated_at: at })
          .execute();
        changed.push(r.code);
        continue;
      }
      const same =
        old.name === values.name &&
        old.direction === values.direction &&
        Number(old.score) === values.score &&
        Number(old.validity_months) === values.validity_months &&
        old.source_kind === values.source_kind &&
        Number(old.active) === values.active;
      if (same) continue;
      await trx
        .updateTable('credit_rule')
        .set({ ...values, version: Number(old.version) + 1, updated_by: actor.userId, updated_at: at })
        .where('code', '=', r.code)
        .execute();
      changed.push(r.code);
    }
    if (changed.length > 0)
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'credit:rules'),
          action: 'credit.rules',
          subjectType: 'credit_rule',
          subjectId: null,
          outcome: 'success',
          clientIp,
          details: { changed },
        },
        now,
      );
    return changed;
  });
}
