import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startStack, type Stack } from '../support/stack.js';

/** F17: when the client goes away, the upstream calls made for it are cancelled. */
describe('client disconnect', () => {
  let fake: FakeUpstream;
  let stack: Stack;
  let server: ReturnType<typeof createHttpServer>;
  let url: string;
  let upstreamClosed: Promise<void>;
  let upstreamReached: Promise<void>;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    let reached!: () => void;
    let closed!: () => void;
    upstreamReached = new Promise((r) => (reached = r));
    upstreamClosed = new Promise((r) => (closed = r));
    // hold every request open; note when the facade gives up on it
    fake.behave((req) => {
      reached();
      req.socket.on('close', () => closed());
    });
    stack = await startStack({ sumvinUrl: fake.url, attemptMs: 60_000, operationTimeoutMs: 60_000 });
    server = createHttpServer(stack.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => server?.close(() => r()));
    await stack?.close();
    await fake?.close();
  });

  it('aborts the upstream call when the client aborts its request', async () => {
    const client = new AbortController();
    const pending = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('alice')}` },
      body: JSON.stringify({ query: '{ sessions(first: 1, provider: SUMVIN) { totalCount } }' }),
      signal: client.signal,
    }).catch((e: unknown) => e);
    await upstreamReached;
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    // resolves only if the facade closes its upstream request; the test times out otherwise
    await upstreamClosed;
    expect(fake.requests.map((r) => r.path)).toEqual(['/v0/chat/sessions?offset=0&limit=1']);
    // without cancellation the upstream request would stay open until the 15 s call budget ends
  }, 10_000);
});
