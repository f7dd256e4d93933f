// The demo county's psychological service team (心理服务队, issue 18 §7, ADR 0027): a department of
// kind psych_service under the county, made once. A production install creates its team as a unit
// of the tree (an administrator's unit editing); the demo needs one for its `psych` account.
import type { AppContext } from '../context.ts';
import { findUnitByCode } from '../modules/org/index.ts';
import { insertLoadedUnits, maxUnitId } from '../modules/org/org.repository.ts';
import { PSYCH_TEAM_KIND } from '../../common/psych.ts';

export const DEMO_PSYCH_TEAM_CODE = '370702-dept-psych';

export async function seedDemoPsychTeam(ctx: AppContext, countyCode: string): Promise<void> {
  if (await findUnitByCode(ctx.db, DEMO_PSYCH_TEAM_CODE)) return;
  const county = await findUnitByCode(ctx.db, countyCode);
  if (!county) throw new Error(`demo county ${countyCode} is missing`);
  await ctx.db.transaction().execute(async (trx) => {
    const id = (await maxUnitId(trx)) + 1;
    await insertLoadedUnits(
      trx,
      ctx.dialect,
      [
        {
          id,
          code: DEMO_PSYCH_TEAM_CODE,
          name: `${county.name}心理服务队`,
          type: 'department',
          kind: PSYCH_TEAM_KIND,
          level: county.level,
          parent_id: county.id,
          path: `${county.path}${id}/`,
          depth: county.depth + 1,
          created_at: ctx.clock.now().toISOString(),
        },
      ],
      [],
    );
  });
}
