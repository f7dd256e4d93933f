// The console's reader of Server-Sent Events (web/src/shared/event-stream.ts) splits a stream into
// events wherever the network cut it: comments, retry lines and CRLF line ends included.
import { describe, expect, it } from 'vitest';
import { eventParser, type StreamEvent } from '../web/src/shared/event-stream.ts';

describe('eventParser', () => {
  it('yields whole events however the chunks fall', () => {
    const text =
      'retry: 5000\n\nevent: unread\ndata: {"unreadCount":2}\n\n: heartbeat\n\r\nevent: unread\r\ndata: {"unreadCount":3}\r\n\r\ndata: a\ndata: b\n\n';
    for (const size of [1, 2, 3, 7, text.length]) {
      const events: StreamEvent[] = [];
      const parse = eventParser((e) => events.push(e));
      for (let i = 0; i < text.length; i += size) parse(text.slice(i, i + size));
      expect(events, `chunks of ${size}`).toEqual([
        { event: 'unread', data: '{"unreadCount":2}' },
        { event: 'unread', data: '{"unreadCount":3}' },
        { event: 'message', data: 'a\nb' },
      ]);
    }
  });
});
