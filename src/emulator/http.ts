import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorControls } from './controls.js';

/** A request as the emulator routes see it; the body is read lazily with a size cap. */
export interface EmuRequest {
  method: string;
  /** Raw path, still percent-encoded, without the query string. */
  rawPath: string;
  /** Decoded path parameters from the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
  /** Reads the body as bytes; rejects with BodyTooLargeError above `limit` bytes. */
  bodyBytes(limit: number): Promise<Buffer>;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value (serialised), a string/Buffer (sent as is), or undefined for no body. */
  json?: unknown;
  body?: string | Buffer;
  /** For streaming responses (SSE): takes over the raw response. */
  stream?: (res: ServerResponse) => Promise<void> | void;
}

export type Handler = (req: EmuRequest) => Promise<EmuResponse> | EmuResponse;

export interface Route {
  method: string;
  /** Pattern like `/v0/chat/sessions/:session_id/messages`; `:name` matches one non-empty raw segment. */
  pattern: string;
  handler: Handler;
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

interface CompiledRoute extends Route {
  segments: string[];
}

function matchRoute(route: CompiledRoute, segments: string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = route.segments[i]!;
    const got = segments[i]!;
    if (want.startsWith(':')) {
      if (got === '') return null;
      let decoded: string;
      try {
        decoded = decodeURIComponent(got);
      } catch {
        decoded = got;
      }
      params[want.slice(1)] = decoded;
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}

export interface RouterOptions {
  routes: Route[];
  controls: EmulatorControls;
  /** Answer for a path no route matches. */
  notFound: (req: EmuRequest) => EmuResponse;
  /** Answer for a path that matches but with another method. */
  methodNotAllowed?: (req: EmuRequest) => EmuResponse;
  /** Answer when a handler throws unexpectedly (must not leak the stack). */
  internalError: (req: EmuRequest, err: unknown) => EmuResponse;
  /** Answer for injected failures without a raw body. */
  injectedFailure: (req: EmuRequest, status: number) => EmuResponse;
}

function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    raw.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(`body exceeds ${limit} bytes`));
        // keep draining so the client can read our answer
        raw.resume();
        return;
      }
      chunks.push(chunk);
    });
    raw.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    raw.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function send(res: ServerResponse, out: EmuResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    headers['content-type'] ??= 'application/json';
  } else if (out.body !== undefined) {
    payload = out.body;
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds a node:http server that routes, counts and injects faults for one emulator. */
export function createRouterServer(opts: RouterOptions): Server {
  const compiled: CompiledRoute[] = opts.routes.map((r) => ({ ...r, segments: r.pattern.split('/').slice(1) }));
  const server = createServer((raw, res) => {
    const url = raw.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    const method = (raw.method ?? 'GET').toUpperCase();
    const segments = rawPath.split('/').slice(1);
    let bodyConsumed = false;
    let bodyPromise: Promise<Buffer> | null = null;
    const req: EmuRequest = {
      method,
      rawPath,
      params: {},
      query,
      headers: raw.headers,
      raw,
      bodyBytes(limit: number) {
        bodyConsumed = true;
        bodyPromise ??= readBody(raw, limit);
        return bodyPromise;
      },
    };
    void (async () => {
      let route: CompiledRoute | undefined;
      let pathMatched = false;
      for (const r of compiled) {
        const params = matchRoute(r, segments);
        if (!params) continue;
        pathMatched = true;
        if (r.method === method) {
          route = r;
          req.params = params;
          break;
        }
      }
      const routeKey = route ? `${route.method} ${route.pattern}` : `${method} (unmatched)`;
      opts.controls.record(routeKey);
      const started = performance.now();
      res.once('finish', () => opts.controls.span(routeKey, started, performance.now()));
      const latency = opts.controls.latency();
      if (latency > 0) await sleep(latency);
      const failure = opts.controls.failureFor(routeKey);
      let out: EmuResponse;
      if (failure) {
        out =
          failure.body !== undefined
            ? {
                status: failure.status,
                body: failure.body,
                headers: { 'content-type': failure.contentType ?? 'text/plain', ...(failure.headers ?? {}) },
              }
            : { ...opts.injectedFailure(req, failure.status), headers: { ...(failure.headers ?? {}) } };
      } else if (!route) {
        out = pathMatched && opts.methodNotAllowed ? opts.methodNotAllowed(req) : opts.notFound(req);
      } else {
        try {
          out = await route.handler(req);
        } catch (err) {
          out = opts.internalError(req, err);
        }
      }
      if (out.stream) {
        await out.stream(res);
        return;
      }
      if (!bodyConsumed) raw.resume();
      send(res, out);
    })().catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"internal"}');
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Listens on host:port (0 = any free port) and resolves with the base URL. */
export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${h}:${addr.port}`;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
