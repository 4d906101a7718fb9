import { Pool } from 'undici';
import { UPSTREAM_DEFAULTS } from './limits.js';
import { parseBaseUrl } from './url.js';

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
