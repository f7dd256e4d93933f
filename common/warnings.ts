// Early warnings (issue 17 §2): the kinds of situation that raise one, the four levels and the
// states a warning goes through. Shared by the server (raising, the inbox API), the safety index
// (which counts warnings by level) and the console; nothing here may import server code.

export const WARNING_KINDS = [
  'repeat_reporter',
  'repeat_location',
  'group_dispute',
  'escalation_words',
  'hot_spot',
  'agreement_breach',
  // Raised by the screening ledgers (the safety module) when a grid or village has not screened.
  'screening_overdue',
] as const;

export type WarningKind = (typeof WARNING_KINDS)[number];

/** Red is the gravest; the inbox sorts by this order. */
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;

export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** A warning's state: open until someone acknowledges, assigns, dismisses or closes it. */
export const WARNING_STATUSES = ['open', 'acknowledged', 'assigned', 'dismissed', 'closed'] as const;

export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** The states in which a warning is still "the" warning of its situation (a new case updates it). */
export const ACTIVE_WARNING_STATUSES: readonly WarningStatus[] = ['open', 'acknowledged', 'assigned'];

export const WARNING_ACTIONS = ['acknowledge', 'assign', 'dismiss', 'close'] as const;

export type WarningAction = (typeof WARNING_ACTIONS)[number];

/** Which action leads from which states to which: anything else is refused (WARNING_TRANSITION_INVALID). */
export const WARNING_TRANSITIONS: Record<WarningAction, { from: readonly WarningStatus[]; to: WarningStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  // Re-assigning an assigned warning to someone else is allowed.
  assign: { from: ['open', 'acknowledged', 'assigned'], to: 'assigned' },
  dismiss: { from: ['open', 'acknowledged', 'assigned'], to: 'dismissed' },
  close: { from: ['acknowledged', 'assigned'], to: 'closed' },
};

export function nextWarningStatus(status: WarningStatus, action: WarningAction): WarningStatus | null {
  const rule = WARNING_TRANSITIONS[action];
  return rule.from.includes(status) ? rule.to : null;
}

export function isWarningKind(value: string): value is WarningKind {
  return (WARNING_KINDS as readonly string[]).includes(value);
}

export function isWarningLevel(value: string): value is WarningLevel {
  return (WARNING_LEVELS as readonly string[]).includes(value);
}

export interface WarningLabel {
  zh: string;
  en: string;
}

export const WARNING_KIND_LABELS: Record<WarningKind, WarningLabel> = {
  repeat_reporter: { zh: '重复来电/反复上报', en: 'Repeat reporter' },
  repeat_location: { zh: '同一地点多发', en: 'Repeat location' },
  group_dispute: { zh: '群体性纠纷', en: 'Group dispute' },
  escalation_words: { zh: '矛盾激化苗头', en: 'Words of escalation' },
  hot_spot: { zh: '类别突增热点', en: 'Hot spot' },
  agreement_breach: { zh: '调解协议未履行', en: 'Agreement broken' },
  screening_overdue: { zh: '排查逾期', en: 'Screening overdue' },
};

export const WARNING_LEVEL_LABELS: Record<WarningLevel, WarningLabel> = {
  red: { zh: '红色', en: 'Red' },
  orange: { zh: '橙色', en: 'Orange' },
  yellow: { zh: '黄色', en: 'Yellow' },
  blue: { zh: '蓝色', en: 'Blue' },
};

export const WARNING_STATUS_LABELS: Record<WarningStatus, WarningLabel> = {
  open: { zh: '待处理', en: 'Open' },
  acknowledged: { zh: '已知悉', en: 'Acknowledged' },
  assigned: { zh: '已指派', en: 'Assigned' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const WARNING_ACTION_LABELS: Record<WarningAction, WarningLabel> = {
  acknowledge: { zh: '知悉', en: 'Acknowledge' },
  assign: { zh: '指派', en: 'Assign' },
  dismiss: { zh: '排除', en: 'Dismiss' },
  close: { zh: '办结', en: 'Close' },
};
