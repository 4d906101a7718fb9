import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher, FormData } from 'undici';
import type { ZodType } from 'zod';
import type { BreakerOutcome, CircuitBreaker, CircuitBreakerOptions } from '../breaker.js';
import type { Service, UpstreamError, UpstreamErrorKind } from '../../errors/classes.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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
  /** A smaller cap on this answer's body than the client's (a longer one is UPSTREAM_BAD_RESPONSE). */
  maxResponseBytes?: number;
}

/** A request by one of the `get/post/patch/delete` helpers: the method and template are their arguments. */
export type CallSpec = Omit<RequestSpec, 'method' | 'template'>;

/**
 * One helper per method. With a `schema`: the JSON body of any 2xx, parsed (a 204 is a bad
 * answer). Without one: nothing (a 204, or a 2xx body that is read and dropped).
 */
export interface Verb {
  <T>(template: string, spec: CallSpec & { schema: ZodType<T> }): Promise<T>;
  (template: string, spec?: CallSpec): Promise<void>;
}

export interface HttpVerbs {
  get: Verb;
  post: Verb;
  patch: Verb;
  delete: Verb;
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
  /** The upstream's reading of its non-2xx answers (its `map.ts`). */
  mapError: ErrorMapper;
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

/** What an upstream client is given to reach its upstream; it adds its own service name and error mapper. */
export type UpstreamTransport = Omit<HttpClientOptions, 'service' | 'mapError'>;

export type Attempt<T> =
  | { ok: true; value: T; status: number }
  | {
      ok: false;
      error: UpstreamError;
      status: number | undefined;
      retry: boolean;
      waitMs: number | undefined;
      breaker: BreakerOutcome;
    };

export type BodyExpectation<T> = { schema: ZodType<T> } | { schema: null };

/** How a streamed answer is accepted and read (`HttpClient.streamBody`). */
export interface StreamKind<T> {
  /** The `accept` header sent. */
  accept: string;
  /** Whether a 2xx answer's headers announce the expected kind of body. */
  accepts(headers: IncomingHttpHeaders): boolean;
  /** Longest silence between two chunks of the body. */
  idleTimeoutMs: number;
  /** Reads the body; its own limits apply. A failure should be an UpstreamError. */
  read(body: AsyncIterable<Uint8Array>): AsyncIterable<T>;
}
