// In-process pub/sub of inbox changes: the inbox channel announces the users it added notices for,
// the read commands announce the reader, and every open stream (GET /inbox/stream) of that user
// sends the new unread count.
//
// One process only. With several app processes (PostgreSQL, CONCORD_WORKERS) a notice delivered by
// the notifier of one process must reach streams held by another: that needs PostgreSQL
// LISTEN/NOTIFY (or polling) behind announce/subscribe — issue 20. Until then a stream in another
// process learns of the change at its next reconnect.
import { EventEmitter } from 'node:events';
import type { AppContext } from '../../context.ts';

// Keyed by the app's context so that several apps in one process (tests) keep apart.
const buses = new WeakMap<AppContext, EventEmitter>();

function busOf(ctx: AppContext): EventEmitter {
  let bus = buses.get(ctx);
  if (!bus) {
    bus = new EventEmitter();
    // One listener per open stream: a busy office has many; none is a leak while it is removed on close.
    bus.setMaxListeners(0);
    buses.set(ctx, bus);
  }
  return bus;
}

const eventOf = (userId: number) => `user:${userId}`;

/** Tells the open streams of these users that their inbox changed. */
export function announceInboxChange(ctx: AppContext, userIds: Iterable<number>): void {
  const bus = busOf(ctx);
  for (const userId of new Set(userIds)) bus.emit(eventOf(userId));
}

/** Calls `listener` whenever the user's inbox changes; returns the unsubscribe. */
export function subscribeInbox(ctx: AppContext, userId: number, listener: () => void): () => void {
  const bus = busOf(ctx);
  bus.on(eventOf(userId), listener);
  return () => bus.off(eventOf(userId), listener);
}

/** Open streams in this process (tests: a closed stream must leave none behind). */
export function inboxListenerCount(ctx: AppContext, userId: number): number {
  return busOf(ctx).listenerCount(eventOf(userId));
}
