import type { Generated } from 'kysely';
import type { RiskStage } from '../../../common/risk-stages.ts';

export interface RiskAssessmentTable {
  id: Generated<number>;
  /** The unit whose decision is assessed (a county, township …): where the file belongs. */
  unit_id: number;
  title: string;
  /** land | demolition | project | policy */
  decision_kind: string;
  description: string;
  /** The stage due next; `monitoring` once decided (monitoring repeats). */
  stage: RiskStage;
  /** The graded conclusion, once recorded. */
  grade: 'high' | 'medium' | 'low' | null;
  /** The decision, once recorded. */
  decision: 'proceed' | 'adjust' | 'postpone' | 'stop' | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RiskAssessmentStageTable {
  id: Generated<number>;
  assessment_id: number;
  stage: RiskStage;
  /** 1 for every stage but monitoring, whose entries count up. */
  seq: number;
  /** JSON: what the stage recorded (stages.ts documents each shape). */
  data: string;
  recorded_by: number | null;
  recorder_name: string;
  recorded_at: string;
}

export interface RiskAssessmentAttachmentTable {
  id: Generated<number>;
  assessment_id: number;
  stage: RiskStage;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploader_name: string;
  created_at: string;
}

export interface StabilityTables {
  risk_assessment: RiskAssessmentTable;
  risk_assessment_stage: RiskAssessmentStageTable;
  risk_assessment_attachment: RiskAssessmentAttachmentTable;
}
