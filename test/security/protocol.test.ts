/**
 * GraphQL-over-HTTP protocol abuse: malformed bodies and parameters, batching, GET mutations,
 * CSRF (simple requests without the preflight-forcing header), content negotiation, and the node
 * server's own caps (body 256 KiB → 413 before parsing, headers 16 KiB → 431, bad header bytes).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from '../../src/server/http-limits.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let token: string;
let server: Server;
let base: string;

beforeAll(async () => {
  stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  token = await stack.token('alice');
  server = createHttpServer(stack.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await stack.close();
});
afterEach(() => stack.resetCalls());

interface Answer {
  status: number;
  text: string;
  json: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

async function call(init: RequestInit & { path?: string }): Promise<Answer> {
  const res = await stack.app.fetch(`http://facade.test${init.path ?? '/graphql'}`, init);
  const text = await res.text();
  let json: Answer['json'] = null;
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

const auth = () => ({ authorization: `Bearer ${token}` });
const jsonPost = (body: string, headers: Record<string, string> = {}) =>
  call({ method: 'POST', headers: { 'content-type': 'application/json', ...auth(), ...headers }, body });

function expectBadRequest(a: Answer, status: number, message: RegExp): void {
  expect(a.status).toBe(status);
  expect(a.json?.data).toBeUndefined();
  expect(a.json?.errors).toHaveLength(1);
  expect(a.json!.errors![0]!.message).toMatch(message);
  expect(a.json!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
  expect(stack.calls().total).toBe(0);
}

describe('request bodies and parameters', () => {
  it('malformed JSON → 400 BAD_USER_INPUT, without echoing the body', async () => {
    const a = await jsonPost('{"query": "{ __typename }", "secret-marker');
    expectBadRequest(a, 400, /invalid JSON/);
    expect(a.text).not.toContain('secret-marker');
    expect(a.json!.errors![0]!.extensions).not.toHaveProperty('originalError');
  });

  it('empty body → 400', async () => {
    expectBadRequest(await jsonPost(''), 400, /invalid JSON/);
  });

  it('a JSON body that is not an object → 400', async () => {
    expectBadRequest(await jsonPost('"{ __typename }"'), 400, /expected to be object/);
    expectBadRequest(await jsonPost('42'), 400, /expected to be object/);
  });

  for (const [label, value] of [
    ['number', 1],
    ['object', { kind: 'Document' }],
    ['array', ['{ __typename }']],
    ['boolean', true],
  ] as const) {
    it(`query as ${label} → 400`, async () => {
      expectBadRequest(await jsonPost(JSON.stringify({ query: value })), 400, /"query" param to be a string/);
    });
  }

  it('missing query → BAD_USER_INPUT', async () => {
    const a = await jsonPost(JSON.stringify({ query: null }));
    expect(a.json!.errors![0]!.message).toMatch(/Must provide query string/);
    expect(a.json!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('variables as a string → 400', async () => {
    expectBadRequest(await jsonPost(JSON.stringify({ query: '{ __typename }', variables: '{}' })), 400, /"variables" param/);
  });

  it('extensions as a string → 400', async () => {
    expectBadRequest(await jsonPost(JSON.stringify({ query: '{ __typename }', extensions: 'x' })), 400, /"extensions" param/);
  });

  it('unknown parameter → 400', async () => {
    expectBadRequest(await jsonPost(JSON.stringify({ query: '{ __typename }', foo: 1 })), 400, /Unexpected parameter "foo"/);
  });

  it('operationName that matches no operation → 400', async () => {
    const a = await jsonPost(JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'C' }));
    expectBadRequest(a, 400, /Could not determine what operation to execute/);
  });

  it('array batching is refused', async () => {
    const op = { query: '{ sessions(first: 1) { totalCount } }' };
    expectBadRequest(await jsonPost(JSON.stringify([op, op])), 400, /Batching is not supported/);
  });

  it('a variable of the wrong type → 400 BAD_USER_INPUT', async () => {
    const a = await jsonPost(JSON.stringify({ query: 'query ($n: Int) { sessions(first: $n) { totalCount } }', variables: { n: 'ten' } }));
    expectBadRequest(a, 400, /Variable "\$n" got invalid value/);
  });

  it('a query field asked for as a subscription is refused', async () => {
    const a = await jsonPost(JSON.stringify({ query: 'subscription { sessions { totalCount } }' }));
    expect(a.json?.data).toBeUndefined();
    expect(a.json!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.calls().total).toBe(0);
  });

  it('a subscription sent by a client that does not accept text/event-stream is refused', async () => {
    const created = await jsonPost(JSON.stringify({ query: 'mutation { createAgentSession(input: { agentId: "6a979d09-1ed2-0632-8092-624ba27761eb" }) { session { id } } }' }));
    const id = (created.json!.data as { createAgentSession: { session: { id: string } } }).createAgentSession.session.id;
    stack.resetCalls();
    const query = `subscription { agentReply(input: { sessionId: "${id}", text: "hi" }) { __typename } }`;
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const a = await jsonPost(JSON.stringify({ query }), { accept });
      expect(a.status).toBe(406);
    }
    // the ownership checks ran, but the message was never sent: the stream is only opened when read
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions/:sessionId': 2 });
  });

  it('@defer and @stream are unknown directives', async () => {
    const a = await jsonPost(JSON.stringify({ query: '{ ... @defer { sessions(first: 1) { totalCount } } }' }));
    expectBadRequest(a, 200, /Unknown directive "@defer"/);
  });

  it('validation errors answer 400 to clients that accept application/graphql-response+json', async () => {
    const a = await jsonPost(JSON.stringify({ query: '{ nope }' }), { accept: 'application/graphql-response+json' });
    expectBadRequest(a, 400, /Cannot query field "nope"/);
  });
});

describe('GET and CSRF', () => {
  const get = (query: string, headers: Record<string, string>) =>
    call({ method: 'GET', path: `/graphql?query=${encodeURIComponent(query)}`, headers: { ...auth(), ...headers } });

  it('GET without the CSRF header → 403', async () => {
    const a = await get('{ sessions(first: 1) { totalCount } }', {});
    expectBadRequest(a, 403, /CSRF/);
  });

  it('GET with the CSRF header runs a query', async () => {
    const a = await get('{ sessions(first: 1, provider: SUMVIN) { totalCount } }', { 'x-graphql-yoga-csrf': '1' });
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ data: { sessions: { totalCount: 1 } } });
  });

  it('GET mutation → 405, nothing executed', async () => {
    const a = await get('mutation { __typename }', { 'x-graphql-yoga-csrf': '1' });
    expectBadRequest(a, 405, /mutation operation from a POST request/);
  });

  it('text/plain, form-urlencoded and multipart POSTs without the CSRF header → 403', async () => {
    const body = JSON.stringify({ query: '{ sessions(first: 1) { totalCount } }' });
    expectBadRequest(await call({ method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body }), 403, /CSRF/);
    expectBadRequest(
      await call({
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${encodeURIComponent('{ sessions(first: 1) { totalCount } }')}`,
      }),
      403,
      /CSRF/,
    );
    const form = new FormData();
    form.set('operations', body);
    form.set('map', '{}');
    expectBadRequest(await call({ method: 'POST', headers: auth(), body: form }), 403, /CSRF/);
  });
});

describe('content negotiation (GraphiQL and landing page off)', () => {
  it('Accept: text/html only → 406, no page', async () => {
    const a = await call({ method: 'GET', headers: { accept: 'text/html' } });
    expect(a.status).toBe(406);
    expect(a.text).not.toMatch(/<html/i);
  });

  it('Accept: application/xml only → 406', async () => {
    const a = await call({
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', accept: 'application/xml' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(a.status).toBe(406);
  });

  it('other paths → 404', async () => {
    const a = await call({ method: 'GET', path: '/', headers: { accept: 'text/html' } });
    expect(a.status).toBe(404);
    expect(a.text).not.toMatch(/<html/i);
  });
});

describe('the node server', () => {
  const q = JSON.stringify({ query: '{ sessions(first: 1, provider: SUMVIN) { totalCount } }' });

  async function post(body: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    return { status: res.status, text: await res.text() };
  }

  it('serves a normal request', async () => {
    const a = await post(q);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toEqual({ data: { sessions: { totalCount: 1 } } });
  });

  it('sets its own timeouts and header cap', () => {
    expect(server.requestTimeout).toBe(HTTP_LIMITS.requestTimeoutMs);
    expect(server.headersTimeout).toBe(HTTP_LIMITS.headersTimeoutMs);
    expect(server.maxHeadersCount === null || server.maxHeadersCount > 0).toBe(true);
    expect(HTTP_LIMITS.maxBodyBytes).toBe(256 * 1024);
    expect(HTTP_LIMITS.maxHeaderBytes).toBe(16 * 1024);
  });

  it('a body over 256 KiB with Content-Length → 413 before parsing', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(300 * 1024) } });
    const a = await post(big);
    expect(a.status).toBe(413);
    expect(JSON.parse(a.text).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.calls().total).toBe(0);
  });

  it('a chunked body over 256 KiB → 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const a = await post(stream);
    expect(a.status).toBe(413);
    expect(stack.calls().total).toBe(0);
  });

  it('a body just under the cap is parsed', async () => {
    const padding = 'x'.repeat(200 * 1024);
    const a = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: padding } }));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('deeply nested variables: parsed without a crash under the cap, stopped by it above', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const under = await post(`{"query":"{ __typename }","variables":{"v":${nested(100_000)}}}`);
    expect(under.status).toBe(200);
    expect(JSON.parse(under.text)).toEqual({ data: { __typename: 'Query' } });
    const over = await post(`{"query":"{ __typename }","variables":{"v":${nested(150_000)}}}`);
    expect(over.status).toBe(413);
  });

  /**
   * Sends `total` bytes in 64 KiB writes, each after the previous one drained, on one keep-alive
   * connection; then a second request on the same socket. Returns both statuses, whether the
   * client saw a socket error, and the first answer's `connection` header.
   */
  async function sendInChunks(total: number, headers: Record<string, string>): Promise<{ status: number; connection: string | undefined; error: string | null; next: number | null }> {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await new Promise<{ status: number; connection: string | undefined; error: string | null }>((resolve) => {
        const req = httpRequest(`${base}/graphql`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(total) } });
        let error: string | null = null;
        req.on('error', (e: NodeJS.ErrnoException) => {
          error = e.code ?? e.message;
          resolve({ status: 0, connection: undefined, error });
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, error }));
        });
        void (async () => {
          const chunk = Buffer.alloc(64 * 1024, 'x');
          for (let sent = 0; sent < total && !req.destroyed; sent += chunk.length) {
            const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
            if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
          }
          req.end();
        })();
      });
      if (first.status === 0 || first.connection === 'close') return { ...first, next: null };
      const next = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ query: '{ __typename }' });
        const req = httpRequest(`${base}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
      return { ...first, next };
    } finally {
      agent.destroy();
    }
  }

  it('a client still sending an oversize body gets the 413, and its connection stays usable', async () => {
    const a = await sendInChunks(2 * 1024 * 1024, { 'content-type': 'application/json', ...auth() });
    expect(a).toEqual({ status: 413, connection: 'keep-alive', error: null, next: 200 });
    expect(stack.calls().total).toBe(0);
  });

  it('a multipart body over its cap → 413 after it was sent', async () => {
    const a = await sendInChunks(HTTP_LIMITS.maxMultipartBytes + 1, { 'content-type': 'multipart/form-data; boundary=x', 'x-graphql-yoga-csrf': '1' });
    expect(a).toEqual({ status: 413, connection: 'keep-alive', error: null, next: 200 });
  });

  it(`a body declared larger than the discard cap (${HTTP_LIMITS.maxDiscardBytes} bytes) → 413 at once, then the connection closes`, async () => {
    const declared = HTTP_LIMITS.maxDiscardBytes + 1;
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(declared), 'x-graphql-yoga-csrf': '1' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on('error', reject);
      req.write('--x\r\n');
    });
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  it('headers over 16 KiB → 431', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/graphql`, { method: 'GET', headers: { 'x-filler': 'a'.repeat(17 * 1024) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect(stack.calls().total).toBe(0);
  });

  /** Sends raw bytes and returns the status line of the answer. */
  function raw(head: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      let data = '';
      socket.on('data', (d) => {
        data += d.toString('latin1');
      });
      socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
      socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
      socket.write(head);
    });
  }

  for (const [label, value] of [
    ['NUL', 'org\u0000x:env'],
    ['a bare CR', 'org\rx:env'],
  ] as const) {
    it(`a header value with ${label} is refused by the HTTP parser, no upstream call`, async () => {
      const body = '{"query":"{ sessions(first: 1) { totalCount } }"}';
      const line = await raw(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\n` +
          `x-juno-orgid: ${value}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(line).toMatch(/^HTTP\/1\.1 400/);
      expect(stack.calls().total).toBe(0);
    });
  }

  it('keeps serving after all of that', async () => {
    const a = await post(q);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toEqual({ data: { sessions: { totalCount: 1 } } });
  });
});
