import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Correlation headers of the request being served, available to every upstream call made for it
 * without threading them through each client method. The HTTP server sets them; `HttpClient`
 * adds them to its calls.
 */
export interface TraceHeaders {
  'x-request-id': string;
  traceparent?: string;
}

const storage = new AsyncLocalStorage<TraceHeaders>();

export function runWithTrace<T>(trace: TraceHeaders, fn: () => T): T {
  return storage.run(trace, fn);
}

export function currentTrace(): TraceHeaders | undefined {
  return storage.getStore();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C Trace Context, version 00: version-traceid-parentid-flags, ids not all zero. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The client's `x-request-id` when well-formed, else a new one; `traceparent` only when valid. */
export function traceFrom(headers: Readonly<Record<string, string | string[] | undefined>>, newId: () => string): TraceHeaders {
  const id = headers['x-request-id'];
  const tp = headers.traceparent;
  return {
    'x-request-id': typeof id === 'string' && REQUEST_ID.test(id) ? id : newId(),
    ...(typeof tp === 'string' && TRACEPARENT.test(tp) ? { traceparent: tp } : {}),
  };
}
