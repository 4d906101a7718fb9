import { UpstreamError, type Service, type UpstreamErrorKind } from '../../errors/classes.js';
import type { Attempt, RequestSpec } from './types.js';

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const BAD_RESPONSE_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCode(cause) : undefined;
}

export function transportFailure<T>(
  service: Service,
  err: unknown,
  spec: RequestSpec,
  operation: string,
  attemptTimedOut: boolean,
): Extract<Attempt<T>, { ok: false }> {
  const code = errorCode(err);
  const write = spec.method !== 'GET';
  let kind: UpstreamErrorKind;
  let notSent = false;
  // Only failures recognised as transient are repeated; anything unknown fails once.
  let transient = true;
  if (attemptTimedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    kind = 'UPSTREAM_TIMEOUT';
    notSent = code === 'UND_ERR_CONNECT_TIMEOUT';
  } else if (code !== undefined && NOT_SENT_CODES.has(code)) {
    kind = 'UPSTREAM_UNAVAILABLE';
    notSent = true;
  } else if (code !== undefined && NETWORK_CODES.has(code)) {
    kind = 'UPSTREAM_UNAVAILABLE';
  } else if (code !== undefined && (code.startsWith('HPE_') || BAD_RESPONSE_CODES.has(code))) {
    kind = 'UPSTREAM_BAD_RESPONSE';
    transient = false;
  } else {
    kind = 'UPSTREAM_UNAVAILABLE';
    transient = false;
  }
  const error = new UpstreamError({
    service,
    kind,
    retryable: transient,
    mayHaveApplied: write && !notSent,
    operation,
    cause: err,
  });
  return {
    ok: false,
    error,
    status: undefined,
    retry: !write && transient,
    waitMs: undefined,
    breaker: transient ? 'failure' : kind === 'UPSTREAM_BAD_RESPONSE' ? 'success' : 'neutral',
  };
}
