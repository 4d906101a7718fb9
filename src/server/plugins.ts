import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context/context.js';
import { ERROR_CODES, toGraphQLError, type ErrorCode } from '../errors.js';
import type { CallerLimiter } from '../state/rate-limit.js';

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
 * the schema, so none leaves the server.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
export const hideSuggestions = (message: string): string => message.replace(SUGGESTION, ' [Suggestion hidden]');

function withCode(error: GraphQLError): GraphQLError {
  const ext = error.extensions ?? {};
  const current = typeof ext.code === 'string' ? ext.code : undefined;
  const message = hideSuggestions(error.message);
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
  // yoga puts the JSON parser's error (which quotes the request body) under `originalError`.
  // Dropping it must not change the status: yoga answers such errors with 400 because of it.
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

function normalise(result: ExecutionResult): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  return { ...result, errors: result.errors.map((e) => withCode(e instanceof GraphQLError ? e : new GraphQLError(String((e as { message?: unknown }).message ?? 'error')))) };
}

/**
 * Every error leaves the server with a code from the documented list: request errors (parse,
 * validation, limits) become BAD_USER_INPUT with the tool's own code kept in `reason`.
 */
export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(normalise));
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) setResult(normalise(result as ExecutionResult));
    },
  };
}

/** Adds the errors of fields that still returned data (one provider failed) to the response. */
export function usePartialErrors(): Plugin<Context> {
  return {
    onExecutionResult({ result, setResult, context }) {
      const partial = (context as Partial<Context>).partialErrors;
      if (!partial || partial.length === 0 || !result || Symbol.asyncIterator in result) return;
      const extra = partial.map(({ error, path }) => {
        const mapped = toGraphQLError(error);
        const base = mapped instanceof GraphQLError ? mapped : new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL' } });
        return new GraphQLError(base.message, { path, extensions: base.extensions });
      });
      setResult({ ...result, errors: [...(result.errors ?? []), ...extra] });
    },
  };
}

/**
 * Limits operations per caller before anything runs: per verified subject, or per client address
 * for callers without a valid token. Protects the upstreams' shared budgets (the ElizaOS server
 * allows 1000 requests per 15 minutes per client address, and all users share the facade's).
 */
export function useRateLimit(limits: { perSubject: CallerLimiter; perAddress: CallerLimiter }): Plugin<Context> {
  /** The refusal when the caller is over its limit, else null (and one operation is counted). */
  const refusal = async (contextValue: unknown): Promise<ExecutionResult | null> => {
    const ctx = contextValue as Partial<Context>;
    const auth = ctx.auth;
    const wait = await (auth?.ok
      ? limits.perSubject.take(`${auth.caller.issuer}\u0000${auth.caller.subject}`)
      : limits.perAddress.take(ctx.remoteAddress ?? 'unknown'));
    if (wait <= 0) return null;
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    return {
      errors: [
        new GraphQLError('Too many requests; try again later.', {
          extensions: {
            code: 'RATE_LIMITED',
            retryable: true,
            details: { retryAfterMs: wait },
            http: { status: 429, headers: { 'retry-after': String(seconds) } },
          },
        }),
      ],
    };
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await refusal(args.contextValue);
      if (refused) setResultAndStopExecution(refused);
    },
    // subscriptions do not pass through onExecute
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await refusal(args.contextValue);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
