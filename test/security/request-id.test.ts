import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startStack, type Stack } from '../support/stack.js';

/** x-request-id and traceparent: taken from the client when well-formed, passed to every upstream call. */
describe('correlation headers', () => {
  let proxy: FakeUpstream;
  let stack: Stack;
  let server: ReturnType<typeof createHttpServer>;
  let url: string;

  beforeAll(async () => {
    stack = await startStack({
      sumvinUrl: async (emulator) => {
        proxy = await startFakeUpstream(emulator);
        return proxy.url;
      },
    });
    server = createHttpServer(stack.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => server?.close(() => r()));
    await stack?.close();
    await proxy?.close();
  });

  async function post(headers: Record<string, string>) {
    proxy.requests.length = 0;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('alice')}`, ...headers },
      body: JSON.stringify({ query: '{ sessions(first: 1, provider: SUMVIN) { totalCount } }' }),
    });
    await res.arrayBuffer();
    return res;
  }

  it('forwards a well-formed request id and traceparent and echoes the id', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await post({ 'x-request-id': 'req-123', traceparent });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(proxy.requests.map((r) => [r.headers['x-request-id'], r.headers.traceparent])).toEqual([['req-123', traceparent]]);
  });

  it('replaces a malformed request id and drops a malformed traceparent', async () => {
    const res = await post({ 'x-request-id': 'bad id with spaces', traceparent: '00-zz-00-01' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(proxy.requests.map((r) => [r.headers['x-request-id'], r.headers.traceparent])).toEqual([[id, undefined]]);
  });

  it('gives each request its own id', async () => {
    const a = (await post({})).headers.get('x-request-id');
    const b = (await post({})).headers.get('x-request-id');
    expect(a).not.toBe(b);
  });
});
