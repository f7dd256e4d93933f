// Kysely queries over the stability risk assessments, their stages and attachments.
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { findUnitsByIds, unitWithin } from '../org/index.ts';
import type {
  RiskAssessmentAttachmentTable,
  RiskAssessmentStageTable,
  RiskAssessmentTable,
} from './stability.table.ts';
import type { RiskStage } from '../../../common/risk-stages.ts';

type Executor = Db | Trx;
export type AssessmentRow = Selectable<RiskAssessmentTable> & { unit_name: string; unit_path: string };
export type StageRow = Selectable<RiskAssessmentStageTable>;
export type AttachmentRow = Selectable<RiskAssessmentAttachmentTable>;

/** The rows with their unit's name and path, asked of the org module. */
async function withUnits(db: Executor, rows: Selectable<RiskAssessmentTable>[]): Promise<AssessmentRow[]> {
  const units = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u]));
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_id);
    return unit ? [{ ...r, unit_name: unit.name, unit_path: unit.path }] : [];
  });
}

export async function findAssessment(db: Executor, id: number): Promise<AssessmentRow | undefined> {
  const row = await db.selectFrom('risk_assessment').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withUnits(db, [row]))[0] : undefined;
}

export async function listAssessments(
  db: Executor,
  filter: {
    scopePaths: readonly string[];
    stage?: RiskStage | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<AssessmentRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('risk_assessment')
    .selectAll('risk_assessment')
    .where((eb) => unitWithin(eb, 'risk_assessment.unit_id', filter.scopePaths));
  if (filter.stage) query = query.where('risk_assessment.stage', '=', filter.stage);
  if (filter.beforeId) query = query.where('risk_assessment.id', '<', filter.beforeId);
  return withUnits(db, await query.orderBy('risk_assessment.id', 'desc').limit(filter.limit).execute());
}

export async function findStages(db: Executor, assessmentId: number): Promise<StageRow[]> {
  return db
    .selectFrom('risk_assessment_stage')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}

export async function findAttachments(db: Executor, assessmentId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('risk_assessment_attachment')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}
