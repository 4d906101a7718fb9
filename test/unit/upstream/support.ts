import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent, type Interceptable } from 'undici';
import { HttpClient } from '../../../src/upstream/http.js';
import type { ErrorMapper, HttpClientOptions, RequestInfo, UpstreamTransport } from '../../../src/upstream/http/types.js';

export const ORIGIN = 'http://upstream.test';
export const JSON_HEADERS = { 'content-type': 'application/json' };

export interface MockSetup {
  agent: MockAgent;
  pool: Interceptable;
  calls: RequestInfo[];
  /** What an upstream client is given: the mock origin, fast retries, no breaker, calls recorded. */
  transport(overrides?: Partial<UpstreamTransport>): UpstreamTransport;
  /** A bare `HttpClient` with `transport()` and the mapper given to `mockSetup`. */
  client(overrides?: Partial<HttpClientOptions>): HttpClient;
  close(): Promise<void>;
}

const noMapper: ErrorMapper = () => {
  throw new Error('this test gave mockSetup no error mapper');
};

/** A MockAgent that refuses real connections, plus an `HttpClient` factory with fast retries. */
export function mockSetup(service: 'sumvin' | 'eliza' = 'sumvin', mapError: ErrorMapper = noMapper): MockSetup {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const calls: RequestInfo[] = [];
  const transport = (overrides: Partial<UpstreamTransport> = {}): UpstreamTransport => ({
    baseUrl: ORIGIN,
    dispatcher: agent,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    breaker: false,
    onRequest: (info) => calls.push(info),
    ...overrides,
  });
  return {
    agent,
    pool,
    calls,
    transport,
    client: (overrides = {}) => new HttpClient({ ...transport(), service, mapError, ...overrides }),
    close: async () => {
      agent.assertNoPendingInterceptors();
      await agent.close();
    },
  };
}

/** What a mock interceptor saw. */
export interface Seen {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/**
 * Intercepts one call and records it; answers with `status` and `data` (JSON unless a string).
 */
export function intercept(
  pool: Interceptable,
  match: { method: string; path: string | ((path: string) => boolean) },
  status: number,
  data?: unknown,
  headers: Record<string, string> = JSON_HEADERS,
): Seen[] {
  const seen: Seen[] = [];
  pool.intercept({ method: match.method, path: match.path }).reply((opts) => {
    seen.push({
      path: opts.path,
      method: opts.method,
      headers: headersOf(opts.headers),
      body: typeof opts.body === 'string' ? JSON.parse(opts.body) : opts.body,
    });
    return {
      statusCode: status,
      data: data === undefined ? '' : typeof data === 'string' ? data : JSON.stringify(data),
      responseOptions: { headers },
    };
  });
  return seen;
}

export interface FakeServer {
  url: string;
  hits: number;
  close(): Promise<void>;
}

/** A real HTTP server on an ephemeral loopback port, for socket-level faults. */
export async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<FakeServer> {
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    handler(req, res, state.hits);
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Captures a rejection so several properties can be asserted by hand. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

