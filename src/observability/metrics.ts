import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AccessEntry } from '../server/access-log.js';
import type { RequestInfo } from '../upstream/http/types.js';
import type { CircuitBreaker } from '../upstream/breaker.js';
import { observeBatches } from '../loaders/measured.js';

const BREAKER_STATE = { closed: 0, 'half-open': 1, open: 2 } as const;
/** Operation names are chosen by clients: only well-formed ones, and at most this many, become labels. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface Metrics {
  registry: Registry;
  /** One finished operation (from the access line). */
  operation(entry: AccessEntry): void;
  /** One upstream attempt (the HttpClient's `onRequest`). */
  upstream(info: RequestInfo): void;
  streamOpened(): void;
  streamClosed(): void;
  /** Prometheus text exposition. */
  expose(): Promise<{ contentType: string; body: string }>;
}

/**
 * The facade's Prometheus metrics, in their own registry: operations, upstream calls, breaker
 * state, DataLoader batch sizes, open streams, rate-limit refusals, and Node's process metrics.
 */
export function createMetrics(opts: { breakers?: Record<string, CircuitBreaker>; processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  const operations = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations by name, type and outcome code', labelNames: ['operation', 'type', 'outcome'], registers: [registry] });
  const opDuration = new Histogram({ name: 'graphql_operation_duration_seconds', help: 'Time from request to the end of its response', labelNames: ['operation', 'type', 'outcome'], buckets: seconds, registers: [registry] });
  const upstreamCalls = new Counter({ name: 'upstream_requests_total', help: 'Upstream attempts by upstream, route template, status and outcome', labelNames: ['upstream', 'route', 'status', 'outcome'], registers: [registry] });
  const upstreamDuration = new Histogram({ name: 'upstream_request_duration_seconds', help: 'Upstream attempt latency', labelNames: ['upstream', 'route', 'outcome'], buckets: seconds, registers: [registry] });
  const batches = new Histogram({ name: 'dataloader_batch_size', help: 'Keys per DataLoader batch', labelNames: ['loader'], buckets: [1, 2, 5, 10, 20, 50, 100], registers: [registry] });
  const streams = new Gauge({ name: 'graphql_open_streams', help: 'Open subscriptions and streamed replies', registers: [registry] });
  const refusals = new Counter({ name: 'rate_limit_refusals_total', help: 'Operations refused by the per-caller rate limit', registers: [registry] });
  const breakers = opts.breakers ?? {};
  new Gauge({
    name: 'upstream_circuit_breaker_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open',
    labelNames: ['upstream'],
    registers: [registry],
    collect() {
      for (const [name, b] of Object.entries(breakers)) this.set({ upstream: name }, BREAKER_STATE[b.state]);
    },
  });
  observeBatches((loader, size) => batches.observe({ loader }, size));

  const names = new Set<string>();
  const labelFor = (name: string) => {
    if (!OPERATION_NAME.test(name)) return 'other';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  return {
    registry,
    operation(e) {
      const labels = { operation: labelFor(e.operation), type: e.operationType, outcome: e.outcome };
      operations.inc(labels);
      opDuration.observe(labels, e.durationMs / 1000);
      if (e.outcome === 'RATE_LIMITED') refusals.inc();
    },
    upstream(info) {
      const route = info.operation;
      upstreamCalls.inc({ upstream: info.service, route, status: info.status === undefined ? 'none' : String(info.status), outcome: info.outcome });
      upstreamDuration.observe({ upstream: info.service, route, outcome: info.outcome }, info.durationMs / 1000);
    },
    streamOpened: () => streams.inc(),
    streamClosed: () => streams.dec(),
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
