import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Verifier } from '../auth/verify.js';
import { createContext, type Clients, type Context } from '../context/context.js';
import { SessionOwners } from '../state/session-owners.js';
import { InputError } from '../domain/input-error.js';
import { apiError, toGraphQLError } from '../errors.js';
import { schema } from '../schema/index.js';
import { InvalidIdError, UpstreamError } from '../upstream/errors.js';
import { nativeSignal } from '../upstream/http/abort.js';
import { RateLimiter } from './rate-limit.js';
import { useStreamShutdown, type StreamGauge } from './stream-shutdown.js';
import { useAccessInfo } from './access-log.js';
import { corsPolicy, type CorsSettings } from './cors.js';
import { useTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';
import { useErrorCodes, usePartialErrors, useRateLimit } from './plugins.js';

/** Query limits; see README "Limits". */
export const LIMITS = {
  maxDepth: 8,
  maxAliases: 10,
  maxDirectives: 10,
  maxTokens: 1000,
  maxCost: 5000,
} as const;

export interface AppDeps {
  clients: Clients;
  verify: Verifier;
  /** GraphiQL and introspection (off in production). */
  graphiql?: { defaultQuery?: string; headers?: Record<string, string> } | false;
  introspection?: boolean;
  /** Operation deadline in ms: every upstream call of one operation shares it. */
  operationTimeoutMs?: number;
  /** Deadline of a streamed reply (subscription) in ms; longer than the operation deadline. */
  streamTimeoutMs?: number;
  logger?: YogaLogger;
  now?: () => number;
  /** Operations per minute per caller (JWT subject) and per client address without a valid token. */
  rateLimit?: { perSubjectPerMinute: number; perAddressPerMinute: number };
  /** Browser origins allowed to call the API; default: localhost and the facade's own origin. */
  cors?: CorsSettings;
  /** Aborted when a shutdown's deadline passes: open streams send a final event and end. */
  streamsEnd?: AbortSignal;
  /** Counts open streams. */
  streamGauge?: StreamGauge;
  /** The allow-list of operations (persisted documents); absent: any document runs. */
  trustedDocuments?: TrustedDocuments;
}

/** What the HTTP server tells the app about the connection. */
export interface ServerContext {
  remoteAddress?: string;
}

export type App = YogaServerInstance<ServerContext, Context>;

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

/** Maps errors thrown in resolvers to the API's error model; anything unexpected is masked. */
function maskError(error: unknown, message: string): Error {
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
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  let mapped: unknown;
  if (original instanceof UpstreamError || original instanceof InvalidIdError) mapped = toGraphQLError(original);
  else if (original instanceof InputError) mapped = apiError('BAD_USER_INPUT', original.message, { field: original.field });
  // the operation deadline (an AbortSignal timeout) passed while a field still waited on an upstream
  else if (original instanceof Error && original.name === 'TimeoutError') {
    mapped = apiError('UPSTREAM_TIMEOUT', 'The operation did not finish before its deadline.', { retryable: true });
  }
  else if (original instanceof GraphQLError && typeof original.extensions?.code === 'string') mapped = original;
  const located = error instanceof GraphQLError ? error : null;
  if (mapped instanceof GraphQLError) {
    return new GraphQLError(mapped.message, {
      nodes: located?.nodes ?? null,
      source: located?.source ?? null,
      positions: located?.positions ?? null,
      path: located?.path ?? null,
      extensions: mapped.extensions,
    });
  }
  return new GraphQLError(message, {
    nodes: located?.nodes ?? null,
    source: located?.source ?? null,
    positions: located?.positions ?? null,
    path: located?.path ?? null,
    extensions: { code: 'INTERNAL', retryable: false },
  });
}

export function createApp(deps: AppDeps): App {
  const introspection = deps.introspection ?? deps.graphiql !== false;
  // A limit stops validation by throwing, so its refusal lacks the status yoga gives validation
  // errors; mark it as one: 400 on application/graphql-response+json, 200 on application/json.
  const asValidationError = {
    onReject: [
      (_ctx: unknown, error: GraphQLError) => {
        Object.assign(error.extensions as Record<string, unknown>, { code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } });
      },
    ],
  };
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, ignoreIntrospection: introspection, ...asValidationError },
    maxAliases: { n: LIMITS.maxAliases, ...asValidationError },
    maxDirectives: { n: LIMITS.maxDirectives, ...asValidationError },
    maxTokens: { n: LIMITS.maxTokens },
    costLimit: { maxCost: LIMITS.maxCost, ...asValidationError },
    blockFieldSuggestion: { enabled: true },
  });
  const operationTimeoutMs = deps.operationTimeoutMs ?? 15_000;
  const owners = new SessionOwners();
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsPolicy(deps.cors ?? { origins: [], allowLocalhost: true }),
    batching: false,
    logging: deps.logger ?? 'warn',
    maskedErrors: { maskError, errorMessage: 'Unexpected error.' },
    graphiql:
      deps.graphiql === false
        ? false
        : {
            title: 'sessions-graphql',
            ...(deps.graphiql?.defaultQuery ? { defaultQuery: deps.graphiql.defaultQuery } : {}),
            headers: JSON.stringify(deps.graphiql?.headers ?? {}, null, 2),
            shouldPersistHeaders: false,
          },
    renderGraphiQL,
    plugins: [
      ...(deps.trustedDocuments ? [useTrustedDocuments(deps.trustedDocuments)] : []),
      armor,
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      ...(introspection
        ? []
        : [
            {
              onValidate({ addValidationRule }) {
                addValidationRule(NoSchemaIntrospectionCustomRule);
              },
            } satisfies Plugin,
          ]),
      usePartialErrors(),
      useRateLimit({
        perSubject: new RateLimiter({ perMinute: deps.rateLimit?.perSubjectPerMinute ?? 600, ...(deps.now ? { now: deps.now } : {}) }),
        perAddress: new RateLimiter({ perMinute: deps.rateLimit?.perAddressPerMinute ?? 120, ...(deps.now ? { now: deps.now } : {}) }),
      }),
      useErrorCodes(),
      ...(deps.streamsEnd || deps.streamGauge ? [useStreamShutdown(deps.streamsEnd, deps.streamGauge)] : []),
      useAccessInfo(),
    ],
    context: async ({ request, remoteAddress }) => {
      const auth = await deps.verify(request.headers);
      // yoga's Node adapter gives a look-alike signal, which AbortSignal.any rejects on Node 24
      const clientSignal = nativeSignal(request.signal);
      const signal = AbortSignal.any([clientSignal, AbortSignal.timeout(operationTimeoutMs)]);
      return createContext({
        auth,
        clients: deps.clients,
        signal,
        clientSignal,
        streamTimeoutMs: deps.streamTimeoutMs ?? 120_000,
        owners,
        ...(remoteAddress ? { remoteAddress } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      });
    },
  });
}
