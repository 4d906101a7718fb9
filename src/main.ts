import type { Server } from 'node:http';
import { createApp } from './server/app.js';
import { createVerifier, type Verifier } from './auth/verify.js';
import { createClients } from './upstream/clients.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { EXAMPLE_QUERY } from './server/demo.js';
import { startEmulated } from './dev/emulated.js';
import { createLogger, yogaLogger } from './server/logger.js';
import { createHttpServer } from './server/http-server.js';
import { openSharedState } from './state/index.js';
import { LiveServices } from './state/live/services.js';
import { ChannelWatcher } from './upstream/eliza/channel-watch.js';
import { attachGraphqlWs } from './server/graphql-ws.js';

interface Running {
  url: string;
  demoToken?: string;
  /** The emulated ElizaOS server's agents (default mode). */
  agents?: Array<{ id: string; name: string }>;
  close(): Promise<void>;
}

/**
 * Starts the facade; with no upstream URLs, also the emulators and the local identity provider,
 * whose signing key and demo data are kept in `config.dataDir` when `keepData` is set (as
 * `npm start` does; tests keep them in memory).
 */
export async function start(config: Config, opts: { keepData?: boolean } = {}): Promise<Running> {
  const log = createLogger(config.logLevel);
  const closers: Array<() => Promise<void>> = [];
  let sumvinUrl = config.sumvinUrl;
  let elizaUrl = config.elizaUrl;
  let verify: Verifier;
  let demoToken: string | undefined;
  let agents: Running['agents'];

  if (config.mode === 'emulated') {
    const emulated = await startEmulated({
      ports: config.emulatorPorts,
      ...(config.elizaApiKey ? { elizaApiKey: config.elizaApiKey } : {}),
      ...(opts.keepData ? { dataDir: config.dataDir } : {}),
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

  const upstream = createClients({
    sumvinUrl: sumvinUrl!,
    elizaUrl: elizaUrl!,
    ...(config.elizaApiKey ? { elizaApiKey: config.elizaApiKey } : {}),
    connectMs: config.timeouts.connectMs,
    attemptMs: config.timeouts.attemptMs,
    budgetMs: config.timeouts.operationMs,
    // one line per upstream attempt: operation template, status, outcome, time; no ids or tokens
    onRequest: (info) => log.debug({ upstream: info }, 'upstream call'),
  });
  closers.push(() => upstream.close());
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

  const app = createApp({
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
    live,
    logger: yogaLogger(log),
  });
  const server: Server = createHttpServer(app);
  const ws = attachGraphqlWs(server, app, { keepAliveMs: config.live.keepAliveMs });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;
  closers.unshift(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  // WebSocket connections first: the HTTP server does not track upgraded sockets
  closers.unshift(() => ws.close());
  log.info({ url, mode: config.mode, sumvinUrl, elizaUrl }, 'sessions-graphql is listening');
  return {
    url,
    ...(demoToken ? { demoToken } : {}),
    ...(agents ? { agents } : {}),
    async close() {
      for (const c of closers) await c();
    },
  };
}

async function main(): Promise<void> {
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
  if (config.graphiql) lines.push(`GraphiQL:         ${running.url} (open it in a browser)`);
  if (running.demoToken) {
    lines.push('Mode:             built-in emulators with demo data (set SUMVIN_API_URL and ELIZA_API_URL for real upstreams)');
    lines.push(`Demo token:       ${running.demoToken}`);
    lines.push(`Other users:      npm run token -- <user>   (prints a token for any user name)`);
    lines.push(`Demo agents:      ${(running.agents ?? []).map((a) => `${a.name.padEnd(10)} ${a.id}`).join('\n                  ')}`);
    lines.push(`Data:             ${config.dataDir}/ (signing key and demo data, kept across restarts; delete it to start over)`);
    lines.push(`Try it:           curl -s ${running.url} -H 'content-type: application/json' -H "Authorization: Bearer <demo token>" -d '{"query":"{ sessions(first: 3) { edges { node { title provider } } } }"}'`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
