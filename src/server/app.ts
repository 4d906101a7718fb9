import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Verifier } from '../auth/verify.js';
import { createContext, type Clients, type Context } from '../context/context.js';
import { SessionOwners } from '../state/session-owners.js';
import { DEFAULTS } from '../config.js';
import { maskError } from '../errors/graphql.js';
import { schema } from '../schema/index.js';
import { RateLimiter } from './rate-limit.js';
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
  /** "Did you mean …?" in validation errors (development); default false: hidden, as in production. */
  fieldSuggestions?: boolean;
  /** Operation deadline in ms: every upstream call of one operation shares it. */
  operationTimeoutMs?: number;
  /** Deadline of a streamed reply (subscription) in ms; longer than the operation deadline. */
  streamTimeoutMs?: number;
  logger?: YogaLogger;
  now?: () => number;
  /** Operations per minute per caller (JWT subject) and per client address without a valid token. */
  rateLimit?: { perSubjectPerMinute: number; perAddressPerMinute: number };
}

/** What the HTTP server tells the app about the connection. */
export interface ServerContext {
  remoteAddress?: string;
}

export type App = YogaServerInstance<ServerContext, Context>;

export function createApp(deps: AppDeps): App {
  const introspection = deps.introspection ?? deps.graphiql !== false;
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, ignoreIntrospection: introspection },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    maxTokens: { n: LIMITS.maxTokens },
    costLimit: { maxCost: LIMITS.maxCost },
    blockFieldSuggestion: { enabled: !deps.fieldSuggestions },
  });
  const operationTimeoutMs = deps.operationTimeoutMs ?? DEFAULTS.operationDeadlineMs;
  const owners = new SessionOwners();
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
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
        perSubject: new RateLimiter({ perMinute: deps.rateLimit?.perSubjectPerMinute ?? DEFAULTS.rateLimitPerMinute, ...(deps.now ? { now: deps.now } : {}) }),
        perAddress: new RateLimiter({ perMinute: deps.rateLimit?.perAddressPerMinute ?? DEFAULTS.rateLimitAnonymousPerMinute, ...(deps.now ? { now: deps.now } : {}) }),
      }),
      useErrorCodes({ showSuggestions: deps.fieldSuggestions ?? false }),
    ],
    context: async ({ request, remoteAddress }) => {
      const auth = await deps.verify(request.headers);
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(operationTimeoutMs)]);
      return createContext({
        auth,
        clients: deps.clients,
        signal,
        clientSignal: request.signal,
        streamTimeoutMs: deps.streamTimeoutMs ?? DEFAULTS.streamDeadlineMs,
        owners,
        ...(remoteAddress ? { remoteAddress } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      });
    },
  });
}
