/**
 * `/metrics` after real traffic through the node server: operations by name, type and outcome
 * with latency histograms; upstream attempts by upstream, route template and status (matching the
 * emulators' own counts); breaker state; DataLoader batch sizes; open streams; rate-limit refusals.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { createVerifier } from '../../src/auth/verify.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { opsRoutes } from '../../src/server/ops-routes.js';
import { Readiness } from '../../src/server/readiness.js';
import { endOnShutdown } from '../../src/server/stream-shutdown.js';
import { createClients } from '../../src/upstream/clients.js';

let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let upstream: ReturnType<typeof createClients>;
let metrics: Metrics;
let server: Server;
let base: string;
let token: string;

beforeAll(async () => {
  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience, seed: { users: ['alice'], sessionsPerUser: 3, messagesPerSession: 1 } });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0 });
  upstream = createClients({ sumvinUrl: sumvin.url, elizaUrl: eliza.url, onRequest: (info) => metrics.upstream(info) });
  metrics = createMetrics({ breakers: upstream.breakers, processMetrics: false });
  const app = createApp({
    clients: upstream.clients,
    verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }),
    graphiql: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    rateLimit: { perSubjectPerMinute: 60, perAddressPerMinute: 100 },
    streamGauge: metrics,
  });
  server = createHttpServer(app, { ops: opsRoutes({ readiness: new Readiness(), metrics: () => metrics.expose() }), onAccess: (e) => metrics.operation(e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await idp.issue('alice');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await upstream.close();
  await sumvin.close();
  await eliza.close();
});

async function gql(query: string, variables?: unknown): Promise<{ data?: Record<string, unknown> }> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: Record<string, unknown> };
}

async function scrape(): Promise<string> {
  // the access line (and so the operation's metrics) is written when the response closes
  await new Promise((r) => setTimeout(r, 20));
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one sample, e.g. `graphql_operations_total{operation="Mine",…}`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('/metrics', () => {
  it('counts operations by name and outcome, with a latency histogram', async () => {
    await gql('query Mine { sessions(first: 2, provider: SUMVIN) { totalCount } }');
    await gql('query Mine { sessions(first: 2, provider: SUMVIN) { totalCount } }');
    await gql('query Broken { nope }');
    await gql(`query ${'N'.repeat(100)} { __typename }`);
    const text = await scrape();
    expect(sample(text, 'graphql_operations_total', { operation: 'Mine', type: 'query', outcome: 'OK' })).toBe(2);
    expect(sample(text, 'graphql_operation_duration_seconds_count', { operation: 'Mine', outcome: 'OK' })).toBe(2);
    expect(sample(text, 'graphql_operations_total', { operation: 'Broken', outcome: 'BAD_USER_INPUT' })).toBe(1);
    // a client-chosen name that is too long is not a label
    expect(text).not.toContain('N'.repeat(100));
    expect(sample(text, 'graphql_operations_total', { operation: 'other' })).toBe(1);
  });

  it('counts upstream attempts by upstream, route template and status, as the upstream saw them', async () => {
    const text = await scrape();
    const seen = sumvin.controls.count('GET /v0/chat/sessions');
    expect(seen).toBeGreaterThan(0);
    expect(sample(text, 'upstream_requests_total', { upstream: 'sumvin', route: 'GET /v0/chat/sessions', status: '200', outcome: 'ok' })).toBe(seen);
    expect(sample(text, 'upstream_request_duration_seconds_count', { upstream: 'sumvin', route: 'GET /v0/chat/sessions' })).toBe(seen);
  });

  it('reports breaker state and DataLoader batch sizes', async () => {
    const list = await gql('{ sessions(first: 3, provider: SUMVIN) { edges { node { id } } } }');
    const ids = (list.data!.sessions as { edges: Array<{ node: { id: string } }> }).edges.map((e) => e.node.id);
    expect(ids).toHaveLength(3);
    await gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    const text = await scrape();
    expect(sample(text, 'upstream_circuit_breaker_state', { upstream: 'sumvin' })).toBe(0);
    expect(sample(text, 'upstream_circuit_breaker_state', { upstream: 'eliza' })).toBe(0);
    const batches = text.split('\n').filter((l) => l.startsWith('dataloader_batch_size_sum'));
    expect(batches.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1))).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
  });

  it('counts rate-limit refusals', async () => {
    for (let i = 0; i < 8; i++) await gql('{ __typename }');
    const text = await scrape();
    expect(sample(text, 'rate_limit_refusals_total')).toBeGreaterThan(0);
    expect(sample(text, 'rate_limit_refusals_total')).toBe(sample(text, 'graphql_operations_total', { outcome: 'RATE_LIMITED' }));
  });

  it('tracks open streams', async () => {
    async function* two() {
      yield { data: { n: 1 } };
      yield { data: { n: 2 } };
    }
    const stream = endOnShutdown(two(), new AbortController().signal, metrics)[Symbol.asyncIterator]();
    await stream.next();
    expect(sample(await metrics.registry.metrics(), 'graphql_open_streams')).toBe(1);
    await stream.next();
    await stream.next();
    expect(sample(await metrics.registry.metrics(), 'graphql_open_streams')).toBe(0);
  });
});
