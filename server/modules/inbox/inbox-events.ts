// Pub/sub of inbox changes across every app process: the inbox channel announces the users it added
// notices for, the read commands announce the reader, and every open stream (GET /inbox/stream) of
// that user, in whichever process holds it, sends the new unread count.
//
// Carried by the database's bus (platform/bus, ADR 0040): PostgreSQL LISTEN/NOTIFY between
// processes, an in-process emitter on SQLite. Announce after the change is committed: a stream
// that hears of it re-counts from the database. After the bus lost its listening connection every
// open stream re-counts once (what was announced meanwhile is gone).
import { EventEmitter } from 'node:events';
import type { AppContext } from '../../context.ts';
import { busOf, MAX_PAYLOAD_BYTES } from '../../platform/bus/bus.ts';

export const INBOX_TOPIC = 'inbox';
const EVERYONE = 'resync';

// Keyed by the app's context so that several apps in one process (tests) keep apart.
const streams = new WeakMap<AppContext, EventEmitter>();

/** This app's listeners, fed by one subscription to the bus. */
function streamsOf(ctx: AppContext): EventEmitter {
  let emitter = streams.get(ctx);
  if (!emitter) {
    const local = new EventEmitter();
    // One listener per open stream: a busy office has many; none is a leak while it is removed on close.
    local.setMaxListeners(0);
    const bus = busOf(ctx.db);
    bus.subscribe(INBOX_TOPIC, (payload) => {
      for (const id of payload.split(',')) if (id !== '') local.emit(eventOf(Number(id)));
    });
    bus.onResync(() => local.emit(EVERYONE));
    streams.set(ctx, local);
    emitter = local;
  }
  return emitter;
}

const eventOf = (userId: number) => `user:${userId}`;

/** Starts listening for inbox changes (the app does at start-up, so no change is missed later). */
export function listenForInboxChanges(ctx: AppContext): void {
  streamsOf(ctx);
}

/** Tells the open streams of these users, in every process, that their inbox changed. */
export function announceInboxChange(ctx: AppContext, userIds: Iterable<number>): void {
  // Publishing needs no listening connection (a CLI run of the notifier opens none).
  const bus = busOf(ctx.db);
  // A unit of many staff is announced in several messages (a NOTIFY holds under 8000 bytes).
  let chunk = '';
  for (const userId of new Set(userIds)) {
    const next = chunk === '' ? String(userId) : `${chunk},${userId}`;
    if (next.length > MAX_PAYLOAD_BYTES - 100) {
      bus.publish(INBOX_TOPIC, chunk);
      chunk = String(userId);
    } else {
      chunk = next;
    }
  }
  if (chunk !== '') bus.publish(INBOX_TOPIC, chunk);
}

/** Calls `listener` whenever the user's inbox changes; returns the unsubscribe. */
export function subscribeInbox(ctx: AppContext, userId: number, listener: () => void): () => void {
  const local = streamsOf(ctx);
  local.on(eventOf(userId), listener);
  local.on(EVERYONE, listener);
  return () => {
    local.off(eventOf(userId), listener);
    local.off(EVERYONE, listener);
  };
}

/** Open streams in this process (tests: a closed stream must leave none behind). */
export function inboxListenerCount(ctx: AppContext, userId: number): number {
  return streamsOf(ctx).listenerCount(eventOf(userId));
}
