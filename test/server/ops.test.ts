/**
 * `/health` and `/ready` on the node server: unauthenticated, no data, GET/HEAD only. Ready means
 * the JWKS is loaded, both upstreams answered recently (or answer a probe now), every extra check
 * passes, and no shutdown has begun.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/auth/verify.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { createOpsServer, opsRoutes } from '../../src/server/ops-routes.js';
import { Readiness, UpstreamLiveness } from '../../src/server/readiness.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let server: Server;
let base: string;
let extraOk = true;
let sumvin: UpstreamLiveness;
let readiness: Readiness;

const listen = async (s: Server) => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  // maxAge 0: every readiness check probes
  sumvin = new UpstreamLiveness(`${stack.sumvin.url}/v0/chat/sessions`, 0);
  const eliza = new UpstreamLiveness(`${stack.elizaUrl}/api/messaging/sessions/health`, 60_000);
  readiness = new Readiness([
    { name: 'sumvin', check: (s) => sumvin.check(s) },
    { name: 'eliza', check: (s) => eliza.check(s) },
    { name: 'store', check: () => extraOk },
  ]);
  server = createHttpServer(stack.app, { ops: opsRoutes({ readiness }) });
  base = await listen(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stack.close();
});

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: res.status === 405 || init.method === 'HEAD' ? null : ((await res.json()) as Record<string, unknown>) };
}

describe('/health', () => {
  it('answers 200 without a token, and nothing about users', async () => {
    stack.resetCalls();
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(stack.calls().total).toBe(0);
  });

  it('refuses other methods', async () => {
    const res = await fetch(`${base}/health`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('/ready', () => {
  it('is 200 when every check passes, probing a stale upstream once', async () => {
    stack.resetCalls();
    expect(await get('/ready')).toEqual({ status: 200, body: { status: 'ready', checks: { sumvin: 'ok', eliza: 'ok', store: 'ok' } } });
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    // Eliza answered within its window: no second probe
    await get('/ready');
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions/health': 1 });
  });

  it('is 503 and names the failing check when an upstream fails its probe', async () => {
    stack.sumvin.controls.setFailure({ status: 503, rate: 1 });
    try {
      expect(await get('/ready')).toEqual({ status: 503, body: { status: 'not ready', checks: { sumvin: 'failing', eliza: 'ok', store: 'ok' } } });
    } finally {
      stack.sumvin.controls.setFailure(null);
    }
    expect((await get('/ready')).status).toBe(200);
  });

  it('is 503 when an extra check registered at start fails', async () => {
    extraOk = false;
    expect(await get('/ready')).toEqual({ status: 503, body: { status: 'not ready', checks: { sumvin: 'ok', eliza: 'ok', store: 'failing' } } });
    extraOk = true;
  });

  it('counts an upstream answer from normal traffic as recent', () => {
    const l = new UpstreamLiveness('http://127.0.0.1:9/never', 30_000, () => 1_000);
    l.record(401);
    expect(l.check(AbortSignal.timeout(1000))).toBe(true);
    const failing = new UpstreamLiveness('http://127.0.0.1:9/never', 30_000, () => 1_000);
    failing.record(503);
    failing.record(undefined);
    expect(failing.check(AbortSignal.timeout(1000))).toBeInstanceOf(Promise);
  });

  it('is served on its own port too, where nothing else is', async () => {
    const ops = createOpsServer(opsRoutes({ readiness }));
    const opsBase = await listen(ops);
    try {
      expect((await fetch(`${opsBase}/ready`)).status).toBe(200);
      expect((await fetch(`${opsBase}/graphql`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => ops.close(() => resolve()));
    }
  });
});

describe('JWKS readiness', () => {
  it('is false until the JWKS can be loaded, true once it is', async () => {
    let up = false;
    const jwksServer = createServer((_req, res) => {
      if (!up) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stack.idp.jwks));
    });
    const url = await listen(jwksServer);
    try {
      const verify = createVerifier({ jwks: { url: `${url}/jwks.json` } });
      expect(await verify.jwksReady!()).toBe(false);
      up = true;
      await new Promise((r) => setTimeout(r, 50));
      expect(await verify.jwksReady!()).toBe(true);
    } finally {
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    }
  });
});
