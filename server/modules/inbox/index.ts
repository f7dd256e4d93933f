// The inbox module owns staff notices (inbox_item): the notification router's inbox channel turns
// outbox messages about cases and hand-offs into notices for a unit's staff, read through the API
// and pushed live as an unread count over Server-Sent Events. A top module: it asks auth, cases
// and mediation through their index files, and nobody imports it but the composition root.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { inboxRoutes } from './inbox.routes.ts';
import { inboxStreamRoute } from './inbox-stream.ts';
import { listenForInboxChanges } from './inbox-events.ts';

export type { InboxTables } from './inbox.table.ts';
export { inboxChannel } from './inbox.channel.ts';
export { INBOX_TOPICS, inboxTitle } from './inbox-topics.ts';

export function inboxModule(app: Api, ctx: AppContext): void {
  inboxRoutes(app, ctx);
  inboxStreamRoute(app, ctx);
  listenForInboxChanges(ctx);
}
