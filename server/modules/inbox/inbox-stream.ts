// GET /api/v1/inbox/stream: Server-Sent Events carrying the signed-in user's unread count —
// `event: unread` once on connect and again whenever the inbox changes (a notice delivered, one
// read), a comment line every 25 s so that proxies and the browser keep the connection, and an
// `event: signed-out` before closing once the session no longer stands.
//
// It authenticates like every route (the Bearer header: the console reads the stream with fetch,
// not EventSource, so no token goes into a URL). The reply is hijacked: Fastify's serialisation
// and onSend hooks stay out of the way, the headers helmet set are copied over, nothing compresses
// or buffers it (`no-transform`, `X-Accel-Buffering: no`), and Node's and Fastify's time limits
// apply to receiving the request, not to this answer.
//
// Changes reach the stream through inbox-events.ts, from whichever app process made them
// (PostgreSQL LISTEN/NOTIFY, ADR 0040).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { authorize, sessionStillValid } from '../auth/index.ts';
import { countUnread } from './inbox.repository.ts';
import { subscribeInbox } from './inbox-events.ts';

export const HEARTBEAT_MS = 25_000;

function acceptsEventStream(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === 'text/event-stream');
}

/** The open streams of one app, ended when it closes (a graceful shutdown waits for no stream). */
const openStreams = new WeakMap<AppContext, Set<() => void>>();

function streamsOf(ctx: AppContext): Set<() => void> {
  let set = openStreams.get(ctx);
  if (!set) {
    set = new Set();
    openStreams.set(ctx, set);
  }
  return set;
}

function openStream(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: number, sessionId: number) {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  // Tells an EventSource how long to wait before reconnecting; the console's own reader backs off itself.
  raw.write('retry: 5000\n\n');

  let closed = false;
  let sending = false;
  let again = false;
  const write = (text: string) => {
    if (!closed) raw.write(text);
  };
  // Counts are sent in order and never two at once: a change during a count asks for one more.
  const sendCount = async () => {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      do {
        again = false;
        const unreadCount = await countUnread(ctx.db, userId);
        write(`event: unread\ndata: ${JSON.stringify({ unreadCount })}\n\n`);
      } while (again && !closed);
    } catch (error) {
      request.log.warn({ err: error }, 'inbox stream: counting failed');
    } finally {
      sending = false;
    }
  };
  const unsubscribe = subscribeInbox(ctx, userId, () => void sendCount());
  const heartbeat = setInterval(() => {
    write(': heartbeat\n\n');
    sessionStillValid(ctx, sessionId).then(
      (valid) => {
        if (!valid) {
          write('event: signed-out\ndata: {}\n\n');
          close();
        }
      },
      (error: unknown) => request.log.warn({ err: error }, 'inbox stream: session check failed'),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const streams = streamsOf(ctx);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(close);
    raw.end();
  };
  streams.add(close);
  raw.on('close', close);
  raw.on('error', close);
  void sendCount();
}

export function inboxStreamRoute(app: Api, ctx: AppContext): void {
  app.addHook('preClose', (done) => {
    for (const close of [...streamsOf(ctx)]) close();
    done();
  });

  app.get(
    '/api/v1/inbox/stream',
    {
      schema: {
        tags: ['inbox'],
        summary: '未读数事件流（SSE）/ Unread count as Server-Sent Events',
        description:
          'text/event-stream：连接时及收件箱变化时发送 `event: unread`，`data: {"unreadCount": n}`；每 25 秒一行注释保活；会话失效时发送 `event: signed-out` 后关闭。须带 `Accept: text/event-stream`。/ Sends `event: unread` with `data: {"unreadCount": n}` on connect and whenever the inbox changes, a comment line every 25 s, and `event: signed-out` before closing once the session ends. Send `Accept: text/event-stream`.',
        response: {
          200: {
            description: '事件流 / The event stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(401, 403, 406),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'inbox:read');
      if (!acceptsEventStream(request)) throw new AppError('EVENT_STREAM_ONLY');
      openStream(ctx, request, reply, actor.userId, actor.sessionId);
      return reply;
    },
  );
}
