// Demo credit records (issue 19 §4): a few records of the demo county's registry — a false report
// confirmed on a demo case, a recognition, an enterprise's broken agreement — and one objection
// waiting for a decision, so /credit shows each part. Once: any credit record means it was seeded.
import type { AppContext } from '../context.ts';
import { recordCredit, ruleForSource } from '../modules/credit/index.ts';
import { findUnitByCode } from '../modules/org/index.ts';
import { findUserByUsername } from '../modules/auth/index.ts';
import { DEMO_COUNTY_CODE } from './seed-demo.ts';

export async function seedDemoCredit(ctx: AppContext): Promise<number> {
  if (ctx.config.demoCases === 0) return 0;
  if (await ctx.db.selectFrom('credit_record').select('id').limit(1).executeTakeFirst()) return 0;
  const county = await findUnitByCode(ctx.db, DEMO_COUNTY_CODE);
  const dispatcher = await findUserByUsername(ctx.db, 'dispatcher');
  if (!county || !dispatcher) return 0;
  const inCounty = (column: 'org_unit.path') => [column, 'like', `${county.path}%`] as const;
  const people = await ctx.db
    .selectFrom('person')
    .innerJoin('org_unit', 'org_unit.id', 'person.unit_id')
    .select('person.id')
    .where(...inCounty('org_unit.path'))
    .orderBy('person.id')
    .limit(2)
    .execute();
  const enterprise = await ctx.db
    .selectFrom('enterprise')
    .innerJoin('org_unit', 'org_unit.id', 'enterprise.unit_id')
    .select('enterprise.id')
    .where(...inCounty('org_unit.path'))
    .orderBy('enterprise.id')
    .executeTakeFirst();
  const demoCase = await ctx.db
    .selectFrom('case_record')
    .innerJoin('org_unit', 'org_unit.id', 'case_record.region_id')
    .select(['case_record.id', 'case_record.number'])
    .where(...inCounty('org_unit.path'))
    .orderBy('case_record.id')
    .executeTakeFirst();
  const file = await ctx.db.selectFrom('mediation_file').select(['id', 'number']).orderBy('id').executeTakeFirst();
  const at = ctx.clock.now();
  const audit = { actor: null, clientIp: null };
  let made = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const falseReport = await ruleForSource(trx, 'false_report');
    const recognition = await ruleForSource(trx, 'recognition');
    const broken = await ruleForSource(trx, 'agreement_broken');
    const [first, second] = people;
    if (first && demoCase && falseReport) {
      const id = await recordCredit(ctx, trx, {
        subjectKind: 'person',
        subjectId: first.id,
        sourceKind: 'false_report',
        sourceId: demoCase.id,
        sourceRef: demoCase.number,
        rule: falseReport,
        reason: '经核实，举报内容与事实不符，系虚假举报',
        at,
        madeBy: dispatcher.id,
        audit,
      });
      if (id !== null) {
        made++;
        await trx
          .insertInto('credit_objection')
          .values({
            record_id: id,
            reason: '当事人称举报时误认了施工单位，并非故意虚假举报，请求更正',
            received_via: 'window',
            status: 'pending',
            filed_by: dispatcher.id,
            filed_at: at.toISOString(),
            decided_by: null,
            decided_at: null,
            decision_note: null,
            result_version: null,
          })
          .execute();
      }
    }
    if (second && recognition) {
      const id = await recordCredit(ctx, trx, {
        subjectKind: 'person',
        subjectId: second.id,
        sourceKind: 'recognition',
        sourceId: 1,
        sourceRef: null,
        rule: recognition,
        reason: '获评本年度“身边好人”',
        at,
        madeBy: dispatcher.id,
        audit,
      });
      if (id !== null) made++;
    }
    if (enterprise && file && broken) {
      const id = await recordCredit(ctx, trx, {
        subjectKind: 'enterprise',
        subjectId: enterprise.id,
        sourceKind: 'agreement_broken',
        sourceId: file.id,
        sourceRef: file.number,
        rule: broken,
        reason: `调解卷宗 ${file.number} 的协议经回访未履行`,
        at,
        madeBy: dispatcher.id,
        audit,
      });
      if (id !== null) made++;
    }
  });
  return made;
}
