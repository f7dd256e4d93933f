import type { Generated } from 'kysely';

/** One text message per outbox message and phone: sent, or skipped because the phone replied TD. */
export interface SmsMessageTable {
  id: Generated<number>;
  /** The outbox message it delivers (null for messages sent outside the outbox). */
  outbox_id: number | null;
  phone_enc: string;
  phone_hash: string;
  /** 138****1234 */
  phone_masked: string;
  template_code: string;
  /** The text as sent (a login code sent through a real provider is kept masked). */
  text: string;
  status: 'sent' | 'skipped';
  /** 'local' (demo and tests: nothing leaves the server) or 'http' (the provider). */
  gateway: string;
  provider_message_id: string | null;
  created_at: string;
}

/** The admin-editable text of each template, with the template id registered at the provider. */
export interface SmsTemplateTable {
  code: string;
  text_zh: string;
  provider_template_id: string | null;
  updated_by: number | null;
  updated_at: string;
}

/** A staff member's opt-in to an SMS on a topic (the sweeper's cards), to their own phone. */
export interface SmsSubscriptionTable {
  user_id: number;
  topic: string;
  phone_enc: string;
  phone_hash: string;
  phone_masked: string;
  created_at: string;
}

/** Phones that replied TD / 退订: nothing more is sent to them but login codes. */
export interface SmsOptOutTable {
  phone_hash: string;
  source: 'reply' | 'simulated';
  created_at: string;
}

export interface SmsTables {
  sms_message: SmsMessageTable;
  sms_template: SmsTemplateTable;
  sms_subscription: SmsSubscriptionTable;
  sms_opt_out: SmsOptOutTable;
}
