import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, Span } from '@opentelemetry/api';

/** What the server learns about one request while serving it; read by the logger and the access line. */
export interface RequestScope {
  requestId: string;
  startedAt: number;
  /** Upstream attempts made for the request. */
  upstreamCalls: number;
  /** The operation's name (`anonymous` when it has none) and type, once known. */
  operation?: string;
  operationType?: string;
  /** `OK`, or the code of the first error. */
  outcome?: string;
  /** The request's span and its context (parent of the upstream spans), when tracing is on. */
  otel?: { span: Span; context: Context };
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}
