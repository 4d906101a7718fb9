/**
 * OpenTelemetry: one server span per operation, continuing the caller's `traceparent`, and one
 * client span per upstream attempt under it, captured by an in-memory exporter.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { createVerifier } from '../../src/auth/verify.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { createTracing, type Tracing } from '../../src/observability/tracing.js';
import { createApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { currentScope } from '../../src/server/request-scope.js';
import { createClients } from '../../src/upstream/clients.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let upstream: ReturnType<typeof createClients>;
let server: Server;
let url: string;
let token: string;

beforeAll(async () => {
  tracing = createTracing({ exporter });
  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience, seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 1 } });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0 });
  upstream = createClients({ sumvinUrl: sumvin.url, elizaUrl: eliza.url, onRequest: (info) => {
      // as src/main.ts wires it
      const scope = currentScope();
      if (scope) scope.upstreamCalls += 1;
      tracing.upstream(scope?.otel?.context, info);
    },
  });
  const app = createApp({ clients: upstream.clients, verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }), graphiql: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  server = createHttpServer(app, { tracing });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  token = await idp.issue('alice');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tracing.shutdown();
  await upstream.close();
  await sumvin.close();
  await eliza.close();
});

async function send(query: string, headers: Record<string, string> = {}) {
  exporter.reset();
  const before = sumvin.controls.count();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify({ query }) });
  await res.text();
  for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER); i++) await new Promise((r) => setTimeout(r, 10));
  const spans = exporter.getFinishedSpans();
  return { calls: sumvin.controls.count() - before, server: spans.filter((s) => s.kind === SpanKind.SERVER), client: spans.filter((s) => s.kind === SpanKind.CLIENT) };
}

describe('spans', () => {
  it('continue the caller’s traceparent: the operation, then each upstream call under it', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const { calls, server: [op, ...more], client } = await send('query Mine { sessions(first: 2, provider: SUMVIN) { totalCount } }', { traceparent: `00-${traceId}-${parentId}-01` });
    expect(more).toEqual([]);
    expect(op!.name).toBe('graphql query Mine');
    expect(op!.spanContext().traceId).toBe(traceId);
    expect(op!.parentSpanContext?.spanId).toBe(parentId);
    expect(op!.attributes).toMatchObject({ 'graphql.operation.name': 'Mine', 'graphql.outcome': 'OK', 'upstream.calls': calls });
    expect(calls).toBeGreaterThan(0);
    expect(client).toHaveLength(calls);
    for (const c of client) {
      expect(c.name).toBe('GET /v0/chat/sessions');
      expect(c.spanContext().traceId).toBe(traceId);
      expect(c.parentSpanContext?.spanId).toBe(op!.spanContext().spanId);
      expect(c.attributes).toMatchObject({ 'upstream.service': 'sumvin', 'http.response.status_code': 200, 'upstream.outcome': 'ok' });
    }
  });

  it('start a new trace without a traceparent, and mark upstream failures', async () => {
    sumvin.controls.setFailure({ status: 500, rate: 1 });
    try {
      const { server: [op], client } = await send('query Failing { sessions(first: 2, provider: SUMVIN) { totalCount } }');
      expect(op!.parentSpanContext).toBeUndefined();
      expect(op!.status.code).toBe(2);
      expect(client.length).toBeGreaterThan(0);
      for (const c of client) {
        expect(c.spanContext().traceId).toBe(op!.spanContext().traceId);
        expect(c.attributes['http.response.status_code']).toBe(500);
        expect(c.status.code).toBe(2);
      }
    } finally {
      sumvin.controls.resetKnobs();
    }
  });
});
