import type { IncomingHttpHeaders } from 'node:http';
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AccessEntry } from '../server/access-log.js';
import type { RequestInfo } from '../upstream/http/types.js';

const propagator = new W3CTraceContextPropagator();

export interface Tracing {
  /** Starts the span of one request, as a child of the caller's `traceparent` when it sent one. */
  startRequest(headers: IncomingHttpHeaders): { span: Span; context: Context };
  /** Names and ends the request's span from its access entry. */
  endRequest(span: Span, entry: AccessEntry): void;
  /** Records one upstream attempt (the HttpClient's `onRequest`) as a client span under `parent`. */
  upstream(parent: Context | undefined, info: RequestInfo): void;
  shutdown(): Promise<void>;
}

const FAULTS = new Set(['INTERNAL', 'UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE']);

/**
 * Spans for each operation and each upstream attempt, exported over OTLP/HTTP to `endpoint`
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`), or to `exporter` (tests). The provider is not registered
 * globally; only the facade's own spans are made.
 */
export function createTracing(opts: { endpoint?: string; exporter?: SpanExporter; serviceName?: string }): Tracing {
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${opts.endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? 'sessions-graphql' }),
    spanProcessors: [processor],
  });
  const tracer: Tracer = provider.getTracer('sessions-graphql');
  return {
    startRequest(headers) {
      const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const span = tracer.startSpan('graphql request', { kind: SpanKind.SERVER }, parent);
      return { span, context: trace.setSpan(parent, span) };
    },
    endRequest(span, e) {
      span.updateName(e.operationType === 'none' ? 'graphql request' : `graphql ${e.operationType} ${e.operation}`);
      span.setAttributes({
        'graphql.operation.name': e.operation,
        'graphql.operation.type': e.operationType,
        'graphql.outcome': e.outcome,
        'http.response.status_code': e.status,
        'upstream.calls': e.upstreamCalls,
      });
      if (FAULTS.has(e.outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: e.outcome });
      span.end();
    },
    upstream(parent, info) {
      const end = Date.now();
      const span = tracer.startSpan(
        info.operation,
        {
          kind: SpanKind.CLIENT,
          startTime: end - info.durationMs,
          attributes: {
            'upstream.service': info.service,
            'http.route': info.operation,
            'upstream.outcome': info.outcome,
            'upstream.attempt': info.attempt,
            ...(info.status !== undefined ? { 'http.response.status_code': info.status } : {}),
          },
        },
        parent ?? context.active(),
      );
      if (info.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: info.outcome });
      span.end(end);
    },
    shutdown: () => provider.shutdown(),
  };
}
