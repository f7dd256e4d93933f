// The SMS templates (issue 15): which placeholders each may use, and filling them in. Pure; shared
// with the web console, which checks an edit before sending it (the server checks again).

/** Each template's code with the placeholders its text may use (the provider's template params). */
export const SMS_TEMPLATE_PLACEHOLDERS = {
  case_received: ['number', 'trackingCode'],
  case_resolved: ['number', 'trackingCode', 'link'],
  hearing_scheduled: ['number', 'time', 'place'],
  mediation_session_scheduled: ['number', 'time', 'place'],
  red_card: ['number', 'deadline'],
  yellow_card: ['number', 'deadline'],
  login_code: ['code'],
  // A grid's cadres (no account) hear of a task or a whistle by SMS (ADR 0030); no names, no links.
  cadre_task: ['grid', 'kind', 'due'],
  cadre_whistle: ['grid', 'number', 'deadline'],
  // issue 19 §2: a meeting's outside participants (no account) hear of it, of a new time, of its cancellation.
  meeting_scheduled: ['kind', 'title', 'time', 'place'],
  meeting_rescheduled: ['kind', 'title', 'time', 'place'],
  meeting_cancelled: ['kind', 'title', 'time', 'place'],
  // An urgent notice of a township or village (issue 19 §7) to its residents: the publisher and title only.
  notice_urgent: ['unit', 'title'],
} as const satisfies Record<string, readonly string[]>;

export type SmsTemplateCode = keyof typeof SMS_TEMPLATE_PLACEHOLDERS;
export const SMS_TEMPLATE_CODES = Object.keys(SMS_TEMPLATE_PLACEHOLDERS) as SmsTemplateCode[];

export function isTemplateCode(code: string): code is SmsTemplateCode {
  return Object.prototype.hasOwnProperty.call(SMS_TEMPLATE_PLACEHOLDERS, code);
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The placeholders a text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** Placeholders of `text` that template `code` does not fill (an edit naming one is refused). */
export function unknownPlaceholders(code: SmsTemplateCode, text: string): string[] {
  const allowed: readonly string[] = SMS_TEMPLATE_PLACEHOLDERS[code];
  return placeholdersOf(text).filter((name) => !allowed.includes(name));
}

/** A stray brace that opens no placeholder ("{编号" or "编号}") is a typo, not text to send. */
export function hasStrayBrace(text: string): boolean {
  return /[{}]/.test(text.replace(PLACEHOLDER, ''));
}

export function renderTemplate(text: string, params: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole);
}
