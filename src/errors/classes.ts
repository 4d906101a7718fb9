/** Which upstream an error or call belongs to. */
export type Service = 'sumvin' | 'eliza';

/*
 * The error classes of the facade, free of GraphQL: the upstream clients, the domain checks and
 * the loaders throw these, and `graphql.ts` next to this file decides what a client sees for each.
 */

/**
 * What went wrong, in the facade's own vocabulary. Each upstream's `map.ts` turns its statuses
 * into a kind; `toGraphQLError` turns a kind into `extensions.code`. Nothing from the upstream's
 * body, URL or headers travels further.
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
  /** What the client repeats a write with (ids it chose or was given), shown in `details`. */
  repeatWith?: Record<string, unknown>;
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
  readonly repeatWith: Record<string, unknown> | undefined;

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
    this.repeatWith = init.repeatWith;
  }

  /** The same failure with some of its facts replaced (the original stays its cause). */
  with(changes: Partial<Pick<UpstreamErrorInit, 'retryable' | 'mayHaveApplied' | 'repeatWith'>>): UpstreamError {
    return new UpstreamError({
      service: this.service,
      kind: this.kind,
      status: this.status,
      upstreamCode: this.upstreamCode,
      retryable: this.retryable,
      mayHaveApplied: this.mayHaveApplied,
      retryAfterMs: this.retryAfterMs,
      operation: this.operation,
      fieldErrors: this.fieldErrors,
      repeatWith: this.repeatWith,
      ...changes,
      cause: this,
    });
  }
}

/**
 * Something the caller asked for does not exist for them: unknown, or another user's (the two
 * are answered alike, so ids do not reveal existence). Found by the facade itself, without an
 * upstream 404 (a message missing from its session, a session owned by someone else).
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    readonly service: Service,
    /** What was looked for (`session`, `message`), for logs only. */
    readonly what: string,
  ) {
    super(`${service} ${what}: not found`);
  }
}

/**
 * An argument the client gave is unusable: `field` names it (`input.messages[0].id`), `reason`
 * says why in words safe to show. Answered as BAD_USER_INPUT before any upstream call.
 */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
  constructor(
    readonly field: string,
    readonly reason: string,
    /** The upstream whose rules the argument broke, when it was an upstream's (ids in URLs). */
    readonly service?: Service,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** A problem with what the client sent, found by the facade's own input checks. */
export class InputError extends ArgumentError {
  override name = 'InputError';
  constructor(field: string, reason: string) {
    super(field, reason);
  }
}

/** An id or argument that could not be put into an upstream's URL or headers safely. */
export class InvalidIdError extends ArgumentError {
  override name = 'InvalidIdError';
  constructor(service: Service, field: string, reason: string) {
    super(field, reason, service);
  }
}
