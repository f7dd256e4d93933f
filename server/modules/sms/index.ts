// The sms module owns text messages: the gateway (a provider's HTTP API, or the local one of demo
// mode and tests), the templates, staff opt-ins, TD opt-outs, and the outbox's SMS channel.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { smsRoutes } from './sms.routes.ts';

export type { SmsTables } from './sms.table.ts';
export { smsChannel, STAFF_SMS_TOPICS, type SmsContacts } from './sms-channel.ts';
export { HttpSmsGateway, LocalSmsGateway, type SmsGateway } from './sms-gateway.ts';

export function smsModule(app: Api, ctx: AppContext): void {
  smsRoutes(app, ctx);
}
