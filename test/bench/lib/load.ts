/** A bounded-concurrency load loop over undici Pools, and the latency figures it reports. */
import { performance } from 'node:perf_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';

export interface LoadOptions {
  /** Requests in flight at once (one worker each). */
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The first error seen, to say what went wrong. */
  firstError?: string;
}

export type Operation = () => Promise<void>;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Runs `op` from `connections` workers until the duration is over; requests in flight then
 * finish and count. Latency is recorded for successful requests only.
 */
export async function runLoad(op: Operation, opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const elapsedMs = performance.now() - start;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length + errors,
    errors,
    elapsedMs,
    rps: (latencies.length + errors) / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

export function loadPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

/** One request whose body is always read; non-2xx answers throw. */
export async function call(
  pool: Pool,
  req: { method: 'GET' | 'POST'; path: string; headers: IncomingHttpHeaders; body?: string },
): Promise<string> {
  const res = await pool.request({ method: req.method, path: req.path, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`${req.method} ${req.path.split('?')[0]} → ${res.statusCode} ${text.slice(0, 160)}`);
  return text;
}

/** A GraphQL request to the facade; any `errors` entry in the answer counts as a failure. */
export function graphqlOp(pool: Pool, path: string, token: string, query: string, variables?: Record<string, unknown>): Operation {
  const body = JSON.stringify({ query, ...(variables ? { variables } : {}) });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return async () => {
    const text = await call(pool, { method: 'POST', path, headers, body });
    if (text.includes('"errors"')) throw new Error(`GraphQL errors: ${text.slice(0, 200)}`);
  };
}
