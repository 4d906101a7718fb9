/**
 * A loopback proxy in front of an Eliza server (real or emulated) for the agent-mutation tests:
 * it counts requests under the emulator's route keys (`POST /api/messaging/sessions/:sessionId/renew`)
 * and can answer a route with an error or hold its requests for a while before forwarding them
 * (the request still reaches the server: a write that the facade gave up on may have applied).
 */
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ElizaTap {
  url: string;
  counts(): Record<string, number>;
  resetCounts(): void;
  /** Every request on `route` answers `status` (not forwarded) until cleared. */
  fail(route: string, status: number): void;
  /** Requests on `route` wait `ms` before they are forwarded. */
  delay(route: string, ms: number): void;
  clear(): void;
  close(): Promise<void>;
}

const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function routeKeyOf(method: string, rawUrl: string): string {
  const path = rawUrl.split('?')[0]!;
  const pattern = path
    .split('/')
    .map((seg) => (UUID_SEGMENT.test(seg) ? ':sessionId' : seg))
    .join('/');
  return `${method} ${pattern}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startElizaTap(upstreamUrl: string): Promise<ElizaTap> {
  const target = new URL(upstreamUrl);
  const counters = new Map<string, number>();
  const failures = new Map<string, number>();
  const delays = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const headers = { ...req.headers, host: target.host, connection: 'close' };
    const out = httpRequest(
      // one connection per request: a streamed answer (which says keep-alive) must not leave its socket for reuse
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
      (upstream) => {
        if (res.destroyed) {
          upstream.resume();
          return;
        }
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('tap: upstream unreachable');
      } else {
        res.destroy();
      }
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = routeKeyOf(req.method ?? 'GET', req.url ?? '/');
      counters.set(key, (counters.get(key) ?? 0) + 1);
      const status = failures.get(key);
      if (status !== undefined) {
        const payload = JSON.stringify({
          error: { code: 'INTERNAL_SERVER_ERROR', message: 'An unexpected error occurred', timestamp: new Date().toISOString() },
        });
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
        return;
      }
      const body = Buffer.concat(chunks);
      const wait = delays.get(key) ?? 0;
      if (wait > 0) {
        const held = sleep(wait).then(() => forward(req, body, res));
        pending.add(held);
        void held.finally(() => pending.delete(held));
      } else {
        forward(req, body, res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(counters),
    resetCounts: () => counters.clear(),
    fail: (route, status) => void failures.set(route, status),
    delay: (route, ms) => void delays.set(route, ms),
    clear() {
      failures.clear();
      delays.clear();
    },
    /** Waits for held requests to be forwarded (so none reaches the server later), then stops. */
    async close() {
      await Promise.all([...pending]);
      await sleep(50);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
