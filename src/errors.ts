import { GraphQLError } from 'graphql';
import { InvalidIdError, UpstreamError, type Service } from './upstream/errors.js';

/**
 * The one error model of the API. Every error a client sees carries `extensions.code` from this
 * list, plus `provider` when an upstream was involved and `retryable` telling whether the same
 * operation may succeed if repeated.
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

const MESSAGES: Record<UpstreamError['kind'], string> = {
  UNAUTHENTICATED: 'The upstream service did not accept your credentials.',
  FORBIDDEN: 'You are not allowed to access this resource.',
  NOT_FOUND: 'Not found.',
  SESSION_EXPIRED: 'The session has expired.',
  BAD_USER_INPUT: 'The upstream service rejected the input.',
  CONFLICT: 'A resource with this id already exists.',
  RATE_LIMITED: 'Too many requests; try again later.',
  PAYLOAD_TOO_LARGE: 'The upload is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This type of file is not accepted.',
  UPSTREAM_TIMEOUT: 'The upstream service did not answer in time.',
  UPSTREAM_UNAVAILABLE: 'The upstream service is unavailable.',
  UPSTREAM_BAD_RESPONSE: 'The upstream service gave an answer that could not be understood.',
};

function codeFor(kind: UpstreamError['kind']): ErrorCode {
  switch (kind) {
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'BAD_USER_INPUT';
    case 'UPSTREAM_BAD_RESPONSE':
      return 'UPSTREAM_UNAVAILABLE';
    default:
      return kind;
  }
}

/**
 * Turns anything a resolver caught into a client-safe GraphQLError. Upstream errors keep only
 * our own message and code; an unknown error is returned as is so yoga masks it (INTERNAL).
 */
export function toGraphQLError(err: unknown): unknown {
  if (err instanceof GraphQLError) return err;
  if (err instanceof InvalidIdError) {
    return apiError('BAD_USER_INPUT', `${err.field}: ${err.message.replace(/^[^:]*: /, '')}`, {
      provider: providerOf(err.service),
      field: err.field,
    });
  }
  if (err instanceof UpstreamError) {
    // Another user's chat session: answered like an unknown one, so ids do not reveal existence.
    if (err.kind === 'FORBIDDEN' && err.upstreamCode === 'CHT-403-001') {
      return apiError('NOT_FOUND', MESSAGES.NOT_FOUND, { provider: providerOf(err.service) });
    }
    const code = codeFor(err.kind);
    const details: Record<string, unknown> = {};
    if (err.kind === 'SESSION_EXPIRED') details.recreate = true;
    if (err.retryAfterMs !== undefined) details.retryAfterMs = err.retryAfterMs;
    if (err.mayHaveApplied) details.mayHaveApplied = true;
    if (err.fieldErrors.length > 0) details.fieldErrors = err.fieldErrors;
    return apiError(code, MESSAGES[err.kind], {
      provider: providerOf(err.service),
      retryable: err.retryable,
      ...(Object.keys(details).length > 0 ? { details } : {}),
      cause: err,
    });
  }
  return err;
}

/** The extensions of the error yoga shows for anything unexpected (masked errors). */
export const INTERNAL_EXTENSIONS = { code: 'INTERNAL' satisfies ErrorCode, retryable: false };
