import { GraphQLError, type ExecutionResult } from 'graphql';
import { ArgumentError, NotFoundError, UpstreamError, type Service, type UpstreamErrorKind } from './classes.js';

/*
 * What a client sees when something fails: the one place that turns errors into GraphQL errors.
 * - errors we throw on purpose (`apiError`), argument errors, not-found and upstream failures get
 *   a code, our own message and safe details (`toGraphQLError`);
 * - the request's own errors (parse, validation, limits) keep the tooling's message, with
 *   suggestions hidden, under BAD_USER_INPUT (`withDocumentedCode`);
 * - anything else is a bug: logged by yoga, shown as INTERNAL with a fixed message (`maskError`).
 * Upstream bodies, URLs, headers and stacks never reach the client. README "Errors" lists the codes.
 */

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SESSION_EXPIRED',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Provider = 'SUMVIN' | 'ELIZA';

export const providerOf = (service: Service): Provider => (service === 'sumvin' ? 'SUMVIN' : 'ELIZA');

export interface ApiErrorOptions {
  provider?: Provider;
  retryable?: boolean;
  /** The input field a BAD_USER_INPUT is about (e.g. `input.messages[0].id`). */
  field?: string;
  /** Extra, safe details (never upstream bodies, URLs, headers or tokens). */
  details?: Record<string, unknown>;
  /** HTTP status to answer with when this error is the whole response (yoga honours `extensions.http`). */
  httpStatus?: number;
  cause?: unknown;
}

/** An expected error: its message is written by us and is safe to show. */
export function apiError(code: ErrorCode, message: string, opts: ApiErrorOptions = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: opts.cause instanceof Error ? opts.cause : undefined,
    extensions: {
      code,
      retryable: opts.retryable ?? false,
      ...(opts.provider ? { provider: opts.provider } : {}),
      ...(opts.field ? { field: opts.field } : {}),
      ...(opts.details ? { details: opts.details } : {}),
      ...(opts.httpStatus ? { http: { status: opts.httpStatus } } : {}),
    },
  });
}

export const badInput = (field: string, message: string): GraphQLError =>
  apiError('BAD_USER_INPUT', `${field}: ${message}`, { field });

/** The message and code a client sees for each kind of upstream failure. */
const BY_KIND: Record<UpstreamErrorKind, { code: ErrorCode; message: string }> = {
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', message: 'The upstream service did not accept your credentials.' },
  FORBIDDEN: { code: 'FORBIDDEN', message: 'You are not allowed to access this resource.' },
  NOT_FOUND: { code: 'NOT_FOUND', message: 'Not found.' },
  SESSION_EXPIRED: { code: 'SESSION_EXPIRED', message: 'The session has expired.' },
  BAD_USER_INPUT: { code: 'BAD_USER_INPUT', message: 'The upstream service rejected the input.' },
  CONFLICT: { code: 'CONFLICT', message: 'A resource with this id already exists.' },
  RATE_LIMITED: { code: 'RATE_LIMITED', message: 'Too many requests; try again later.' },
  PAYLOAD_TOO_LARGE: { code: 'BAD_USER_INPUT', message: 'The upload is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'BAD_USER_INPUT', message: 'This type of file is not accepted.' },
  UPSTREAM_TIMEOUT: { code: 'UPSTREAM_TIMEOUT', message: 'The upstream service did not answer in time.' },
  UPSTREAM_UNAVAILABLE: { code: 'UPSTREAM_UNAVAILABLE', message: 'The upstream service is unavailable.' },
  UPSTREAM_BAD_RESPONSE: {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'The upstream service gave an answer that could not be understood.',
  },
};

function fromUpstream(err: UpstreamError): GraphQLError {
  const { code, message } = BY_KIND[err.kind];
  const details: Record<string, unknown> = {};
  if (err.kind === 'SESSION_EXPIRED') details.recreate = true;
  if (err.retryAfterMs !== undefined) details.retryAfterMs = err.retryAfterMs;
  if (err.mayHaveApplied) details.mayHaveApplied = true;
  if (err.fieldErrors.length > 0) details.fieldErrors = err.fieldErrors;
  Object.assign(details, err.repeatWith);
  return apiError(code, message, {
    provider: providerOf(err.service),
    retryable: err.retryable,
    ...(Object.keys(details).length > 0 ? { details } : {}),
    cause: err,
  });
}

/**
 * What the client sees for an error thrown while resolving, or null when it is none of ours (a
 * bug, masked as INTERNAL). GraphQL errors that already carry a code pass unchanged.
 */
export function toGraphQLError(err: unknown): GraphQLError | null {
  if (err instanceof GraphQLError) return typeof err.extensions?.code === 'string' ? err : null;
  if (err instanceof ArgumentError) {
    return apiError('BAD_USER_INPUT', `${err.field}: ${err.reason}`, {
      ...(err.service ? { provider: providerOf(err.service) } : {}),
      field: err.field,
    });
  }
  if (err instanceof NotFoundError) return apiError('NOT_FOUND', BY_KIND.NOT_FOUND.message, { provider: providerOf(err.service) });
  if (err instanceof UpstreamError) return fromUpstream(err);
  // the operation deadline (an AbortSignal timeout) passed while a field still waited on an upstream
  if (err instanceof Error && err.name === 'TimeoutError') {
    return apiError('UPSTREAM_TIMEOUT', 'The operation did not finish before its deadline.', { retryable: true });
  }
  return null;
}

/** The extensions of the error shown for anything unexpected. */
export const INTERNAL_EXTENSIONS = { code: 'INTERNAL' satisfies ErrorCode, retryable: false };

/** `toGraphQLError`, with anything unexpected as INTERNAL, placed at `path` (partial results). */
export function clientErrorAt(err: unknown, path: ReadonlyArray<string | number>): GraphQLError {
  const mapped = toGraphQLError(err);
  return new GraphQLError(mapped?.message ?? 'Unexpected error.', {
    path,
    extensions: mapped?.extensions ?? INTERNAL_EXTENSIONS,
  });
}

/**
 * An error about the request as a whole rather than about one field: no path, and nothing but
 * GraphQL errors behind it. Field errors (with a path) may carry upstream values, e.g. in output
 * coercion messages, so they are never treated as request errors.
 */
function isRequestError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.path !== undefined) return false;
  for (let e: Error | undefined = error.originalError; e !== undefined; e = e instanceof GraphQLError ? e.originalError : undefined) {
    if (!(e instanceof GraphQLError)) return false;
  }
  return true;
}

/** yoga's `maskError`: every error of an execution passes here; anything unexpected is masked. */
export function maskError(error: unknown, message: string): Error {
  if (
    error instanceof GraphQLError &&
    (!error.originalError || error.originalError instanceof GraphQLError) &&
    typeof error.extensions?.code === 'string'
  ) {
    return error;
  }
  if (isRequestError(error)) {
    // Parse, validation, variable and limit errors (graphql-js, yoga, armor, CSRF): written by
    // the tooling about the request itself, so safe to show; they only lack a code.
    const http = error.extensions?.http as { status?: unknown } | undefined;
    return new GraphQLError(error.message, {
      nodes: error.nodes ?? null,
      source: error.source ?? null,
      positions: error.positions ?? null,
      extensions: { ...error.extensions, code: http ? 'BAD_REQUEST' : 'GRAPHQL_VALIDATION_FAILED' },
    });
  }
  const located = error instanceof GraphQLError ? error : null;
  const mapped = toGraphQLError(located ? (located.originalError ?? located) : error);
  return new GraphQLError(mapped?.message ?? message, {
    nodes: located?.nodes ?? null,
    source: located?.source ?? null,
    positions: located?.positions ?? null,
    path: located?.path ?? null,
    extensions: mapped?.extensions ?? INTERNAL_EXTENSIONS,
  });
}

const KNOWN = new Set<string>(ERROR_CODES);

/** Codes GraphQL tooling uses for request errors, translated into the API's own list. */
const REQUEST_ERROR_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL',
};

/**
 * graphql-js suggests names ("Did you mean …?") for fields, arguments, types and enum values, in
 * validation and in variable coercion; armor's filter catches only some forms. Suggestions leak
 * the schema, so none leaves the server unless the app shows them (development only).
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
export const hideSuggestions = (message: string): string => message.replace(SUGGESTION, ' [Suggestion hidden]');

/**
 * The error as it leaves the server: a code from the documented list (request errors become
 * BAD_USER_INPUT with the tool's own code kept in `reason`), `retryable`, no suggestions, and
 * none of yoga's internals (`originalError` quotes the request body).
 */
export function withDocumentedCode(error: GraphQLError, showSuggestions = false): GraphQLError {
  const ext = error.extensions ?? {};
  const current = typeof ext.code === 'string' ? ext.code : undefined;
  const message = showSuggestions ? error.message : hideSuggestions(error.message);
  if (
    message === error.message &&
    current !== undefined &&
    KNOWN.has(current) &&
    'retryable' in ext &&
    !('originalError' in ext) &&
    !('unexpected' in ext)
  ) {
    return error;
  }
  const code: ErrorCode = current !== undefined && KNOWN.has(current) ? (current as ErrorCode) : (REQUEST_ERROR_CODES[current ?? ''] ?? 'BAD_USER_INPUT');
  // Dropping `originalError` must not change the status: yoga answers such errors with 400 because of it.
  const { unexpected: _unexpected, originalError, ...rest } = ext as Record<string, unknown>;
  if (originalError !== undefined && rest.http && typeof rest.http === 'object') {
    const { spec: _spec, ...http } = rest.http as Record<string, unknown>;
    rest.http = http;
  }
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: {
      ...rest,
      code,
      retryable: ext.retryable === true,
      ...(current !== undefined && current !== code ? { reason: current } : {}),
    },
  });
}

/** `withDocumentedCode` over every error of a result. */
export function withDocumentedCodes(result: ExecutionResult, showSuggestions = false): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  return {
    ...result,
    errors: result.errors.map((e) =>
      withDocumentedCode(e instanceof GraphQLError ? e : new GraphQLError(String((e as { message?: unknown }).message ?? 'error')), showSuggestions),
    ),
  };
}
