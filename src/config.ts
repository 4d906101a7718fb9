import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));
const positiveMs = z.coerce.number().int().positive();

/** The default of every setting that has one; the app and the clients take theirs from here. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4000,
  sumvinEmulatorPort: 4010,
  elizaEmulatorPort: 4011,
  dataDir: '.data',
  connectTimeoutMs: 2_000,
  attemptTimeoutMs: 5_000,
  operationDeadlineMs: 15_000,
  streamDeadlineMs: 120_000,
  rateLimitPerMinute: 600,
  rateLimitAnonymousPerMinute: 120,
  redisKeyPrefix: 'sessions-graphql:',
  reconcileIntervalMs: 60_000,
  inboxListMaxSessions: 200,
  replyDeadlineMs: 60_000,
  sumvinPollMinMs: 2_000,
  sumvinPollMaxMs: 30_000,
  maxSubscriptionsPerCaller: 20,
  keepAliveMs: 15_000,
  /** Expanded upstream answers (1 MiB lists, 512 KiB sessions at most) held at once: 16 lists. */
  largeReadBudgetBytes: 16 * 1024 * 1024,
} as const;

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default(DEFAULTS.host),
    PORT: port.default(DEFAULTS.port),
    SUMVIN_API_URL: httpUrl.optional(),
    ELIZA_API_URL: httpUrl.optional(),
    ELIZA_API_KEY: z.string().min(1).optional(),
    ELIZA_SOCKET_KEY: z.string().min(1).optional(),
    ELIZA_SOCKET_ENTITY_ID: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID')
      .default('5e55f0c1-fa5a-4de1-8a11-0e1122334455'),
    AUTH_JWKS_URL: httpUrl.optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    SUMVIN_EMULATOR_PORT: port.default(DEFAULTS.sumvinEmulatorPort),
    ELIZA_EMULATOR_PORT: port.default(DEFAULTS.elizaEmulatorPort),
    DATA_DIR: z.string().min(1).default(DEFAULTS.dataDir),
    UPSTREAM_CONNECT_TIMEOUT_MS: positiveMs.default(DEFAULTS.connectTimeoutMs),
    UPSTREAM_ATTEMPT_TIMEOUT_MS: positiveMs.default(DEFAULTS.attemptTimeoutMs),
    OPERATION_DEADLINE_MS: positiveMs.default(DEFAULTS.operationDeadlineMs),
    STREAM_DEADLINE_MS: positiveMs.default(DEFAULTS.streamDeadlineMs),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHIQL: z.enum(['true', 'false']).optional(),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(DEFAULTS.rateLimitPerMinute),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().positive().default(DEFAULTS.rateLimitAnonymousPerMinute),
    REDIS_URL: z.string().refine((u) => URL.canParse(u) && /^rediss?:$/.test(new URL(u).protocol), 'must be a redis:// or rediss:// URL').optional(),
    REDIS_KEY_PREFIX: z.string().min(1).max(100).default(DEFAULTS.redisKeyPrefix),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(DEFAULTS.reconcileIntervalMs),
    INBOX_LIST_MAX_SESSIONS: z.coerce.number().int().nonnegative().default(DEFAULTS.inboxListMaxSessions),
    LARGE_READ_BUDGET_BYTES: z.coerce.number().int().nonnegative().default(DEFAULTS.largeReadBudgetBytes),
    SHUTDOWN_TIMEOUT_MS: positiveMs.default(10_000),
    METRICS_PORT: port.optional(),
    EMULATOR_CONTROLS: z.enum(['true', 'false']).default('false'),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('sessions-graphql'),
    TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).default('off'),
    TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
    CORS_ORIGINS: z
      .string()
      .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o), 'each origin is scheme://host[:port], or *')))
      .optional(),
    REPLY_DEADLINE_MS: positiveMs.default(DEFAULTS.replyDeadlineMs),
    SUMVIN_POLL_MIN_MS: positiveMs.default(DEFAULTS.sumvinPollMinMs),
    SUMVIN_POLL_MAX_MS: positiveMs.default(DEFAULTS.sumvinPollMaxMs),
    MAX_SUBSCRIPTIONS_PER_CALLER: z.coerce.number().int().positive().default(DEFAULTS.maxSubscriptionsPerCaller),
    KEEP_ALIVE_MS: positiveMs.default(DEFAULTS.keepAliveMs),
  })
  .superRefine((env, ctx) => {
    const real = env.SUMVIN_API_URL !== undefined || env.ELIZA_API_URL !== undefined;
    if (real && (env.SUMVIN_API_URL === undefined || env.ELIZA_API_URL === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SUMVIN_API_URL === undefined ? 'SUMVIN_API_URL' : 'ELIZA_API_URL'],
        message: 'set both SUMVIN_API_URL and ELIZA_API_URL, or neither (then the built-in emulators are used)',
      });
    }
    if (!real && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['SUMVIN_API_URL'],
        message: 'production needs real upstreams: the built-in emulators and dev identity provider are for development only',
      });
    }
    if (env.NODE_ENV === 'production' && env.GRAPHIQL === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPHIQL'],
        message: 'GraphiQL and introspection stay off in production (they show the whole schema to anyone)',
      });
    }
    if (env.TRUSTED_DOCUMENTS !== 'off' && env.TRUSTED_DOCUMENTS_FILE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUSTED_DOCUMENTS_FILE'],
        message: 'required when TRUSTED_DOCUMENTS is allow or require: the persisted-documents.json manifest',
      });
    }
    if (real && env.AUTH_JWKS_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: 'required when real upstreams are configured: caller tokens must be verified against a JWKS',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** `emulated`: start the built-in emulators and the local dev identity provider. */
  mode: 'emulated' | 'upstream';
  sumvinUrl?: string;
  elizaUrl?: string;
  elizaApiKey?: string;
  /** The facade's Socket.IO connection to ElizaOS: its handshake entity id, and the server's SERVER_API_KEY if set. */
  elizaSocket: { entityId: string; key?: string };
  auth: { jwksUrl?: string; issuer?: string; audience?: string };
  emulatorPorts: { sumvin: number; eliza: number };
  /** Default mode: where the dev signing key and the demo data are kept (relative to the working directory). */
  dataDir: string;
  /** Expose the emulators' test knobs (latency, failures, clock) under `/__emulator/`. */
  emulatorControls: boolean;
  timeouts: { connectMs: number; attemptMs: number; operationMs: number; streamMs: number };
  logLevel: Env['LOG_LEVEL'];
  /** GraphiQL and introspection; on by default except in production. */
  graphiql: boolean;
  rateLimit: { perSubjectPerMinute: number; perAddressPerMinute: number };
  /** State shared by instances: Redis when `redisUrl` is set, else this process's memory. */
  shared: { redisUrl?: string; redisKeyPrefix: string; reconcileIntervalMs: number; inboxListMaxSessions: number };
  /** Browser origins allowed by CORS. */
  cors: { origins: string[] | '*'; allowLocalhost: boolean };
  /** The allow-list of operations: mode and manifest file. */
  trustedDocuments: { mode: 'off' | 'allow' | 'require'; file?: string };
  /** OTLP/HTTP collector for traces; tracing is off without it. */
  otel: { endpoint?: string; serviceName: string };
  /** Time in-flight operations get to finish after SIGTERM. */
  shutdownTimeoutMs: number;
  /** Serve `/metrics`, `/health` and `/ready` on this port too (they are always on the main port). */
  metricsPort?: number;
  /** Bytes of expanded upstream answers this process holds at once; past them the planner makes smaller calls. */
  largeReadBudgetBytes: number;
  /** Agent replies, subscriptions and their limits. */
  live: { replyDeadlineMs: number; sumvinPoll: { minMs: number; maxMs: number }; maxSubscriptionsPerCaller: number; keepAliveMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the whole configuration once; throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const mode = env.SUMVIN_API_URL && env.ELIZA_API_URL ? 'upstream' : 'emulated';
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    mode,
    ...(env.SUMVIN_API_URL ? { sumvinUrl: env.SUMVIN_API_URL } : {}),
    ...(env.ELIZA_API_URL ? { elizaUrl: env.ELIZA_API_URL } : {}),
    ...(env.ELIZA_API_KEY ? { elizaApiKey: env.ELIZA_API_KEY } : {}),
    elizaSocket: { entityId: env.ELIZA_SOCKET_ENTITY_ID.toLowerCase(), ...(env.ELIZA_SOCKET_KEY ? { key: env.ELIZA_SOCKET_KEY } : {}) },
    auth: {
      ...(env.AUTH_JWKS_URL ? { jwksUrl: env.AUTH_JWKS_URL } : {}),
      ...(env.AUTH_ISSUER ? { issuer: env.AUTH_ISSUER } : {}),
      ...(env.AUTH_AUDIENCE ? { audience: env.AUTH_AUDIENCE } : {}),
    },
    emulatorPorts: { sumvin: env.SUMVIN_EMULATOR_PORT, eliza: env.ELIZA_EMULATOR_PORT },
    dataDir: env.DATA_DIR,
    emulatorControls: env.EMULATOR_CONTROLS === 'true',
    timeouts: {
      connectMs: env.UPSTREAM_CONNECT_TIMEOUT_MS,
      attemptMs: env.UPSTREAM_ATTEMPT_TIMEOUT_MS,
      operationMs: env.OPERATION_DEADLINE_MS,
      streamMs: env.STREAM_DEADLINE_MS,
    },
    logLevel: env.LOG_LEVEL,
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : env.NODE_ENV !== 'production',
    rateLimit: { perSubjectPerMinute: env.RATE_LIMIT_PER_MINUTE, perAddressPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE },
    shared: {
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
      inboxListMaxSessions: env.INBOX_LIST_MAX_SESSIONS,
    },
    cors: {
      origins: env.CORS_ORIGINS?.includes('*') ? '*' : (env.CORS_ORIGINS ?? []),
      // development without a list: localhost and the facade's own origin
      allowLocalhost: env.CORS_ORIGINS === undefined && env.NODE_ENV !== 'production',
    },
    trustedDocuments: { mode: env.TRUSTED_DOCUMENTS, ...(env.TRUSTED_DOCUMENTS_FILE ? { file: env.TRUSTED_DOCUMENTS_FILE } : {}) },
    otel: { ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT } : {}), serviceName: env.OTEL_SERVICE_NAME },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    ...(env.METRICS_PORT !== undefined ? { metricsPort: env.METRICS_PORT } : {}),
    largeReadBudgetBytes: env.LARGE_READ_BUDGET_BYTES,
    live: {
      replyDeadlineMs: env.REPLY_DEADLINE_MS,
      sumvinPoll: { minMs: env.SUMVIN_POLL_MIN_MS, maxMs: Math.max(env.SUMVIN_POLL_MIN_MS, env.SUMVIN_POLL_MAX_MS) },
      maxSubscriptionsPerCaller: env.MAX_SUBSCRIPTIONS_PER_CALLER,
      keepAliveMs: env.KEEP_ALIVE_MS,
    },
  };
}
