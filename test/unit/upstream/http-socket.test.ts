import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError } from '../../../src/errors/classes.js';
import { HttpClient } from '../../../src/upstream/http.js';
import { createUpstreamPool } from '../../../src/upstream/http/pool.js';
import type { HttpClientOptions, StatusFailure } from '../../../src/upstream/http/types.js';
import { fakeServer, rejectionOf, type FakeServer } from './support.js';

const okSchema = z.object({ ok: z.literal(true) });
const mapError = (f: StatusFailure): UpstreamError =>
  new UpstreamError({ service: f.service, kind: 'UPSTREAM_UNAVAILABLE', status: f.status, retryable: true, operation: f.operation });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function serve(handler: Parameters<typeof fakeServer>[0]): Promise<FakeServer> {
  const server = await fakeServer(handler);
  cleanups.push(() => server.close());
  return server;
}

function clientFor(url: string, overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const pool: Pool = createUpstreamPool(url, { keepAliveTimeoutMs: 100 });
  cleanups.push(() => pool.destroy());
  return new HttpClient({
    service: 'eliza',
    mapError,
    baseUrl: url,
    dispatcher: pool,
    timeouts: { attemptMs: 150 },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    breaker: false,
    ...overrides,
  });
}

const getItem = (http: HttpClient, signal?: AbortSignal) =>
  http.get('/items', { schema: okSchema, signal });
const postItem = (http: HttpClient) =>
  http.post('/items', { json: { a: 1 }, schema: okSchema });

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('HttpClient over real sockets', () => {
  it('succeeds against a plain JSON server', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"ok":true}');
    });
    await expect(getItem(clientFor(server.url))).resolves.toEqual({ ok: true });
  });

  it('times out when headers stall, retrying the GET at most twice', async () => {
    const server = await serve(() => {
      // never answers
    });
    const started = performance.now();
    const err = await upstreamError(getItem(clientFor(server.url)));
    expect(err.kind).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(3);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('times out when the body stalls after a partial JSON prefix', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
    });
    const err = await upstreamError(getItem(clientFor(server.url, { retry: { maxRetries: 0 } })));
    expect(err.kind).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(1);
  });

  it('marks a POST that timed out as possibly applied and sends it once', async () => {
    const server = await serve(() => {
      // never answers
    });
    const err = await upstreamError(postItem(clientFor(server.url)));
    expect(err.kind).toBe('UPSTREAM_TIMEOUT');
    expect(err.mayHaveApplied).toBe(true);
    expect(server.hits).toBe(1);
  });

  it('stops reading a huge streamed body at the cap', async () => {
    const total = 50 * 1024 * 1024;
    let sent = 0;
    let closed = false;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => {
        closed = true;
      });
      res.write('{"ok":true,"pad":"');
      const chunk = 'x'.repeat(64 * 1024);
      const pump = (): void => {
        while (sent < total && !closed) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!closed) res.end('"}');
      };
      pump();
    });
    const err = await upstreamError(getItem(clientFor(server.url, { timeouts: { attemptMs: 2_000 } })));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(server.hits).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(total);
  });

  for (const framing of ['content-length', 'chunked'] as const) {
    it(`reads a body with ${framing}, and refuses one that is not valid UTF-8`, async () => {
      const good = Buffer.from('{"ok":true,"pad":"héllo ✓"}');
      const bad = Buffer.concat([Buffer.from('{"ok":true,"pad":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      let body = good;
      const server = await serve((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(framing === 'content-length' ? { 'content-length': String(body.length) } : {}),
        });
        res.write(body.subarray(0, 5));
        res.end(body.subarray(5));
      });
      await expect(getItem(clientFor(server.url))).resolves.toMatchObject({ ok: true });
      body = bad;
      const err = await upstreamError(getItem(clientFor(server.url)));
      expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    });
  }

  it('refuses a redirect; the second server sees nothing', async () => {
    const second = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `${second.url}/items` });
      res.end();
    });
    const err = await upstreamError(
      clientFor(first.url).get('/items', { headers: { 'x-juno-jwt': 'secret-token' }, schema: okSchema }),
    );
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.status).toBe(302);
    expect(first.hits).toBe(1);
    expect(second.hits).toBe(0);
  });

  it('retries a GET reset before the response, never a POST', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const getErr = await upstreamError(getItem(clientFor(server.url)));
    expect(getErr.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(server.hits).toBe(3);

    const postErr = await upstreamError(postItem(clientFor(server.url)));
    expect(postErr.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(postErr.mayHaveApplied).toBe(true);
    expect(server.hits).toBe(4);
  });

  it('gives no partial JSON when the connection drops mid-body', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":tr');
      setTimeout(() => req.socket.destroy(), 10);
    });
    const err = await upstreamError(getItem(clientFor(server.url, { retry: { maxRetries: 0 } })));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('fails fast when the connection is refused', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    const err = await upstreamError(postItem(clientFor(url, { timeouts: { attemptMs: 5_000 } })));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.mayHaveApplied).toBe(false);
  });

  it('aborts the upstream call when the caller goes away', async () => {
    let closed = false;
    const server = await serve((req) => {
      req.socket.on('close', () => {
        closed = true;
      });
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await rejectionOf(getItem(clientFor(server.url, { timeouts: { attemptMs: 5_000 } }), controller.signal));
    expect((err as Error).name).toBe('AbortError');
    expect(server.hits).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});
