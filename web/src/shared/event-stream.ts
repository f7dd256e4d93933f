// Server-Sent Events for the console, read with fetch and a ReadableStream rather than EventSource:
// EventSource cannot send the Authorization header, so the token would have to travel in the URL
// (and from there into proxies' logs and the browser's history). Like the API client (api.ts) it
// calls the same origin with the session's Bearer token; the paths it takes are the generated
// schema's (api-schema.d.ts), so a renamed route fails the type check here.
//
// followEventStream keeps one stream open: it reconnects after a dropped connection with a growing
// delay (1 s doubling to 30 s, with jitter; back to 1 s once events flow again), and stops for good
// when aborted (sign-out), when the server refuses the request (401 or `event: signed-out`: the
// caller ends the session; 403 or 406: nothing to follow) or when the caller stops it.
import type { paths } from './api-schema.d.ts';

/** The routes that answer text/event-stream. */
export type EventStreamPath = Extract<keyof paths, '/api/v1/inbox/stream'>;

export interface StreamEvent {
  event: string;
  data: string;
}

export type StreamEnd = 'signed-out' | 'refused';

/** Splits text/event-stream into events (comments and `retry:` lines skipped). */
export function eventParser(onEvent: (event: StreamEvent) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    // CRLF and CR end lines too; a CR at the chunk's end waits, as its LF may open the next chunk.
    buffer = (buffer + chunk).replace(/\r\n|\r(?!$)/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent({ event, data: data.join('\n') });
    }
  };
}

/** Reads one connection to its end; answers why it ended, or null for a dropped connection. */
async function readOnce(
  path: EventStreamPath,
  token: string,
  signal: AbortSignal,
  onEvent: (event: StreamEvent) => void,
): Promise<StreamEnd | null> {
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (response.status === 401) return 'signed-out';
  if (response.status === 403 || response.status === 404 || response.status === 406) return 'refused';
  if (!response.ok || !response.body) return null;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let ended: StreamEnd | null = null;
  const parse = eventParser((event) => {
    if (event.event === 'signed-out') ended = 'signed-out';
    else onEvent(event);
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return ended;
    parse(value);
    if (ended) {
      await reader.cancel();
      return ended;
    }
  }
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * Follows an event stream until stopped; `onEnd` hears why it stopped by itself. Returns the stop
 * function (call it on sign-out or unmount).
 */
export function followEventStream(
  path: EventStreamPath,
  token: string,
  onEvent: (event: StreamEvent) => void,
  onEnd: (reason: StreamEnd) => void,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  let delay = FIRST_DELAY_MS;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        window.clearTimeout(timer);
        resolve();
      });
    });
  const run = async () => {
    while (!signal.aborted) {
      let ended: StreamEnd | null = null;
      try {
        ended = await readOnce(path, token, signal, (event) => {
          delay = FIRST_DELAY_MS;
          onEvent(event);
        });
      } catch {
        // A dropped connection or a network failure: try again after the delay.
      }
      if (signal.aborted) return;
      if (ended) {
        onEnd(ended);
        return;
      }
      await wait(delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };
  void run();
  return () => controller.abort();
}
