// Colours of the referral's urgency, status and assessment tags (the labels are common/psych.ts's).
import type { PsychAssessmentLevel, PsychStatus, PsychUrgency } from '../../../../common/psych.ts';

export const URGENCY_COLOURS: Record<PsychUrgency, string> = { normal: 'blue', urgent: 'red' };
export const STATUS_COLOURS: Record<PsychStatus, string> = {
  referred: 'orange',
  contacted: 'green',
  closed: 'default',
};
export const ASSESSMENT_COLOURS: Record<PsychAssessmentLevel, string> = {
  low: 'green',
  medium: 'gold',
  high: 'orange',
  crisis: 'red',
};
