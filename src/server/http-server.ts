import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { App } from './app.js';
import { HTTP_LIMITS } from './http-limits.js';
import type { OpsHandler } from './ops-routes.js';
import { accessEntry, type AccessEntry } from './access-log.js';
import { runInScope, type RequestScope } from './request-scope.js';
import type { Tracing } from '../observability/tracing.js';
import { runWithTrace, traceFrom } from '../upstream/trace.js';

export interface ServerOptions {
  maxBodyBytes?: number;
  maxMultipartBytes?: number;
  /** Operator endpoints (`/health`, `/ready`, `/metrics`), answered before anything else. */
  ops?: OpsHandler;
  /** Called once per request when its response is done (the access line). */
  onAccess?: (entry: AccessEntry) => void;
  /** A span per request, continuing the caller's `traceparent`. */
  tracing?: Pick<Tracing, 'startRequest' | 'endRequest'>;
}

function tooLarge(res: ServerResponse, limit: number, close: boolean): void {
  const body = JSON.stringify({
    errors: [{ message: `Request body is larger than ${limit} bytes.`, extensions: { code: 'BAD_USER_INPUT', retryable: false } }],
  });
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/**
 * Reads the request body up to `limit` bytes. A larger body is read on and thrown away up to
 * `discardCap` bytes, so that a client still sending gets the 413 instead of a reset; past the cap
 * the answer is sent at once and the connection closed.
 */
function readCapped(req: IncomingMessage, limit: number, discardCap: number): Promise<Buffer | 'too-large' | 'past-cap'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > discardCap) {
        req.off('data', onData);
        req.pause();
        resolve('past-cap');
        return;
      }
      if (size > limit) chunks.length = 0;
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The facade's HTTP server: caps request bodies before anything parses them and sets Node's own
 * timeouts. Requests with a declared length pass straight to yoga's Node adapter; a body without
 * one (chunked) is read here up to the cap first.
 */
export function createHttpServer(app: App, opts: ServerOptions = {}): Server {
  const maxBody = opts.maxBodyBytes ?? HTTP_LIMITS.maxBodyBytes;
  const maxMultipart = opts.maxMultipartBytes ?? HTTP_LIMITS.maxMultipartBytes;
  const discardCap = HTTP_LIMITS.maxDiscardBytes;
  const server = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeaderBytes }, (req, res) => {
    if (opts.ops?.(req, res)) return;
    const trace = traceFrom(req.headers, randomUUID);
    res.setHeader('x-request-id', trace['x-request-id']);
    const scope: RequestScope = { requestId: trace['x-request-id'], startedAt: Date.now(), upstreamCalls: 0 };
    if (opts.tracing) scope.otel = opts.tracing.startRequest(req.headers);
    if (opts.onAccess || opts.tracing) {
      res.once('close', () => {
        const entry = accessEntry(scope, res.statusCode, !res.writableFinished, Date.now());
        opts.onAccess?.(entry);
        if (scope.otel) opts.tracing?.endRequest(scope.otel.span, entry);
      });
    }
    void runInScope(scope, () => runWithTrace(trace, async () => {
      const method = req.method ?? 'GET';
      const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
      const limit = multipart ? maxMultipart : maxBody;
      const declared = Number(req.headers['content-length'] ?? '0');
      if (Number.isFinite(declared) && declared > limit) {
        const pastCap = declared > discardCap || (await readCapped(req, limit, discardCap)) === 'past-cap';
        tooLarge(res, limit, pastCap);
        return;
      }
      // A declared length within the limit bounds the body (Node's parser delivers no more than
      // it), so yoga may read it straight from the socket. No server context beside yoga's own
      // ({ req, res }, where the app reads the address): a second one is merged property by
      // property on every request.
      if (method === 'GET' || method === 'HEAD' || req.headers['content-length'] !== undefined) {
        await app.handle(req, res);
        return;
      }
      const remoteAddress = req.socket.remoteAddress ?? 'unknown';
      let body: Buffer | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const read = await readCapped(req, limit, discardCap);
        if (typeof read === 'string') {
          tooLarge(res, limit, read === 'past-cap');
          return;
        }
        body = read;
      }
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else headers.set(name, value);
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const response = await app.fetch(url, {
        method,
        headers,
        ...(body !== undefined && body.length > 0 ? { body: new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer> } : {}),
        signal: controller.signal,
      }, { remoteAddress });
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        outHeaders[name] = value;
      });
      const cookies = response.headers.getSetCookie?.() ?? [];
      if (cookies.length > 0) outHeaders['set-cookie'] = cookies;
      if (response.body && (response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        // A subscription: pass each event on as it comes.
        res.writeHead(response.status, outHeaders);
        res.flushHeaders();
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done || res.destroyed) break;
            if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
          }
        } finally {
          await reader.cancel().catch(() => undefined);
        }
        res.end();
        return;
      }
      // Other responses are single JSON documents (or the GraphiQL page): buffer, then send.
      const payload = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, outHeaders);
      res.end(payload);
    })).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"Unexpected error.","extensions":{"code":"INTERNAL","retryable":false}}]}');
      } else {
        res.destroy();
      }
    });
  });
  server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
  return server;
}
