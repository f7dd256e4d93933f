// The transactional outbox: a message is written in the same transaction as the change that
// causes it, then delivered by the notifier. Delivery is at least once; each claim is atomic, so
// several app processes never send the same message at the same time.
import { createHmac } from 'node:crypto';
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';

export interface OutboxTable {
  id: Generated<number>;
  /** e.g. case.dispatched, case.resolved, case.supervised */
  topic: string;
  /** 'user' (an account id), 'unit' (an org unit id), 'reporter' (the case reporter, by case id) */
  recipient_type: string;
  recipient: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON; never personal data in clear (adapters look contacts up when sending). */
  payload: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** One row per channel that has delivered a message (RoutingAdapter): a retry skips them. */
export interface OutboxDeliveryTable {
  outbox_id: number;
  channel: string;
  delivered_at: string;
}

export interface OutboxSchema {
  outbox: OutboxTable;
  outbox_delivery: OutboxDeliveryTable;
}

/** Recipient kinds of the modules' channels (issue 15): a service account, an SMS challenge, a mediation party, a grid cadre (ADR 0030), a meeting's outside participant (issue 19). */
export type RecipientTypeExtension = 'service_account' | 'sms_challenge' | 'party' | 'cadre' | 'meeting_participant';

export interface OutboxMessage {
  topic: string;
  /** `audit_log`: the remote log that receives the audit chain's checkpoints. */
  recipientType: 'user' | 'unit' | 'reporter' | 'audit_log' | RecipientTypeExtension;
  recipient: string | number;
  subjectType?: string;
  subjectId?: string | number;
  payload: Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely is invariant in its schema; any schema with outbox will do
type AnyDb = Kysely<any>;

/** Called a moment after messages were enqueued (main.ts wakes the notifier): see enqueue. */
const enqueueListeners = new Set<() => void>();
let wakeTimer: NodeJS.Timeout | null = null;
/** Long enough for the enqueuing transaction to have committed, as a rule; a hint, not a promise. */
const WAKE_DELAY_MS = 50;

/** Subscribes to "messages were enqueued"; returns the unsubscribe. */
export function onEnqueued(listener: () => void): () => void {
  enqueueListeners.add(listener);
  return () => enqueueListeners.delete(listener);
}

/**
 * Writes messages in the caller's transaction. Listeners (the notifier of this process) are woken
 * shortly after, so a notice goes out in well under the job interval; if the transaction has not
 * committed by then, or rolled back, the woken notifier finds nothing new and the next run (or
 * another process's notifier) delivers it: waking is only ever a hint.
 */
export async function enqueue(transaction: AnyDb, messages: OutboxMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  if (enqueueListeners.size > 0 && wakeTimer === null) {
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      for (const listener of enqueueListeners) listener();
    }, WAKE_DELAY_MS);
    wakeTimer.unref();
  }
  const trx = transaction as unknown as Kysely<OutboxSchema>;
  await trx
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        topic: m.topic,
        recipient_type: m.recipientType,
        recipient: String(m.recipient),
        subject_type: m.subjectType ?? null,
        subject_id: m.subjectId === undefined ? null : String(m.subjectId),
        payload: JSON.stringify(m.payload),
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now.toISOString(),
        claimed_until: null,
        last_error: null,
        created_at: now.toISOString(),
        sent_at: null,
      })),
    )
    .execute();
}

export interface DeliveredMessage {
  id: number;
  topic: string;
  recipientType: string;
  recipient: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Where messages go: the log (default), a webhook, an SMS gateway. Throwing means "retry later". */
export interface NotificationAdapter {
  readonly name: string;
  deliver(message: DeliveredMessage): Promise<void>;
}

export class LogAdapter implements NotificationAdapter {
  readonly name = 'log';
  constructor(private readonly log: (line: Record<string, unknown>) => void) {}
  deliver(message: DeliveredMessage): Promise<void> {
    this.log({
      notification: message.topic,
      to: `${message.recipientType}:${message.recipient}`,
      subject: message.subjectId,
    });
    return Promise.resolve();
  }
}

/** Signs each POST body with HMAC-SHA256 (header X-Concord-Signature: sha256=<hex>). */
export class WebhookAdapter implements NotificationAdapter {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  static sign(secret: string, body: string): string {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  }

  async deliver(message: DeliveredMessage): Promise<void> {
    const body = JSON.stringify({
      id: message.id,
      topic: message.topic,
      recipient: { type: message.recipientType, id: message.recipient },
      subject: { type: message.subjectType, id: message.subjectId },
      payload: message.payload,
    });
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-concord-signature': WebhookAdapter.sign(this.secret, body),
        'x-concord-delivery': String(message.id),
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}

/**
 * A channel of the RoutingAdapter: it takes the messages it `accepts` and must be safe to call
 * again for a message it has not confirmed (the router records each channel's success).
 */
export interface NotificationChannel extends NotificationAdapter {
  accepts(message: DeliveredMessage): boolean;
}

/**
 * Sends each message on every channel that accepts it. A channel's success is recorded in
 * `outbox_delivery`; when another channel fails, the message is retried (with the outbox's
 * backoff) on the channels still missing only — nobody gets a second SMS because a webhook was down.
 */
export class RoutingAdapter implements NotificationAdapter {
  readonly name = 'router';
  constructor(
    private readonly db: AnyDb,
    private readonly channels: readonly NotificationChannel[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async deliver(message: DeliveredMessage): Promise<void> {
    const outbox = this.db as unknown as Kysely<OutboxSchema>;
    const accepting = this.channels.filter((c) => c.accepts(message));
    if (accepting.length === 0) return;
    const done = new Set(
      (await outbox.selectFrom('outbox_delivery').select('channel').where('outbox_id', '=', message.id).execute()).map(
        (r) => r.channel,
      ),
    );
    const failures: string[] = [];
    for (const channel of accepting) {
      if (done.has(channel.name)) continue;
      try {
        await channel.deliver(message);
        await outbox
          .insertInto('outbox_delivery')
          .values({ outbox_id: message.id, channel: channel.name, delivered_at: this.clock().toISOString() })
          .execute();
      } catch (error) {
        failures.push(`${channel.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }
}

/** Channels that have delivered one message (tests and the notifications page). */
export async function deliveredChannels(db: AnyDb, outboxId: number): Promise<string[]> {
  const rows = await (db as unknown as Kysely<OutboxSchema>)
    .selectFrom('outbox_delivery')
    .select('channel')
    .where('outbox_id', '=', outboxId)
    .orderBy('channel')
    .execute();
  return rows.map((r) => r.channel);
}

export const MAX_ATTEMPTS = 6;

/** Exponential backoff: 30 s, 1 min, 2 min, 4 min, 8 min, then dead. */
export function backoffMs(attempts: number): number {
  return 30_000 * 2 ** Math.max(0, attempts - 1);
}

/**
 * Delivers due messages once: each message is claimed with a conditional update (so two
 * processes never both take it), delivered, then marked sent — or rescheduled with backoff, or
 * dead after MAX_ATTEMPTS (visible to admins).
 */
export async function deliverDue(
  db: AnyDb,
  adapter: NotificationAdapter,
  now: Date,
  batch = 50,
): Promise<{ sent: number; failed: number; dead: number }> {
  const outbox = db as unknown as Kysely<OutboxSchema>;
  const at = now.toISOString();
  const due = await outbox
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
    .orderBy('id')
    .limit(batch)
    .execute();
  const result = { sent: 0, failed: 0, dead: 0 };
  const claimUntil = new Date(now.getTime() + 60_000).toISOString();
  for (const row of due) {
    const claimed = await outbox
      .updateTable('outbox')
      .set({ claimed_until: claimUntil })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      await adapter.deliver({
        id: row.id,
        topic: row.topic,
        recipientType: row.recipient_type,
        recipient: row.recipient,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        attempts: row.attempts,
      });
      await outbox
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: at, attempts: row.attempts + 1, claimed_until: null })
        .where('id', '=', row.id)
        .execute();
      result.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const dead = attempts >= MAX_ATTEMPTS;
      await outbox
        .updateTable('outbox')
        .set({
          status: dead ? 'dead' : 'pending',
          attempts,
          claimed_until: null,
          last_error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      if (dead) result.dead++;
      else result.failed++;
    }
  }
  return result;
}

/** The administrators' view of the queue and its dead letters, newest first. */
export async function listOutbox(
  db: AnyDb,
  filter: {
    status?: OutboxTable['status'] | undefined;
    limit: number;
    /** Only messages to these recipients (issue 15: a county admin sees its service accounts'). */
    recipients?: { type: string; ids: readonly string[] } | undefined;
  },
): Promise<Selectable<OutboxTable>[]> {
  let query = (db as unknown as Kysely<OutboxSchema>)
    .selectFrom('outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.recipients) {
    if (filter.recipients.ids.length === 0) return [];
    query = query
      .where('recipient_type', '=', filter.recipients.type)
      .where('recipient', 'in', [...filter.recipients.ids]);
  }
  return query.execute();
}

/** One message's recipient (to check who may send it again). */
export async function findOutboxRecipient(
  db: AnyDb,
  id: number,
): Promise<{ recipientType: string; recipient: string } | undefined> {
  const row = await (db as unknown as Kysely<OutboxSchema>)
    .selectFrom('outbox')
    .select(['recipient_type', 'recipient'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { recipientType: row.recipient_type, recipient: row.recipient } : undefined;
}

/** A dead letter goes back to the queue with its attempts reset; false when `id` is no dead letter. */
export async function retryDeadLetter(transaction: AnyDb, id: number, now: Date): Promise<boolean> {
  const updated = await (transaction as unknown as Kysely<OutboxSchema>)
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), claimed_until: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** For tests and the admin page: count by status. */
export async function outboxCounts(db: AnyDb): Promise<Record<string, number>> {
  const rows = await (db as unknown as Kysely<OutboxSchema>)
    .selectFrom('outbox')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
