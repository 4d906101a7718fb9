import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { InputError, InvalidIdError, NotFoundError, UpstreamError, type UpstreamErrorKind } from '../../../src/errors/classes.js';
import { apiError, clientErrorAt, ERROR_CODES, maskError, toGraphQLError, withDocumentedCode } from '../../../src/errors/graphql.js';

/** Text that must never reach a client: it stands for upstream bodies, URLs, tokens and stacks. */
const SECRET = 'upstream-said-secret-token-at-http://10.0.0.7/v0/chat';

const upstream = (kind: UpstreamErrorKind, extra: Partial<ConstructorParameters<typeof UpstreamError>[0]> = {}) =>
  new UpstreamError({
    service: 'sumvin',
    kind,
    status: 500,
    upstreamCode: SECRET,
    retryable: false,
    operation: `GET ${SECRET}`,
    cause: new Error(SECRET),
    ...extra,
  });

const visible = (e: GraphQLError) => JSON.stringify({ message: e.message, extensions: e.extensions });

describe('toGraphQLError', () => {
  it.each([
    ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['SESSION_EXPIRED', 'SESSION_EXPIRED'],
    ['BAD_USER_INPUT', 'BAD_USER_INPUT'],
    ['CONFLICT', 'CONFLICT'],
    ['RATE_LIMITED', 'RATE_LIMITED'],
    ['PAYLOAD_TOO_LARGE', 'BAD_USER_INPUT'],
    ['UNSUPPORTED_MEDIA_TYPE', 'BAD_USER_INPUT'],
    ['UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE'],
    ['UPSTREAM_BAD_RESPONSE', 'UPSTREAM_UNAVAILABLE'],
  ] as const)('gives an upstream %s the code %s, with the provider and nothing of the upstream', (kind, code) => {
    const mapped = toGraphQLError(upstream(kind))!;
    expect(mapped.extensions).toMatchObject({ code, provider: 'SUMVIN', retryable: false });
    expect(ERROR_CODES).toContain(mapped.extensions['code']);
    expect(visible(mapped)).not.toContain('secret');
  });

  it('keeps the facts a client acts on in details', () => {
    const expired = toGraphQLError(upstream('SESSION_EXPIRED', { service: 'eliza', status: 410 }))!;
    expect(expired.extensions).toEqual({ code: 'SESSION_EXPIRED', provider: 'ELIZA', retryable: false, details: { recreate: true } });
    const limited = toGraphQLError(upstream('RATE_LIMITED', { status: 429, retryable: true, retryAfterMs: 1500 }))!;
    expect(limited.extensions).toEqual({ code: 'RATE_LIMITED', provider: 'SUMVIN', retryable: true, details: { retryAfterMs: 1500 } });
    const rejected = toGraphQLError(upstream('BAD_USER_INPUT', { status: 422, fieldErrors: [{ path: 'title', message: 'too long' }] }))!;
    expect(rejected.extensions['details']).toEqual({ fieldErrors: [{ path: 'title', message: 'too long' }] });
  });

  it('answers a not-found found by the facade like an upstream 404', () => {
    const own = toGraphQLError(new NotFoundError('eliza', 'session'))!;
    const upstream404 = toGraphQLError(upstream('NOT_FOUND', { service: 'eliza', status: 404 }))!;
    expect({ message: own.message, extensions: own.extensions }).toEqual({ message: upstream404.message, extensions: upstream404.extensions });
    expect(own.extensions).toEqual({ code: 'NOT_FOUND', provider: 'ELIZA', retryable: false });
  });

  it('names the field of an argument error, with the provider when the rule was an upstream’s', () => {
    const input = toGraphQLError(new InputError('input.title', 'must be at most 255 characters'))!;
    expect(input.message).toBe('input.title: must be at most 255 characters');
    expect(input.extensions).toEqual({ code: 'BAD_USER_INPUT', retryable: false, field: 'input.title' });
    const id = toGraphQLError(new InvalidIdError('sumvin', 'sessionId', 'forbidden character'))!;
    expect(id.message).toBe('sessionId: forbidden character');
    expect(id.extensions).toEqual({ code: 'BAD_USER_INPUT', retryable: false, provider: 'SUMVIN', field: 'sessionId' });
  });

  it('turns the operation deadline into a retryable UPSTREAM_TIMEOUT', () => {
    const mapped = toGraphQLError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))!;
    expect(mapped.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', retryable: true });
  });

  it('passes our own errors unchanged and refuses anything else', () => {
    const ours = apiError('CONFLICT', 'exists', { provider: 'SUMVIN' });
    expect(toGraphQLError(ours)).toBe(ours);
    expect(toGraphQLError(new Error(SECRET))).toBeNull();
    expect(toGraphQLError(new GraphQLError(SECRET))).toBeNull();
    expect(toGraphQLError(SECRET)).toBeNull();
  });
});

describe('maskError', () => {
  const atField = (original: unknown) =>
    new GraphQLError(original instanceof Error ? original.message : String(original), {
      path: ['sessions'],
      originalError: original instanceof Error ? original : undefined,
    });

  it('masks an unexpected error as INTERNAL with the fixed message, keeping its path', () => {
    const masked = maskError(atField(new TypeError(`${SECRET} is not a function`)), 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.extensions).toEqual({ code: 'INTERNAL', retryable: false });
    expect(masked.path).toEqual(['sessions']);
    expect(visible(masked)).not.toContain('secret');
  });

  it('translates a known error thrown in a resolver, at its path', () => {
    const masked = maskError(atField(upstream('UPSTREAM_TIMEOUT', { retryable: true })), 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe('The upstream service did not answer in time.');
    expect(masked.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'SUMVIN', retryable: true });
    expect(masked.path).toEqual(['sessions']);
    expect(visible(masked)).not.toContain('secret');
  });

  it('shows request errors of the tooling, which only lack a code', () => {
    const masked = maskError(new GraphQLError('Syntax Error: Expected Name, found <EOF>.'), 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe('Syntax Error: Expected Name, found <EOF>.');
    expect(masked.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('clientErrorAt (partial results)', () => {
  it('places a known error at the path and masks anything else', () => {
    const known = clientErrorAt(upstream('UPSTREAM_UNAVAILABLE', { service: 'eliza' }), ['sessions']);
    expect({ path: known.path, extensions: known.extensions }).toEqual({
      path: ['sessions'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'ELIZA', retryable: false },
    });
    const unknown = clientErrorAt(new Error(SECRET), ['sessions']);
    expect({ message: unknown.message, extensions: unknown.extensions }).toEqual({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL', retryable: false },
    });
  });
});

describe('withDocumentedCode', () => {
  it('files tooling codes under BAD_USER_INPUT, keeps them in reason, and hides suggestions', () => {
    const out = withDocumentedCode(
      new GraphQLError('Cannot query field "sesions" on type "Query". Did you mean "sessions"?', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    );
    expect(out.message).toBe('Cannot query field "sesions" on type "Query". [Suggestion hidden]');
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', retryable: false, reason: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('leaves an error that already follows the model alone', () => {
    const ours = apiError('NOT_FOUND', 'Not found.', { provider: 'ELIZA' });
    expect(withDocumentedCode(ours)).toBe(ours);
  });
});
