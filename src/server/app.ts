import type { IncomingMessage, ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { NoSchemaIntrospectionCustomRule, type GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Verifier } from '../auth/verify.js';
import { createContext, INBOX_DEFAULTS, type Clients, type Context } from '../context/context.js';
import { DEFAULTS } from '../config.js';
import { maskError } from '../errors/graphql.js';
import { schema } from '../schema/index.js';
import { createMemoryStore } from '../state/memory-store.js';
import { createCallerLimiter } from '../state/rate-limit.js';
import type { SharedStore } from '../state/store.js';
import type { ElizaSessionSource } from '../upstream/eliza/session-stream.js';
import { nativeSignal } from '../upstream/http/abort.js';
import { useStreamShutdown, type StreamGauge } from './stream-shutdown.js';
import { useAccessInfo } from './access-log.js';
import { HTTP_LIMITS } from './http-limits.js';
import { useMultipartBodyLimit } from './multipart-limit.js';
import { corsPolicy, type CorsSettings } from './cors.js';
import { useTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';
import type { LiveServices } from '../state/live/services.js';
import { useEndOperation, useErrorCodes, usePartialErrors, useRateLimit } from './plugins.js';
import { ByteBudget } from '../context/byte-budget.js';
import { operationDeadline } from '../context/deadline.js';

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
  /** Shared state (ownership index, rate-limit counters); a fresh in-memory store when absent. */
  store?: SharedStore;
  /** The global Eliza list as a stream, for inboxes served before the index is built. */
  elizaSessions?: ElizaSessionSource;
  /** When the inbox uses one global list call instead of the index (see ElizaIndexState). */
  inbox?: { listMaxSessions?: number; maxOwnSessions?: number };
  /** Browser origins allowed to call the API; default: localhost and the facade's own origin. */
  cors?: CorsSettings;
  /** Aborted when a shutdown's deadline passes: open streams send a final event and end. */
  streamsEnd?: AbortSignal;
  /** Counts open streams. */
  streamGauge?: StreamGauge;
  /** The allow-list of operations (persisted documents); absent: any document runs. */
  trustedDocuments?: TrustedDocuments;
  /** Plugins that run before all others, e.g. the development chat page (demo-page.ts). */
  plugins?: Plugin[];
  /** Agent replies that follow the session's channel, subscriptions, and the publishing of writes. */
  live?: LiveServices;
  /** Bytes of expanded upstream answers held at once by this process (see ByteBudget). */
  largeReadBudgetBytes?: number;
}

/** What the HTTP server tells the app about the connection. */
export interface ServerContext {
  remoteAddress?: string;
  /** The Node request and response, when yoga serves them itself (`app.handle(req, res)`). */
  req?: IncomingMessage;
  res?: ServerResponse;
}

export type App = YogaServerInstance<ServerContext, Context>;

/**
 * Aborts when the client goes away before its response is complete: the Node response's `close`,
 * as yoga's Node adapter does for `request.signal`. Made here rather than wrapped around that
 * signal, a look-alike (a proxy over an EventTarget) that `AbortSignal.any` rejects on Node 24 and
 * that costs a proxy trap on every use.
 */
function responseClosed(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.closed) controller.abort();
  else res.once('close', () => controller.abort());
  return controller.signal;
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
    blockFieldSuggestion: { enabled: !deps.fieldSuggestions },
  });
  const operationTimeoutMs = deps.operationTimeoutMs ?? DEFAULTS.operationDeadlineMs;
  const store = deps.store ?? createMemoryStore();
  const elizaIndex = {
    index: store.index,
    ...INBOX_DEFAULTS,
    ...deps.inbox,
    ...(deps.elizaSessions ? { source: deps.elizaSessions } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  };
  const largeReads = new ByteBudget(deps.largeReadBudgetBytes ?? DEFAULTS.largeReadBudgetBytes);
  const onStoreError = (err: unknown) =>
    (deps.logger ?? console).warn('rate limit not counted (shared store unavailable); letting operations through', String(err));
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsPolicy(deps.cors ?? { origins: [], allowLocalhost: true }),
    batching: false,
    // bodies are capped by the HTTP server, and multipart ones again below
    maxRequestBodySize: false,
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
    // the GraphiQL bundle (tens of MB in memory) is loaded when the page is first asked for
    renderGraphiQL: async (opts) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(opts),
    plugins: [
      ...(deps.plugins ?? []),
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
        perSubject: createCallerLimiter(store, { name: 'subject', perMinute: deps.rateLimit?.perSubjectPerMinute ?? DEFAULTS.rateLimitPerMinute, onStoreError }),
        perAddress: createCallerLimiter(store, { name: 'address', perMinute: deps.rateLimit?.perAddressPerMinute ?? DEFAULTS.rateLimitAnonymousPerMinute, onStoreError }),
      }),
      useErrorCodes({ showSuggestions: deps.fieldSuggestions ?? false }),
      ...(deps.streamsEnd || deps.streamGauge ? [useStreamShutdown(deps.streamsEnd, deps.streamGauge)] : []),
      useAccessInfo(),
      useEndOperation(),
      useMultipartBodyLimit(HTTP_LIMITS.maxMultipartBytes),
    ],
    context: async ({ request, req, res, remoteAddress = req?.socket.remoteAddress }) => {
      const auth = await deps.verify(request.headers);
      const clientSignal = res ? responseClosed(res) : nativeSignal(request.signal);
      const deadline = operationDeadline(clientSignal, operationTimeoutMs);
      return createContext({
        auth,
        clients: deps.clients,
        signal: deadline.signal,
        onEnd: deadline.end,
        clientSignal,
        streamTimeoutMs: deps.streamTimeoutMs ?? DEFAULTS.streamDeadlineMs,
        elizaIndex,
        ...(remoteAddress ? { remoteAddress } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.live ? { live: deps.live } : {}),
        largeReads,
      });
    },
  });
}
