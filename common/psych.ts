// Psychological referral (心理服务转介, issue 18 §7, seed §11): how urgent a referral is, the team's
// assessment levels and the states a referral goes through. Shared by the server and the console;
// nothing here may import server code.

export const PSYCH_URGENCIES = ['normal', 'urgent'] as const;
export type PsychUrgency = (typeof PSYCH_URGENCIES)[number];

/** The team's judgement of the risk after contact; 危机 (crisis) calls for immediate intervention. */
export const PSYCH_ASSESSMENT_LEVELS = ['low', 'medium', 'high', 'crisis'] as const;
export type PsychAssessmentLevel = (typeof PSYCH_ASSESSMENT_LEVELS)[number];

/** referred → contacted (first contact recorded) → closed. */
export const PSYCH_STATUSES = ['referred', 'contacted', 'closed'] as const;
export type PsychStatus = (typeof PSYCH_STATUSES)[number];

/** An urgent referral not contacted within this many hours warns the team. */
export const PSYCH_URGENT_CONTACT_HOURS = 24;

export interface PsychLabel {
  zh: string;
  en: string;
}

export const PSYCH_URGENCY_LABELS: Record<PsychUrgency, PsychLabel> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

export const PSYCH_ASSESSMENT_LABELS: Record<PsychAssessmentLevel, PsychLabel> = {
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
  crisis: { zh: '危机', en: 'Crisis' },
};

export const PSYCH_STATUS_LABELS: Record<PsychStatus, PsychLabel> = {
  referred: { zh: '待联系', en: 'Awaiting contact' },
  contacted: { zh: '跟进中', en: 'In follow-up' },
  closed: { zh: '已结案', en: 'Closed' },
};

/** The org unit kind of a county's psychological service team (a `department` unit). */
export const PSYCH_TEAM_KIND = 'psych_service';
