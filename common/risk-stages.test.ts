import { describe, expect, it } from 'vitest';
import { RISK_STAGES, mayRecord, nextStage, stagesDone, type RiskStage } from './risk-stages.ts';

describe('稳评 stages', () => {
  it('go scope → risk points → public opinion → expert review → conclusion → decision → monitoring', () => {
    const walked: RiskStage[] = [RISK_STAGES[0]];
    while (walked.at(-1) !== 'monitoring') walked.push(nextStage(walked.at(-1)!));
    expect(walked).toEqual([...RISK_STAGES]);
    expect(nextStage('monitoring')).toBe('monitoring');
  });

  it('record only the stage due: none skipped, none repeated but monitoring', () => {
    for (const due of RISK_STAGES) {
      for (const given of RISK_STAGES) expect(mayRecord(due, given)).toBe(due === given);
    }
    expect(stagesDone('conclusion')).toEqual(['scope', 'risk_points', 'public_opinion', 'expert_review']);
  });
});
