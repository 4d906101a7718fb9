import type { Server } from 'node:http';
import { createApp } from './server/app.js';
import { createVerifier, type Verifier } from './auth/verify.js';
import { createClients } from './upstream/clients.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { EXAMPLE_QUERY } from './server/demo.js';
import { createLogger, yogaLogger } from './server/logger.js';
import { createHttpServer } from './server/http-server.js';
import { openSharedState } from './state/index.js';
import { createOpsServer, opsRoutes } from './server/ops-routes.js';
import { Readiness, UpstreamLiveness, type ReadinessCheck } from './server/readiness.js';
import { createDrain } from './server/shutdown.js';
import { logAccess, type AccessEntry } from './server/access-log.js';
import { createMetrics } from './observability/metrics.js';
import { loadTrustedDocuments } from './server/trusted-documents.js';
import { currentScope } from './server/request-scope.js';
import { LiveServices } from './state/live/services.js';
import { ChannelWatcher } from './upstream/eliza/channel-watch.js';
import { attachGraphqlWs } from './server/graphql-ws.js';

interface Running {
  url: string;
  /** The operator endpoints' origin when `METRICS_PORT` is set. */
  opsUrl?: string;
  demoToken?: string;
  /** The emulated ElizaOS server's agents (default mode). */
  agents?: Array<{ id: string; name: string }>;
  /** Graceful shutdown: drain the server (see `createDrain`), then close the upstream pools and emulators. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Keep the dev signing key and the demo data in `config.dataDir` (as `npm start` does; tests keep them in memory). */
  keepData?: boolean;
  /** Extra conditions for `/ready`. */
  readinessChecks?: ReadinessCheck[];
}

/** Starts the facade; with no upstream URLs, also the emulators and the local identity provider. */
export async function start(config: Config, extra: StartOptions = {}): Promise<Running> {
  const log = createLogger(config.logLevel);
  const closers: Array<() => Promise<void>> = [];
  let sumvinUrl = config.sumvinUrl;
  let elizaUrl = config.elizaUrl;
  let verify: Verifier;
  let demoToken: string | undefined;
  let agents: Running['agents'];

  if (config.mode === 'emulated') {
    // loaded only here: the emulators (and their Socket.IO server) are not part of a production process
    const { startEmulated } = await import('./dev/emulated.js');
    const emulated = await startEmulated({
      ports: config.emulatorPorts,
      ...(config.elizaApiKey ? { elizaApiKey: config.elizaApiKey } : {}),
      ...(extra.keepData ? { dataDir: config.dataDir } : {}),
      exposeControls: config.emulatorControls,
      log,
    });
    closers.push(() => emulated.close());
    ({ sumvinUrl, elizaUrl, demoToken, agents } = emulated);
    const { idp } = emulated;
    verify = createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience });
  } else {
    verify = createVerifier({
      jwks: { url: config.auth.jwksUrl! },
      ...(config.auth.issuer ? { issuer: config.auth.issuer } : {}),
      ...(config.auth.audience ? { audience: config.auth.audience } : {}),
    });
  }

  const liveness = {
    sumvin: new UpstreamLiveness(`${sumvinUrl!}/v0/chat/sessions`),
    eliza: new UpstreamLiveness(`${elizaUrl!}/api/messaging/sessions/health`),
  };
  const upstream = createClients({
    sumvinUrl: sumvinUrl!,
    elizaUrl: elizaUrl!,
    ...(config.elizaApiKey ? { elizaApiKey: config.elizaApiKey } : {}),
    connectMs: config.timeouts.connectMs,
    attemptMs: config.timeouts.attemptMs,
    budgetMs: config.timeouts.operationMs,
    onRequest: (info) => {
      liveness[info.service].record(info.status);
      const scope = currentScope();
      if (scope) scope.upstreamCalls += 1;
      metrics.upstream(info);
      tracing?.upstream(scope?.otel?.context, info);
      // one line per upstream attempt: operation template, status, outcome, time; no ids or tokens
      log.debug({ upstream: info }, 'upstream call');
    },
  });
  const metrics = createMetrics({ breakers: upstream.breakers });
  // the OpenTelemetry SDK and exporter are loaded only when tracing is configured
  const tracing = config.otel.endpoint
    ? (await import('./observability/tracing.js')).createTracing({ endpoint: config.otel.endpoint, serviceName: config.otel.serviceName })
    : undefined;
  const streams = new AbortController();
  const shared = await openSharedState(
    config.shared,
    upstream.elizaSessions,
    { info: (o, m) => log.info(o, m), warn: (o, m) => log.warn(o, m) },
  );
  closers.unshift(() => shared.close());
  const watcher = new ChannelWatcher({
    url: elizaUrl!,
    entityId: config.elizaSocket.entityId,
    ...(config.elizaSocket.key ? { socketKey: config.elizaSocket.key } : {}),
    onLog: (e) => (e.level === 'warn' ? log.warn({ reason: e.reason }, e.msg) : log.info({ reason: e.reason }, e.msg)),
  });
  const live = new LiveServices(watcher, shared.store, {
    replyDeadlineMs: config.live.replyDeadlineMs,
    sumvinPoll: config.live.sumvinPoll,
    maxSubscriptionsPerCaller: config.live.maxSubscriptionsPerCaller,
  }, (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'live event not delivered'));
  closers.unshift(async () => live.close());

  const readiness = new Readiness([
    { name: 'jwks', check: () => verify.jwksReady?.() ?? true },
    { name: 'sumvin', check: (signal) => liveness.sumvin.check(signal) },
    { name: 'eliza', check: (signal) => liveness.eliza.check(signal) },
    // the shared store (Redis when configured): ownership fails closed without it
    { name: 'store', check: () => shared.store.ping() },
    ...(extra.readinessChecks ?? []),
  ]);

  // the reference chat page, in development only
  const plugins =
    config.env === 'production'
      ? []
      : [await (await import('./server/demo-page.js')).demoPagePlugin({ endpoint: '/graphql', ...(demoToken ? { token: demoToken } : {}) })];
  const app = createApp({
    plugins,
    clients: upstream.clients,
    verify,
    graphiql: config.graphiql
      ? { defaultQuery: EXAMPLE_QUERY, headers: demoToken ? { Authorization: `Bearer ${demoToken}` } : {} }
      : false,
    fieldSuggestions: config.env !== 'production',
    operationTimeoutMs: config.timeouts.operationMs,
    streamTimeoutMs: config.timeouts.streamMs,
    rateLimit: config.rateLimit,
    store: shared.store,
    elizaSessions: upstream.elizaSessions,
    inbox: { listMaxSessions: config.shared.inboxListMaxSessions },
    largeReadBudgetBytes: config.largeReadBudgetBytes,
    live,
    logger: yogaLogger(log),
    streamsEnd: streams.signal,
    streamGauge: metrics,
    cors: config.cors,
    ...(config.trustedDocuments.mode !== 'off'
      ? { trustedDocuments: { mode: config.trustedDocuments.mode, documents: loadTrustedDocuments(config.trustedDocuments.file!) } }
      : {}),
  });
  const expose = () => metrics.expose();
  // with a port of their own, metrics stay off the public port
  const ops = opsRoutes({ readiness, ...(config.metricsPort === undefined ? { metrics: expose } : {}) });
  const onAccess = (entry: AccessEntry) => {
    logAccess(log, entry);
    metrics.operation(entry);
  };
  const server: Server = createHttpServer(app, { ops, onAccess, ...(tracing ? { tracing } : {}) });
  const ws = attachGraphqlWs(server, app, { keepAliveMs: config.live.keepAliveMs });
  const drain = createDrain({ server, readiness, timeoutMs: config.shutdownTimeoutMs, streams });
  const url = await listen(server, config.port, config.host, '/graphql');
  let opsUrl: string | undefined;
  let opsServer: Server | undefined;
  if (config.metricsPort !== undefined) {
    opsServer = createOpsServer(opsRoutes({ readiness, metrics: expose }));
    opsUrl = await listen(opsServer, config.metricsPort, config.host, '');
  }
  // the facade drains first (WebSocket connections right after: the HTTP server does not track
  // upgraded sockets); then the ops port, the upstream pools and the emulators close
  closers.unshift(
    drain,
    () => ws.close(),
    async () => {
      if (opsServer) await new Promise<void>((resolve) => opsServer.close(() => resolve()).closeAllConnections());
    },
    () => upstream.close(),
    async () => {
      await tracing?.shutdown();
    },
  );
  log.info({ url, ...(opsUrl ? { opsUrl } : {}), mode: config.mode, sumvinUrl, elizaUrl }, 'sessions-graphql is listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    ...(opsUrl ? { opsUrl } : {}),
    ...(demoToken ? { demoToken } : {}),
    ...(agents ? { agents } : {}),
    close() {
      closing ??= (async () => {
        for (const c of closers) await c();
      })();
      return closing;
    },
  };
}

async function listen(server: Server, port: number, host: string, path: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${actual}${path}`;
}

/** Reads the configuration, starts, prints where to go, and drains on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const running = await start(config, { keepData: true });
  const lines = [`GraphQL endpoint: ${running.url}`];
  if (running.opsUrl) lines.push(`Operator port:    ${running.opsUrl}/ready, /health, /metrics`);
  if (config.graphiql) lines.push(`GraphiQL:         ${running.url} (open it in a browser)`);
  if (config.env !== 'production') lines.push(`Chat page:        ${running.url.replace(/\/graphql$/, '/demo')}`);
  if (running.demoToken) {
    lines.push('Mode:             built-in emulators with demo data (set SUMVIN_API_URL and ELIZA_API_URL for real upstreams)');
    lines.push(`Demo token:       ${running.demoToken}`);
    lines.push(`Other users:      npm run token -- <user>   (prints a token for any user name)`);
    lines.push(`Demo agents:      ${(running.agents ?? []).map((a) => `${a.name.padEnd(10)} ${a.id}`).join('\n                  ')}`);
    lines.push(`Data:             ${config.dataDir}/ (signing key and demo data, kept across restarts; delete it to start over)`);
    lines.push(`Try it:           curl -s ${running.url} -H 'content-type: application/json' -H "Authorization: Bearer <demo token>" -d '{"query":"{ sessions(first: 3) { edges { node { title provider } } } }"}'`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`${signal}: draining (up to ${config.shutdownTimeoutMs} ms)\n`);
    // a last resort should closing itself hang
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
