import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ElizaClient } from '../../../../src/upstream/eliza/client.js';
import type { ElizaStreamEvent } from '../../../../src/upstream/eliza/types.js';
import { UpstreamError } from '../../../../src/errors/classes.js';
import { fakeServer, type FakeServer } from '../support.js';

const SESSION_ID = '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d';
const USER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const userMessage = {
  id: 'aaaa0000-1111-4222-8333-444455556666',
  channel_id: '5d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  message_server_id: '00000000-0000-0000-0000-000000000000',
  author_id: USER_ID,
  content: 'hello',
  created_at: 1704067800000,
  source_type: 'user',
  raw_message: { content: 'hello' },
  metadata: { sessionId: SESSION_ID },
};
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Resolves when the facade's side of the connection is gone. */
  closed: Promise<void>;
}

let server: FakeServer | undefined;
let pool: Pool | undefined;
afterEach(async () => {
  await pool?.close();
  await server?.close();
  server = undefined;
  pool = undefined;
});

/** A fake Eliza server whose one route is `handler`; records what each request carried. */
async function start(handler: (res: ServerResponse) => void, limits?: { idleTimeoutMs?: number; maxEventBytes?: number }) {
  const seen: Seen[] = [];
  server = await fakeServer((req, res) => {
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), closed });
      handler(res);
    });
  });
  pool = new Pool(server.url);
  const http = { baseUrl: server.url, dispatcher: pool, breaker: false as const, defaultHeaders: { 'x-api-key': 'k' } };
  return { seen, client: new ElizaClient({ http, ...(limits ? { streamLimits: limits } : {}) }) };
}

const eventStream = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
};

async function collect(stream: AsyncIterable<ElizaStreamEvent>): Promise<ElizaStreamEvent[]> {
  const out: ElizaStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected an UpstreamError');
}

describe('ElizaClient.streamMessage', () => {
  it('posts transport "sse" and maps user_message, chunk and done; the stream closes after done', async () => {
    const { seen, client } = await start((res) => {
      eventStream(res);
      res.write(sse('user_message', userMessage));
      res.write(': keep-alive\n\n');
      res.write(sse('chunk', { messageId: 'r1', chunk: 'Hi ', index: 0 }).replaceAll('\n', '\r\n'));
      res.write('event: chunk\ndata: {"messageId":"r1",');
      setTimeout(() => {
        res.write('"chunk":"there","index":1}\n\n');
        res.write(sse('done', { text: 'Hi there', thought: 'short', actions: ['REPLY'], source: 'x' }));
        // the server keeps the connection open: the client stops reading after `done`
      }, 20);
    });
    const events = await collect(
      client.streamMessage(SESSION_ID, { content: 'hello', metadata: { a: 1 }, attachments: [{ type: 'image', url: 'https://x.test/a.png' }] }),
    );
    expect(events).toEqual([
      {
        kind: 'userMessage',
        message: {
          id: userMessage.id,
          sessionId: SESSION_ID,
          content: 'hello',
          authorId: USER_ID,
          isAgent: false,
          createdAt: 1704067800000,
          metadata: { sessionId: SESSION_ID },
        },
      },
      { kind: 'chunk', index: 0, text: 'Hi ' },
      { kind: 'chunk', index: 1, text: 'there' },
      {
        kind: 'done',
        reply: {
          text: 'Hi there',
          thought: 'short',
          actions: ['REPLY'],
          raw: { text: 'Hi there', thought: 'short', actions: ['REPLY'], source: 'x' },
        },
      },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: `/api/messaging/sessions/${SESSION_ID}/messages`,
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', 'x-api-key': 'k' },
      body: { content: 'hello', transport: 'sse', metadata: { a: 1 }, attachments: [{ type: 'image', url: 'https://x.test/a.png' }] },
    });
    await seen[0]!.closed;
  });

  it('ends after an `error` event with its message', async () => {
    const { client } = await start((res) => {
      eventStream(res);
      res.end(sse('user_message', userMessage) + sse('error', { error: 'Agent failed' }));
    });
    const events = await collect(client.streamMessage(SESSION_ID, { content: 'hello' }));
    expect(events.map((e) => e.kind)).toEqual(['userMessage', 'error']);
    expect(events[1]).toEqual({ kind: 'error', message: 'Agent failed' });
  });

  it('maps a non-2xx answer like every other call, sent once', async () => {
    const { seen, client } = await start((res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'SESSION_NOT_FOUND', message: 'gone' } }));
    });
    const err = await upstreamError(collect(client.streamMessage(SESSION_ID, { content: 'hello' })));
    expect({ kind: err.kind, status: err.status, upstreamCode: err.upstreamCode, retryable: err.retryable }).toEqual({
      kind: 'NOT_FOUND',
      status: 404,
      upstreamCode: 'SESSION_NOT_FOUND',
      retryable: false,
    });
    expect(seen).toHaveLength(1);
  });

  it('never repeats a 5xx', async () => {
    const { seen, client } = await start((res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'x' } }));
    });
    const err = await upstreamError(collect(client.streamMessage(SESSION_ID, { content: 'hello' })));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen).toHaveLength(1);
  });

  it('refuses a 2xx that is not an event stream', async () => {
    const { client } = await start((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
    const err = await upstreamError(collect(client.streamMessage(SESSION_ID, { content: 'hello' })));
    expect({ kind: err.kind, mayHaveApplied: err.mayHaveApplied, retryable: err.retryable }).toEqual({
      kind: 'UPSTREAM_BAD_RESPONSE',
      mayHaveApplied: true,
      retryable: false,
    });
  });

  it('treats a malformed event, or an end before done, as a bad answer that may have applied', async () => {
    for (const body of [sse('user_message', userMessage) + sse('chunk', { chunk: 7 }), sse('user_message', userMessage)]) {
      const { client } = await start((res) => {
        eventStream(res);
        res.end(body);
      });
      const seenKinds: string[] = [];
      const err = await upstreamError(
        (async () => {
          for await (const e of client.streamMessage(SESSION_ID, { content: 'hello' })) seenKinds.push(e.kind);
        })(),
      );
      expect(seenKinds).toEqual(['userMessage']);
      expect({ kind: err.kind, status: err.status, mayHaveApplied: err.mayHaveApplied }).toEqual({
        kind: 'UPSTREAM_BAD_RESPONSE',
        status: 200,
        mayHaveApplied: true,
      });
      await pool?.close();
      await server?.close();
    }
    server = undefined;
    pool = undefined;
  });

  it('refuses an event over the cap and closes the connection', async () => {
    const { seen, client } = await start(
      (res) => {
        eventStream(res);
        res.write(sse('user_message', userMessage));
        res.write(`event: chunk\ndata: ${'x'.repeat(5000)}`);
      },
      { maxEventBytes: 1024 },
    );
    const err = await upstreamError(collect(client.streamMessage(SESSION_ID, { content: 'hello' })));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    await seen[0]!.closed;
  });

  it('times out when the upstream goes quiet between events, and closes the connection', async () => {
    const { seen, client } = await start(
      (res) => {
        eventStream(res);
        res.write(sse('user_message', userMessage));
      },
      { idleTimeoutMs: 100 },
    );
    const kinds: string[] = [];
    const err = await upstreamError(
      (async () => {
        for await (const e of client.streamMessage(SESSION_ID, { content: 'hello' })) kinds.push(e.kind);
      })(),
    );
    expect(kinds).toEqual(['userMessage']);
    expect({ kind: err.kind, retryable: err.retryable, mayHaveApplied: err.mayHaveApplied }).toEqual({
      kind: 'UPSTREAM_TIMEOUT',
      retryable: false,
      mayHaveApplied: true,
    });
    await seen[0]!.closed;
  });

  it('closes the connection when the consumer stops early', async () => {
    const { seen, client } = await start((res) => {
      eventStream(res);
      res.write(sse('user_message', userMessage));
      res.write(sse('chunk', { messageId: 'r1', chunk: 'Hi', index: 0 }));
    });
    for await (const e of client.streamMessage(SESSION_ID, { content: 'hello' })) {
      expect(e.kind).toBe('userMessage');
      break;
    }
    await seen[0]!.closed;
  });

  it('rejects with the abort reason and closes the connection when the signal aborts mid-stream', async () => {
    const { seen, client } = await start((res) => {
      eventStream(res);
      res.write(sse('user_message', userMessage));
    });
    const controller = new AbortController();
    const reason = new Error('caller gone');
    let caught: unknown;
    try {
      for await (const e of client.streamMessage(SESSION_ID, { content: 'hello' }, controller.signal)) {
        expect(e.kind).toBe('userMessage');
        controller.abort(reason);
      }
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(reason);
    await seen[0]!.closed;
  });
});
