/**
 * Emulator of the ElizaOS messaging Sessions API as `@elizaos/server@1.7.2` behaves.
 *
 * Agent replies are deterministic: text `"<AgentName> received: <first 200 chars of content>"`,
 * thought `"Replying to <AgentName>'s user"`, actions `["REPLY"]`. On the default (websocket)
 * transport the reply is stored in the session's channel `replyDelayMs` after the user message
 * (and at least 1 ms later in time); `transport: "http"` returns it as `agentResponse` and
 * `transport: "sse"` streams it, neither stores it (as the real server).
 *
 * On the default transport the reply also goes to the session's channel over Socket.IO (same port,
 * path `/socket.io/`, see socket.ts): `messageStreamChunk`s when the model streams, then
 * `messageBroadcast`, with the stored reply's id. The `model` knob makes the model stream or fail
 * (a failing model sends nothing and stores nothing, as the real server).
 *
 * Deviations from the real server, on purpose: error bodies carry no `stack`; attachment paths
 * are not rewritten to media URLs; HEAD and compressed request bodies are not handled specially;
 * no SEND_MESSAGE or log stream over the socket; no `GET /api/agents/{id}`.
 */
import type { Server } from 'node:http';
import { notifyWrites } from '../changes.js';
import { EmulatorControls } from '../controls.js';
import { close as closeServer, createRouterServer, listen, type Route } from '../http.js';
import { DEFAULT_AGENTS, type ElizaAgent } from './agents.js';
import { resolveGlobalConfig, type GlobalSettings } from './config.js';
import { controlRoutes } from './control-api.js';
import { internalErrorResponse } from './errors.js';
import { RateLimiter, normaliseUrl } from './middleware.js';
import { notFoundResponse } from './not-found.js';
import { createElizaRoutes } from './routes.js';
import { applySeed, type ElizaSeed } from './seed.js';
import { parseElizaSnapshot, toElizaSnapshot, type ElizaSnapshot } from './snapshot.js';
import { attachSocketHub, type SocketHub, type SocketStats } from './socket.js';
import type { ElizaState, ModelKnobs } from './state.js';
import { ElizaStore, iso } from './store.js';

export { DEFAULT_AGENTS } from './agents.js';
export type { ElizaAgent } from './agents.js';
export type { ElizaSeed } from './seed.js';
export type { ElizaSnapshot } from './snapshot.js';
export type { ModelKnobs } from './state.js';
export type { SocketStats } from './socket.js';
export { seededUuid } from './seed.js';

export interface ElizaEmulatorOptions {
  /** Defaults 0 (any free port) and 127.0.0.1. */
  port?: number;
  host?: string;
  /** Default: a new EmulatorControls. */
  controls?: EmulatorControls;
  /**
   * When set, every /api/* request needs `X-API-KEY` equal to it (OPTIONS exempt); otherwise 401
   * `{"error":"API key required","message":"Missing or invalid X-API-KEY header"}`.
   */
  apiKey?: string;
  /** Default: DEFAULT_AGENTS. */
  agents?: ElizaAgent[];
  /** The server's SESSION_* environment settings; the env clamps are applied. */
  settings?: GlobalSettings;
  /**
   * The real server's SERVER_API_KEY: when set, a Socket.IO handshake needs it (`auth.apiKey` or
   * header `x-api-key`). Independent of `apiKey`, as on the real server.
   */
  serverApiKey?: string;
  /** Default { streams: true, fails: false }; changeable at run time with setModel(). */
  model?: Partial<ModelKnobs>;
  /** Default 50; 0 = the agent reply is stored (and broadcast) synchronously before the send response. */
  replyDelayMs?: number;
  /** Default { max: 1000, windowMs: 15 min } per client IP, as the real server; false = off. */
  rateLimit?: { max: number; windowMs: number } | false;
  /** Deterministic demo data, applied at start and on reset(). */
  seed?: ElizaSeed;
  /** Default false: JSON control API under /__emulator/ (counts, reset, clock, latency, failure, sweep). */
  exposeControls?: boolean;
  /** Called after anything may have changed the data (a write request, a stored reply, a sweep). */
  onChange?: () => void;
}

export interface ElizaEmulator {
  url: string;
  controls: EmulatorControls;
  agents: ElizaAgent[];
  /** Runs the expiry sweep now (the real server runs it every SESSION_CLEANUP_INTERVAL_MINUTES). */
  sweep(): void;
  /** Clears all data (sessions, channels, messages, pending replies, rate-limit hits, socket counts), restores the model knobs, re-seeds. */
  reset(): void;
  /** All data (sessions, channels, messages) as plain JSON. */
  snapshot(): ElizaSnapshot;
  /** Replaces all data with a snapshot's; throws, changing nothing, when `data` is not one. */
  restore(data: unknown): void;
  /** Changes the model knobs; returns the knobs now in force. */
  setModel(knobs: Partial<ModelKnobs>): ModelKnobs;
  /** Changes the time between a default-transport send and its stored reply (see `replyDelayMs`). */
  setReplyDelay(ms: number): void;
  /** Open Socket.IO connections. */
  socketCount(): number;
  /** Open connections, channels with someone in their room, handshakes and joins (counts cleared by reset()). */
  socketStats(): SocketStats;
  /** Closes every Socket.IO connection's transport, like a network drop (clients reconnect). */
  dropSockets(): void;
  close(): Promise<void>;
}

export async function startElizaEmulator(opts: ElizaEmulatorOptions = {}): Promise<ElizaEmulator> {
  const controls = opts.controls ?? new EmulatorControls();
  const agents = opts.agents ?? DEFAULT_AGENTS;
  const g = resolveGlobalConfig(opts.settings);
  const store = new ElizaStore(g);
  const rateLimit = opts.rateLimit === undefined ? { max: 1000, windowMs: 15 * 60_000 } : opts.rateLimit;
  const rateLimiter = rateLimit ? new RateLimiter(rateLimit, controls.clock) : null;
  const timers = new Set<NodeJS.Timeout>();
  const changed = opts.onChange ?? (() => {});

  const state: ElizaState = {
    store,
    g,
    controls,
    agents,
    apiKey: opts.apiKey || undefined,
    rateLimiter,
    replyDelayMs: opts.replyDelayMs ?? 50,
    startedAt: performance.now(),
    model: { streams: opts.model?.streams ?? true, fails: opts.model?.fails ?? false },
    emitToChannel: () => undefined,
    schedule(fn, ms) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
        changed();
      }, ms);
      timers.add(t);
    },
  };

  const sweep = () => {
    const swept = store.sweep(controls.clock.now());
    if (swept.deleted + swept.warned > 0) changed();
    return swept;
  };
  // the Socket.IO hub exists once the server does (below); these look it up when called
  let hubRef: SocketHub | undefined;
  const clearAll = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    store.clear();
    rateLimiter?.clear();
  };
  const reset = () => {
    clearAll();
    hubRef?.resetCounts();
    state.model = { streams: opts.model?.streams ?? true, fails: opts.model?.fails ?? false };
    if (opts.seed) applySeed(store, opts.seed, agents, g, controls.clock.now());
  };
  reset();

  const routes: Route[] = [...createElizaRoutes(state)];
  const setModel = (knobs: Partial<ModelKnobs>): ModelKnobs => {
    if (knobs.streams !== undefined) state.model.streams = knobs.streams;
    if (knobs.fails !== undefined) state.model.fails = knobs.fails;
    return { ...state.model };
  };
  const socketStats = () => hubRef!.stats();
  const dropSockets = () => hubRef!.dropConnections();
  if (opts.exposeControls) routes.push(...controlRoutes({ controls, reset, sweep, setModel, socketStats, dropSockets }));

  const server: Server = createRouterServer({
    routes,
    controls,
    notFound: (req) => notFoundResponse(state, req),
    methodNotAllowed: (req) => notFoundResponse(state, req),
    internalError: (_req, err) => internalErrorResponse(err instanceof Error ? err.message : String(err), iso(controls.clock.now())),
    injectedFailure: (_req, status) => ({
      status,
      json: {
        error: {
          code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'INJECTED_FAILURE',
          message: status >= 500 ? 'An unexpected error occurred' : `Injected failure (${status})`,
          timestamp: iso(controls.clock.now()),
        },
      },
    }),
  });
  server.prependListener('request', (raw) => normaliseUrl(raw));
  if (opts.onChange) notifyWrites(server, opts.onChange);
  // after the router's listeners are in place: Socket.IO takes /socket.io/ and hands on the rest
  const hub = attachSocketHub(server, {
    serverApiKey: opts.serverApiKey || undefined,
    now: () => controls.clock.now(),
  });
  state.emitToChannel = hub.emitToChannel;
  hubRef = hub;

  const interval = setInterval(sweep, g.cleanupIntervalMs);
  interval.unref();

  const url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return {
    url,
    controls,
    agents,
    sweep: () => {
      sweep();
    },
    reset,
    snapshot: () => toElizaSnapshot(store.snapshot()),
    restore(data) {
      const parsed = parseElizaSnapshot(data);
      clearAll();
      store.restore(parsed);
    },
    setModel,
    setReplyDelay: (ms: number) => {
      state.replyDelayMs = ms;
    },
    socketCount: () => hub.stats().sockets,
    socketStats,
    dropSockets,
    async close() {
      clearInterval(interval);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await hub.close();
      await closeServer(server);
    },
  };
}
