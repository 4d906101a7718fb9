import type { Dispatcher, FormData } from 'undici';
import { CircuitBreaker, type BreakerOutcome, type BreakerTicket } from './breaker.js';
import { InvalidIdError, UpstreamError, type Service } from '../errors/classes.js';
import { abortError, attemptSignal, CallerAbort, throwIfCallerAborted } from './http/abort.js';
import { FORWARDABLE_HEADERS, isIdentityEncoding, UNSAFE_HEADER_VALUE } from './http/headers.js';
import { UPSTREAM_DEFAULTS } from './http/limits.js';
import { readResponse, type ResponseClient } from './http/response.js';
import { sleep } from './http/retry.js';
import { SSE_DEFAULTS, type SseEvent, type SseLimits } from './http/sse.js';
import { notAnEventStream, sseKind, streamFailure } from './http/stream.js';
import { transportFailure } from './http/transport-failure.js';
import type { Attempt, BodyExpectation, HttpClientOptions, HttpVerbs, RequestInfo, RequestSpec, StreamKind } from './http/types.js';
import { buildPath, buildQuery, parseBaseUrl } from './http/url.js';
import { verbs } from './http/verbs.js';
import { currentTrace, type TraceHeaders } from './trace.js';

/** One upstream's HTTP access, configured once: origin, pool, timeouts, retries, breaker, error mapper. */
export class HttpClient implements HttpVerbs {
  readonly service: Service;
  private readonly verbs = verbs((spec, expect) => this.execute(spec, expect));
  readonly get = this.verbs.get;
  readonly post = this.verbs.post;
  readonly patch = this.verbs.patch;
  readonly delete = this.verbs.delete;
  private readonly responses: ResponseClient;
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
    this.responses = { service: this.service, maxResponseBytes: this.maxResponseBytes, now: this.now, mapError: opts.mapError };
  }

  /** The `get/post/patch/delete` helpers with `headers` added to every call (e.g. one caller's credentials). */
  withHeaders(headers: Readonly<Record<string, string | undefined>>): HttpVerbs {
    return verbs((spec, expect) => this.execute(spec, expect), headers);
  }

  /**
   * Sends a request whose 2xx answer is a stream of server-sent events and yields its events.
   * Sent once, never retried. The head must arrive within the attempt timeout; after it, each
   * event within `limits.idleTimeoutMs` of the previous one, within the size caps; the caller's
   * signal bounds the whole. A non-2xx answer fails through the error mapper like any call.
   * Stopping the iteration, or the signal aborting, destroys the response body (the connection
   * closes). The trace headers are taken when this is called.
   */
  streamEvents(spec: RequestSpec & { limits?: Partial<SseLimits> }): AsyncGenerator<SseEvent, void, undefined> {
    return this.streamBody(spec, sseKind({ ...SSE_DEFAULTS, ...spec.limits }));
  }

  /** The breaker's permission for one attempt (null without a breaker); an open circuit fails at once. */
  private admit(operation: string, attempt: number): BreakerTicket | null {
    if (!this.breaker) return null;
    const ticket = this.breaker.acquire();
    if (ticket) return ticket;
    this.report({ operation, status: undefined, outcome: 'CIRCUIT_OPEN', durationMs: 0, attempt });
    throw new UpstreamError({ service: this.service, kind: 'UPSTREAM_UNAVAILABLE', upstreamCode: 'CIRCUIT_OPEN', retryable: true, operation });
  }

  private target(spec: RequestSpec): { operation: string; path: string } {
    const path = this.basePath + buildPath(spec.template, spec.params ?? {}, this.service) + buildQuery(spec.query);
    return { operation: `${spec.method} ${spec.template}`, path };
  }

  /** One streamed response (SSE, a JSON array, …), read as `kind` says, under the breaker and the head timer. */
  async *streamBody<T>(spec: RequestSpec, kind: StreamKind<T>, trace: TraceHeaders | undefined = currentTrace()): AsyncGenerator<T, void, undefined> {
    const { operation, path } = this.target(spec);
    const headers = { ...this.buildHeaders(spec, trace), accept: kind.accept };
    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    const write = spec.method !== 'GET';
    throwIfCallerAborted(spec.signal);
    const ticket = this.admit(operation, 1);
    const started = this.now();
    const head = attemptSignal(spec.signal, this.attemptMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path,
        method: spec.method,
        headers,
        body,
        signal: head.signal,
        headersTimeout: this.attemptMs,
        bodyTimeout: kind.idleTimeoutMs,
      });
    } catch (err) {
      head.dispose();
      if (spec.signal?.aborted) {
        this.settle(ticket, 'neutral', { operation, status: undefined, outcome: 'ABORTED', durationMs: this.now() - started, attempt: 1 });
        throw spec.signal.reason ?? abortError();
      }
      const failure = transportFailure<never>(this.service, err, spec, operation, head.timedOut());
      this.settle(ticket, failure.breaker, { operation, status: undefined, outcome: failure.error.kind, durationMs: this.now() - started, attempt: 1 });
      throw failure.error;
    }
    head.dispose();
    const { statusCode: status } = response;
    // From here the head timer no longer applies; only the caller's signal and the stream limits do.
    const bodyStream = response.body;
    const stop = () => {
      // an unread body reports its destruction as an error; nobody is listening any more
      bodyStream.on('error', () => undefined);
      bodyStream.destroy();
    };
    spec.signal?.addEventListener('abort', stop, { once: true });
    try {
      if (status < 200 || status >= 300) {
        const result = await readResponse(
          this.responses,
          spec,
          { schema: null },
          { operation, idempotent: false },
          response,
          spec.signal ?? new AbortController().signal,
        );
        const error = result.ok ? notAnEventStream(this.service, operation, status, write, 'unexpected status') : result.error;
        this.settle(ticket, result.ok ? 'success' : result.breaker, { operation, status, outcome: error.kind, durationMs: this.now() - started, attempt: 1 });
        throw error;
      }
      if (!kind.accepts(response.headers) || !isIdentityEncoding(response.headers)) {
        const error = notAnEventStream(this.service, operation, status, write, `response is not an uncompressed ${kind.accept} stream`);
        this.settle(ticket, 'success', { operation, status, outcome: error.kind, durationMs: this.now() - started, attempt: 1 });
        throw error;
      }
      this.settle(ticket, 'success', { operation, status, outcome: 'ok', durationMs: this.now() - started, attempt: 1 });
      try {
        yield* kind.read(bodyStream);
      } catch (err) {
        if (spec.signal?.aborted) throw spec.signal.reason ?? abortError();
        throw streamFailure(this.service, err, spec, operation, status);
      }
    } finally {
      spec.signal?.removeEventListener('abort', stop);
      if (!bodyStream.destroyed) stop();
    }
  }

  private async execute<T>(spec: RequestSpec, expect: BodyExpectation<T>): Promise<T> {
    const { operation, path } = this.target(spec);
    const headers = this.buildHeaders(spec);
    const body = spec.form ?? (spec.json === undefined ? undefined : JSON.stringify(spec.json));
    const idempotent = spec.method === 'GET';
    const started = this.now();
    const deadline = started + Math.max(this.budgetMs, spec.attemptMs ?? 0);

    for (let attempt = 1; ; attempt++) {
      throwIfCallerAborted(spec.signal);
      const ticket = this.admit(operation, attempt);
      const attemptStarted = this.now();
      const remaining = deadline - attemptStarted;
      const timeoutMs = Math.max(1, Math.min(spec.attemptMs ?? this.attemptMs, remaining));
      let result: Attempt<T>;
      try {
        result = await this.attempt(spec, expect, { operation, path, headers, body, timeoutMs, idempotent });
      } catch (err) {
        if (err instanceof CallerAbort) {
          this.settle(ticket, 'neutral', { operation, status: undefined, outcome: 'ABORTED', durationMs: this.now() - attemptStarted, attempt });
          throw err.reason;
        }
        ticket?.settle('neutral');
        throw err;
      }
      const durationMs = this.now() - attemptStarted;
      if (!result.ok && spec.signal?.aborted) {
        this.settle(ticket, 'neutral', { operation, status: result.status, outcome: 'ABORTED', durationMs, attempt });
        throw spec.signal.reason ?? abortError();
      }
      if (result.ok) {
        this.settle(ticket, 'success', { operation, status: result.status, outcome: 'ok', durationMs, attempt });
        return result.value;
      }
      this.settle(ticket, result.breaker, { operation, status: result.status, outcome: result.error.kind, durationMs, attempt });
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
    const { signal, timedOut, dispose } = attemptSignal(spec.signal, req.timeoutMs);
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
      return await readResponse(
        this.responses,
        spec,
        expect,
        req,
        response,
        signal,
      );
    } catch (err) {
      if (spec.signal?.aborted) throw new CallerAbort(spec.signal.reason ?? abortError());
      return transportFailure(this.service, err, spec, req.operation, timedOut());
    } finally {
      dispose();
      if (response && !response.body.destroyed && !response.body.readableEnded) response.body.destroy();
    }
  }

  private buildHeaders(spec: RequestSpec, trace: TraceHeaders | undefined = currentTrace()): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...trace, ...this.defaultHeaders };
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

  /** Ends one attempt: tells the breaker how it went and reports it. */
  private settle(ticket: BreakerTicket | null, outcome: BreakerOutcome, info: Omit<RequestInfo, 'service'>): void {
    ticket?.settle(outcome);
    this.report(info);
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
