import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher, type FormData } from 'undici';
import type { ZodType } from 'zod';
import { CircuitBreaker, type BreakerOutcome, type CircuitBreakerOptions } from './breaker.js';
import { InvalidIdError, UpstreamError, type Service, type UpstreamErrorKind } from './errors.js';
import { currentTrace } from './trace.js';

/** Limits from the reliability policy, in one place. */
export const UPSTREAM_DEFAULTS = {
  connections: 100,
  connectTimeoutMs: 2_000,
  keepAliveTimeoutMs: 4_000,
  keepAliveMaxTimeoutMs: 60_000,
  attemptMs: 5_000,
  budgetMs: 15_000,
  maxResponseBytes: 2 * 1024 * 1024,
  maxErrorBodyBytes: 64 * 1024,
  maxRetries: 2,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
} as const;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface UpstreamPoolOptions {
  /** Connections per host; capped at 100. */
  connections?: number;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  keepAliveMaxTimeoutMs?: number;
  /** Headers and body timeouts of the pool; the per-attempt signal of `HttpClient` applies too. */
  attemptMs?: number;
}

/**
 * One connection pool per upstream origin, created once at start-up and injected into the
 * `HttpClient`. Redirects are never followed: no redirect interceptor is composed onto it.
 */
export function createUpstreamPool(baseUrl: string, opts: UpstreamPoolOptions = {}): Pool {
  const origin = parseBaseUrl(baseUrl).origin;
  return new Pool(origin, {
    connections: Math.min(opts.connections ?? UPSTREAM_DEFAULTS.connections, UPSTREAM_DEFAULTS.connections),
    connect: { timeout: opts.connectTimeoutMs ?? UPSTREAM_DEFAULTS.connectTimeoutMs },
    keepAliveTimeout: opts.keepAliveTimeoutMs ?? UPSTREAM_DEFAULTS.keepAliveTimeoutMs,
    keepAliveMaxTimeout: opts.keepAliveMaxTimeoutMs ?? UPSTREAM_DEFAULTS.keepAliveMaxTimeoutMs,
    headersTimeout: opts.attemptMs ?? UPSTREAM_DEFAULTS.attemptMs,
    bodyTimeout: opts.attemptMs ?? UPSTREAM_DEFAULTS.attemptMs,
  });
}

// ---------------------------------------------------------------------------------------------
// Paths

const FORBIDDEN_IN_SEGMENT = /[/\\%?#\u0000-\u001f\u007f]/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const PROBE_ORIGIN = 'http://upstream.invalid';

/**
 * Builds a request path from a fixed template such as `/v0/chat/sessions/{session_id}/messages`.
 * Every `{name}` must be a whole segment; each value is checked, percent-encoded, and the result
 * must still sit under the template's static prefix with the same number of segments.
 * Throws `InvalidIdError` otherwise. Service-specific id rules (UUID form, length) are checked
 * by the clients before this.
 */
export function buildPath(template: string, params: Readonly<Record<string, string>>, service: Service): string {
  if (!template.startsWith('/')) throw new Error(`path template must start with "/": ${template}`);
  const templateSegments = template.split('/');
  const out: string[] = [];
  for (const segment of templateSegments) {
    const match = PLACEHOLDER.exec(segment);
    if (!match) {
      if (segment.includes('{') || segment.includes('}')) throw new Error(`bad path template: ${template}`);
      out.push(segment);
      continue;
    }
    const name = match[1] as string;
    const value: unknown = params[name];
    if (typeof value !== 'string') throw new InvalidIdError(service, name, 'missing');
    checkSegment(service, name, value);
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      throw new InvalidIdError(service, name, 'not valid Unicode');
    }
    out.push(encoded);
  }
  const path = out.join('/');
  const brace = template.indexOf('{');
  const prefix = brace === -1 ? template : template.slice(0, brace);
  let resolved: string;
  try {
    resolved = new URL(path, PROBE_ORIGIN).pathname;
  } catch {
    throw new InvalidIdError(service, 'path', 'does not form a valid path');
  }
  if (!path.startsWith(prefix) || resolved !== path || path.split('/').length !== templateSegments.length) {
    throw new InvalidIdError(service, 'path', 'escapes its template');
  }
  return path;
}

function checkSegment(service: Service, name: string, value: string): void {
  if (value.length === 0) throw new InvalidIdError(service, name, 'empty');
  if (value.trim().length === 0) throw new InvalidIdError(service, name, 'blank');
  if (/^\.+$/.test(value)) throw new InvalidIdError(service, name, 'dot segment');
  if (FORBIDDEN_IN_SEGMENT.test(value)) throw new InvalidIdError(service, name, 'forbidden character');
}

function parseBaseUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('upstream base URL must be http(s)');
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('upstream base URL must not carry credentials, a query or a fragment');
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Headers a client may set per call. Anything else (cookie, authorization, x-api-key, ...) is dropped. */
export const FORWARDABLE_HEADERS: ReadonlySet<string> = new Set([
  'x-juno-jwt',
  'x-juno-orgid',
  'x-request-id',
  'traceparent',
  'accept',
  'content-type',
]);

const UNSAFE_HEADER_VALUE = /[\r\n\u0000]/;

// ---------------------------------------------------------------------------------------------
// Requests

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** What the client's error mapper receives for a non-2xx answer. */
export interface StatusFailure {
  service: Service;
  operation: string;
  method: HttpMethod;
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body when the answer was JSON and small enough; otherwise undefined. */
  body: unknown;
  /** From `Retry-After` (seconds or HTTP-date) or `RateLimit-Reset` (seconds), when present. */
  retryAfterMs: number | undefined;
}

export type ErrorMapper = (failure: StatusFailure) => UpstreamError;

export interface RequestSpec {
  method: HttpMethod;
  /** Fixed path template; `{name}` segments are filled from `params` by `buildPath`. */
  template: string;
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON request body. */
  json?: unknown;
  /** Multipart request body (content type and boundary are set by undici). */
  form?: FormData;
  /** Per-call headers; only `FORWARDABLE_HEADERS` pass. */
  headers?: Readonly<Record<string, string | undefined>>;
  /** The caller's signal (client disconnect, operation deadline). */
  signal?: AbortSignal | undefined;
  /** Overrides the per-attempt timeout for slow calls. */
  attemptMs?: number;
  mapError: ErrorMapper;
}

export interface RequestInfo {
  service: Service;
  /** Method and path template, e.g. `GET /v0/chat/sessions/{session_id}`. */
  operation: string;
  /** HTTP status when the upstream answered. */
  status: number | undefined;
  /** `ok`, an error kind, `ABORTED` (caller went away) or `CIRCUIT_OPEN`. */
  outcome: 'ok' | UpstreamErrorKind | 'ABORTED' | 'CIRCUIT_OPEN';
  durationMs: number;
  /** 1 for the first try. */
  attempt: number;
}

export interface RetryOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface HttpClientOptions {
  service: Service;
  /** Origin (and optional base path) of the upstream, from configuration only. */
  baseUrl: string;
  /** A pool from `createUpstreamPool`, or any dispatcher (tests use `MockAgent`). */
  dispatcher: Dispatcher;
  timeouts?: { attemptMs?: number };
  /** Time one call may take across all its attempts and waits. */
  budgetMs?: number;
  maxResponseBytes?: number;
  retry?: RetryOptions;
  /** Trusted headers sent on every call (e.g. the Eliza `X-API-KEY`); never taken from callers. */
  defaultHeaders?: Readonly<Record<string, string>>;
  /** A shared breaker, options for a new one, or `false` for none. Default: a new breaker. */
  breaker?: CircuitBreaker | CircuitBreakerOptions | false;
  /** Called once per attempt; must not throw. Carries no headers or bodies. */
  onRequest?: (info: RequestInfo) => void;
  now?: () => number;
  random?: () => number;
}

type Attempt<T> =
  | { ok: true; value: T; status: number }
  | {
      ok: false;
      error: UpstreamError;
      status: number | undefined;
      retry: boolean;
      waitMs: number | undefined;
      breaker: BreakerOutcome;
    };

/** Raised inside an attempt when the caller's own signal fired; rethrown as the caller's reason. */
class CallerAbort {
  constructor(readonly reason: unknown) {}
}

/** The body was over the cap or not valid UTF-8. */
class BadBody extends Error {
  override name = 'BadBody';
}

type BodyExpectation<T> = { schema: ZodType<T> } | { schema: null };

export class HttpClient {
  readonly service: Service;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly dispatcher: Dispatcher;
  private readonly attemptMs: number;
  private readonly budgetMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly defaultHeaders: Record<string, string>;
  private readonly breaker: CircuitBreaker | null;
  private readonly onRequest: ((info: RequestInfo) => void) | undefined;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(opts: HttpClientOptions) {
    const url = parseBaseUrl(opts.baseUrl);
    this.service = opts.service;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.dispatcher = opts.dispatcher;
    this.attemptMs = opts.timeouts?.attemptMs ?? UPSTREAM_DEFAULTS.attemptMs;
    this.budgetMs = opts.budgetMs ?? UPSTREAM_DEFAULTS.budgetMs;
    this.maxResponseBytes = opts.maxResponseBytes ?? UPSTREAM_DEFAULTS.maxResponseBytes;
    this.maxRetries = opts.retry?.maxRetries ?? UPSTREAM_DEFAULTS.maxRetries;
    this.baseDelayMs = opts.retry?.baseDelayMs ?? UPSTREAM_DEFAULTS.baseDelayMs;
    this.maxDelayMs = opts.retry?.maxDelayMs ?? UPSTREAM_DEFAULTS.maxDelayMs;
    this.defaultHeaders = {};
    for (const [name, value] of Object.entries(opts.defaultHeaders ?? {})) {
      if (UNSAFE_HEADER_VALUE.test(value)) throw new Error(`default header ${name} has an unsafe value`);
      this.defaultHeaders[name.toLowerCase()] = value;
    }
    if (opts.breaker instanceof CircuitBreaker) this.breaker = opts.breaker;
    else if (opts.breaker === false) this.breaker = null;
    else this.breaker = new CircuitBreaker({ now: opts.now, ...opts.breaker });
    this.onRequest = opts.onRequest;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** Sends a request and parses a JSON answer with `schema`. Any 2xx is success; 204 is not accepted here. */
  requestJson<T>(spec: RequestSpec & { schema: ZodType<T> }): Promise<T> {
    return this.execute(spec, { schema: spec.schema });
  }

  /** Sends a request whose answer body is not needed (204, or a 2xx body that is read and dropped). */
  async requestEmpty(spec: RequestSpec): Promise<void> {
    await this.execute<undefined>(spec, { schema: null });
  }

  private async execute<T>(spec: RequestSpec, expect: BodyExpectation<T>): Promise<T> {
    const operation = `${spec.method} ${spec.template}`;
    const path = this.basePath + buildPath(spec.template, spec.params ?? {}, this.service) + buildQuery(spec.query);
    const headers = this.buildHeaders(spec);
    const body = spec.form ?? (spec.json === undefined ? undefined : JSON.stringify(spec.json));
    const idempotent = spec.method === 'GET';
    const started = this.now();
    const deadline = started + Math.max(this.budgetMs, spec.attemptMs ?? 0);

    for (let attempt = 1; ; attempt++) {
      throwIfCallerAborted(spec.signal);
      const ticket = this.breaker ? this.breaker.acquire() : null;
      if (this.breaker && !ticket) {
        this.report({ operation, status: undefined, outcome: 'CIRCUIT_OPEN', durationMs: 0, attempt });
        throw new UpstreamError({
          service: this.service,
          kind: 'UPSTREAM_UNAVAILABLE',
          upstreamCode: 'CIRCUIT_OPEN',
          retryable: true,
          operation,
        });
      }
      const attemptStarted = this.now();
      const remaining = deadline - attemptStarted;
      const timeoutMs = Math.max(1, Math.min(spec.attemptMs ?? this.attemptMs, remaining));
      let result: Attempt<T>;
      try {
        result = await this.attempt(spec, expect, { operation, path, headers, body, timeoutMs, idempotent });
      } catch (err) {
        if (err instanceof CallerAbort) {
          ticket?.settle('neutral');
          this.report({ operation, status: undefined, outcome: 'ABORTED', durationMs: this.now() - attemptStarted, attempt });
          throw err.reason;
        }
        ticket?.settle('neutral');
        throw err;
      }
      const durationMs = this.now() - attemptStarted;
      if (!result.ok && spec.signal?.aborted) {
        ticket?.settle('neutral');
        this.report({ operation, status: result.status, outcome: 'ABORTED', durationMs, attempt });
        throw spec.signal.reason ?? abortError();
      }
      if (result.ok) {
        ticket?.settle('success');
        this.report({ operation, status: result.status, outcome: 'ok', durationMs, attempt });
        return result.value;
      }
      ticket?.settle(result.breaker);
      this.report({ operation, status: result.status, outcome: result.error.kind, durationMs, attempt });
      if (!result.retry || attempt > this.maxRetries) throw result.error;
      const waitMs = result.waitMs ?? this.backoff(attempt);
      if (waitMs >= deadline - this.now()) throw result.error;
      await sleep(waitMs, spec.signal);
    }
  }

  private async attempt<T>(
    spec: RequestSpec,
    expect: BodyExpectation<T>,
    req: {
      operation: string;
      path: string;
      headers: Record<string, string>;
      body: string | FormData | undefined;
      timeoutMs: number;
      idempotent: boolean;
    },
  ): Promise<Attempt<T>> {
    const timer = new AbortController();
    const handle = setTimeout(
      () => timer.abort(new DOMException('upstream attempt timed out', 'TimeoutError')),
      req.timeoutMs,
    );
    const signal = spec.signal ? AbortSignal.any([spec.signal, timer.signal]) : timer.signal;
    let response: Dispatcher.ResponseData | undefined;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path: req.path,
        method: spec.method,
        headers: req.headers,
        body: req.body,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      return await this.readResponse(spec, expect, req, response, signal);
    } catch (err) {
      if (spec.signal?.aborted) throw new CallerAbort(spec.signal.reason ?? abortError());
      return this.transportFailure(err, spec, req.operation, timer.signal.aborted);
    } finally {
      clearTimeout(handle);
      if (response && !response.body.destroyed && !response.body.readableEnded) response.body.destroy();
    }
  }

  private async readResponse<T>(
    spec: RequestSpec,
    expect: BodyExpectation<T>,
    req: { operation: string; idempotent: boolean },
    response: Dispatcher.ResponseData,
    signal: AbortSignal,
  ): Promise<Attempt<T>> {
    const { statusCode: status, headers, body } = response;
    const bad = (detail: string, cause?: unknown): Attempt<T> => ({
      ok: false,
      error: new UpstreamError({
        service: this.service,
        kind: 'UPSTREAM_BAD_RESPONSE',
        status,
        retryable: false,
        operation: req.operation,
        cause: cause ?? new Error(detail),
      }),
      status,
      retry: false,
      waitMs: undefined,
      breaker: 'success',
    });

    if (status >= 200 && status < 300) {
      if (expect.schema === null) {
        await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
        return { ok: true, value: undefined as T, status };
      }
      if (status === 204) {
        await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
        return bad('204 where a body was expected');
      }
      if (!isIdentityEncoding(headers)) {
        await discard(body, signal);
        return bad('compressed response');
      }
      if (!isJson(headers)) {
        await discard(body, signal);
        return bad('response is not JSON');
      }
      let text: string;
      try {
        text = await readCapped(body, headers, this.maxResponseBytes);
      } catch (err) {
        if (err instanceof BadBody) return bad('response body rejected', err);
        throw err;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        return bad('malformed JSON', err);
      }
      const parsed = expect.schema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code}`);
        return bad(`unexpected response shape (${where.join('; ')})`);
      }
      return { ok: true, value: parsed.data, status };
    }

    if (status >= 300 && status < 400) {
      // Redirects are refused: following one would carry the caller's token to another host.
      await discard(body, signal);
      return bad(`redirect ${status} refused`);
    }

    if (status < 200) {
      await discard(body, signal);
      return bad(`unexpected status ${status}`);
    }

    let errorBody: unknown;
    if (isJson(headers) && isIdentityEncoding(headers)) {
      try {
        errorBody = JSON.parse(await readCapped(body, headers, UPSTREAM_DEFAULTS.maxErrorBodyBytes));
      } catch (err) {
        if (!(err instanceof BadBody || err instanceof SyntaxError)) throw err;
        errorBody = undefined;
      }
    } else {
      await discard(body, signal);
    }
    const retryAfterMs = parseRetryAfter(headers, this.now());
    const error = spec.mapError({
      service: this.service,
      operation: req.operation,
      method: spec.method,
      status,
      headers,
      body: errorBody,
      retryAfterMs,
    });
    const retryStatus = status === 429 || status === 502 || status === 503 || status === 504;
    return {
      ok: false,
      error,
      status,
      retry: req.idempotent && retryStatus,
      waitMs: status === 429 || status === 503 ? retryAfterMs : undefined,
      breaker: status >= 500 ? 'failure' : 'success',
    };
  }

  private transportFailure<T>(
    err: unknown,
    spec: RequestSpec,
    operation: string,
    attemptTimedOut: boolean,
  ): Attempt<T> {
    const code = errorCode(err);
    const write = spec.method !== 'GET';
    let kind: UpstreamErrorKind;
    let notSent = false;
    // Only failures recognised as transient are repeated; anything unknown fails once.
    let transient = true;
    if (attemptTimedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
      kind = 'UPSTREAM_TIMEOUT';
      notSent = code === 'UND_ERR_CONNECT_TIMEOUT';
    } else if (code !== undefined && NOT_SENT_CODES.has(code)) {
      kind = 'UPSTREAM_UNAVAILABLE';
      notSent = true;
    } else if (code !== undefined && NETWORK_CODES.has(code)) {
      kind = 'UPSTREAM_UNAVAILABLE';
    } else if (code !== undefined && (code.startsWith('HPE_') || BAD_RESPONSE_CODES.has(code))) {
      kind = 'UPSTREAM_BAD_RESPONSE';
      transient = false;
    } else {
      kind = 'UPSTREAM_UNAVAILABLE';
      transient = false;
    }
    const error = new UpstreamError({
      service: this.service,
      kind,
      retryable: transient,
      mayHaveApplied: write && !notSent,
      operation,
      cause: err,
    });
    return {
      ok: false,
      error,
      status: undefined,
      retry: !write && transient,
      waitMs: undefined,
      breaker: transient ? 'failure' : kind === 'UPSTREAM_BAD_RESPONSE' ? 'success' : 'neutral',
    };
  }

  private buildHeaders(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...currentTrace(), ...this.defaultHeaders };
    for (const [rawName, value] of Object.entries(spec.headers ?? {})) {
      const name = rawName.toLowerCase();
      if (value === undefined || !FORWARDABLE_HEADERS.has(name)) continue;
      if (UNSAFE_HEADER_VALUE.test(value)) throw new InvalidIdError(this.service, name, 'unsafe header value');
      headers[name] = value;
    }
    if (spec.form) delete headers['content-type'];
    else if (spec.json !== undefined) headers['content-type'] = 'application/json';
    else delete headers['content-type'];
    return headers;
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * cap);
  }

  private report(info: Omit<RequestInfo, 'service'>): void {
    if (!this.onRequest) return;
    try {
      this.onRequest({ service: this.service, ...info });
    } catch {
      // observability must never break a call
    }
  }
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const BAD_RESPONSE_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCode(cause) : undefined;
}

function throwIfCallerAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? abortError();
}

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') search.append(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean') search.append(name, String(value));
    else for (const item of value) search.append(name, item);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isJson(headers: IncomingHttpHeaders): boolean {
  const type = headerValue(headers, 'content-type');
  if (!type) return false;
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'));
}

function isIdentityEncoding(headers: IncomingHttpHeaders): boolean {
  const encoding = headerValue(headers, 'content-encoding')?.trim().toLowerCase();
  return !encoding || encoding === 'identity';
}

/**
 * `Retry-After` as delay-seconds or an HTTP-date, else `RateLimit-Reset` as delay-seconds.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: IncomingHttpHeaders, now: number): number | undefined {
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headerValue(headers, 'ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  headers: IncomingHttpHeaders,
  cap: number,
): Promise<string> {
  const declared = Number(headerValue(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    body.destroy();
    throw new BadBody(`declared length ${declared} over cap ${cap}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > cap) {
      body.destroy();
      throw new BadBody(`body over cap ${cap}`);
    }
    chunks.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch (err) {
    throw new BadBody('body is not valid UTF-8', { cause: err });
  }
}

async function discard(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<void> {
  try {
    await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
  } catch {
    body.destroy();
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(handle);
      reject(signal?.reason ?? abortError());
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
