/** Which upstream an error or call belongs to. */
export type Service = 'sumvin' | 'eliza';

/**
 * What went wrong, in the facade's own vocabulary. The GraphQL layer turns a kind into
 * `extensions.code`; nothing from the upstream's body, URL or headers travels further.
 */
export type UpstreamErrorKind =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'SESSION_EXPIRED'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE';

export interface UpstreamErrorInit {
  service: Service;
  kind: UpstreamErrorKind;
  /** HTTP status the upstream answered, when it answered. */
  status?: number;
  /** The upstream's own error code (Sumvin `error_code`, Eliza `error.code`), for logs and mapping. */
  upstreamCode?: string;
  /** Whether repeating the same call may succeed. */
  retryable: boolean;
  /** Whether the request may have reached the upstream and changed something (writes that timed out). */
  mayHaveApplied?: boolean;
  /** Milliseconds the upstream asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  /** Method and path template of the call (no query, no ids), for logs only. */
  operation: string;
  /** Field-level problems reported by the upstream's validation (already stripped of input values). */
  fieldErrors?: Array<{ path: string; message: string }>;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly service: Service;
  readonly kind: UpstreamErrorKind;
  readonly status: number | undefined;
  readonly upstreamCode: string | undefined;
  readonly retryable: boolean;
  readonly mayHaveApplied: boolean;
  readonly retryAfterMs: number | undefined;
  readonly operation: string;
  readonly fieldErrors: Array<{ path: string; message: string }>;

  constructor(init: UpstreamErrorInit) {
    super(`${init.service} ${init.operation}: ${init.kind}${init.status ? ` (HTTP ${init.status})` : ''}`, {
      cause: init.cause,
    });
    this.service = init.service;
    this.kind = init.kind;
    this.status = init.status;
    this.upstreamCode = init.upstreamCode;
    this.retryable = init.retryable;
    this.mayHaveApplied = init.mayHaveApplied ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.operation = init.operation;
    this.fieldErrors = init.fieldErrors ?? [];
  }
}

/** Thrown before any request when an id or argument could not be put into a URL safely. */
export class InvalidIdError extends Error {
  override name = 'InvalidIdError';
  constructor(
    readonly service: Service,
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
