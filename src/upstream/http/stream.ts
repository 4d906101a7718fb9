import type { IncomingHttpHeaders } from 'node:http';
import { UpstreamError, type Service } from '../../errors/classes.js';
import { headerValue } from './headers.js';
import { readSse, SseError, type SseEvent, type SseLimits } from './sse.js';
import { transportFailure } from './transport-failure.js';
import type { RequestSpec, StreamKind } from './types.js';

export function isEventStream(headers: IncomingHttpHeaders): boolean {
  const type = headerValue(headers, 'content-type');
  return (type?.split(';')[0]?.trim().toLowerCase() ?? '') === 'text/event-stream';
}

/**
 * A stream that broke after its 2xx head: the request reached the upstream, so a write may have
 * applied, and it is never repeated. Over-large or undecodable events are a bad answer, a stream
 * that went quiet is a timeout, anything else is mapped like a failed connection.
 */
export function streamFailure(service: Service, err: unknown, spec: RequestSpec, operation: string, status: number): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const write = spec.method !== 'GET';
  if (err instanceof SseError) {
    return new UpstreamError({
      service,
      kind: err.reason === 'IDLE_TIMEOUT' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_BAD_RESPONSE',
      status,
      retryable: false,
      mayHaveApplied: write,
      operation,
      cause: err,
    });
  }
  const mapped = transportFailure<never>(service, err, spec, operation, false);
  return new UpstreamError({
    service,
    kind: mapped.error.kind,
    status,
    retryable: false,
    mayHaveApplied: write,
    operation,
    cause: err,
  });
}

/** The bad-answer error for a 2xx head that does not open an event stream. */
export function notAnEventStream(service: Service, operation: string, status: number, write: boolean, detail: string): UpstreamError {
  return new UpstreamError({
    service,
    kind: 'UPSTREAM_BAD_RESPONSE',
    status,
    retryable: false,
    mayHaveApplied: write,
    operation,
    cause: new Error(detail),
  });
}

/** Server-sent events as a kind of streamed answer (`HttpClient.streamBody`). */
export function sseKind(limits: SseLimits): StreamKind<SseEvent> {
  return { accept: 'text/event-stream', accepts: isEventStream, idleTimeoutMs: limits.idleTimeoutMs, read: (body) => readSse(body, limits) };
}
