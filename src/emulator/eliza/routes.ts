/**
 * The ten session endpoints (plus `/healthz`), each behind the same request pipeline the real
 * server runs: JSON body parsing → API key → rate limit → Content-Type check → handler.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EmulatorControls } from '../controls.js';
import type { EmuRequest, EmuResponse, Route } from '../http.js';
import { agentReply, replyChunks, type ElizaAgent } from './agents.js';
import { readJsonBody, BodyParseError } from './body.js';
import {
  agentTimeoutConfig,
  isValidTimeoutConfig,
  mergeTimeoutConfigs,
  safeParseInt,
  type GlobalConfig,
  type TimeoutConfig,
} from './config.js';
import {
  API_KEY_REQUIRED,
  API_NOT_FOUND,
  FORBIDDEN,
  JSON_TYPE,
  SessionError,
  agentNotFound,
  apiErrorResponse,
  internalErrorResponse,
  invalidContent,
  invalidMetadata,
  invalidPagination,
  invalidTimeoutConfig,
  invalidUuid,
  middlewareError,
  missingFields,
  renewalFailed,
  sessionErrorResponse,
  sessionExpired,
  sessionNotFound,
} from './errors.js';
import { apiKeyRejected, clientKey, contentTypeRejected, type RateLimiter } from './middleware.js';
import { writeSse } from './sse.js';
import { iso, jsonb, type ElizaStore, type Session, type StoredMessage } from './store.js';

export const SESSIONS = '/api/messaging/sessions';
/** The central message server id the real server uses when data isolation is off. */
export const MESSAGE_SERVER_ID = '00000000-0000-0000-0000-000000000000';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CONTENT_LENGTH = 4000;
const MAX_METADATA_SIZE = 10240;
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;
const TRANSPORT_TYPES = ['http', 'sse', 'websocket'];
const LEGACY_MODE_MAP: Record<string, string> = { sync: 'http', stream: 'sse', websocket: 'websocket' };

export interface ElizaState {
  store: ElizaStore;
  g: GlobalConfig;
  controls: EmulatorControls;
  agents: ElizaAgent[];
  apiKey: string | undefined;
  rateLimiter: RateLimiter | null;
  replyDelayMs: number;
  /** Monotonic start time (ms) for the health `uptime`. */
  startedAt: number;
  /** Runs `fn` after `ms` (tracked so reset/close can cancel it). */
  schedule(fn: () => void, ms: number): void;
}

interface ApiContext {
  body: unknown;
  now: number;
}

type ApiHandler = (req: EmuRequest, ctx: ApiContext) => Promise<EmuResponse> | EmuResponse;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

function json(status: number, value: unknown): EmuResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, json: value };
}

/** Writes a finished response on the raw socket (used where the router hands over `res`). */
export function writeResponse(res: ServerResponse, out: EmuResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    headers['content-type'] ??= JSON_TYPE;
  } else if (out.body !== undefined) {
    payload = out.body;
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

function withHeaders(out: EmuResponse, headers: Record<string, string>): EmuResponse {
  return { ...out, headers: { ...headers, ...(out.headers ?? {}) } };
}

/** Everything an `/api` request goes through; `handler` undefined = no route (404 JSON). */
export async function runApi(state: ElizaState, req: EmuRequest, handler: ApiHandler | undefined): Promise<EmuResponse> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (err) {
    return apiErrorResponse(err instanceof BodyParseError ? err.message : 'Internal Server Error');
  }
  if (apiKeyRejected(req, state.apiKey)) return API_KEY_REQUIRED;
  let rateHeaders: Record<string, string> = {};
  if (state.rateLimiter) {
    const r = state.rateLimiter.hit(clientKey(req));
    rateHeaders = r.headers;
    if (r.limited) {
      return withHeaders(middlewareError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests. Please try again later.'), rateHeaders);
    }
  }
  if (contentTypeRejected(req)) {
    return withHeaders(middlewareError(400, 'INVALID_CONTENT_TYPE', 'Invalid or missing Content-Type header'), rateHeaders);
  }
  if (!handler) return withHeaders(API_NOT_FOUND, rateHeaders);
  const now = state.controls.clock.now();
  let out: EmuResponse;
  try {
    out = await handler(req, { body, now });
  } catch (err) {
    const nowIso = iso(state.controls.clock.now());
    out =
      err instanceof SessionError
        ? sessionErrorResponse(err, nowIso)
        : internalErrorResponse(err instanceof Error ? err.message : String(err), nowIso);
  }
  if (out.stream) {
    const inner = out.stream;
    return { ...out, stream: (res) => inner(withRateHeaders(res, rateHeaders)) };
  }
  return withHeaders(out, rateHeaders);
}

function withRateHeaders(res: ServerResponse, headers: Record<string, string>): ServerResponse {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  return res;
}

/** Express decodes `:sessionId` with decodeURIComponent and fails the request on a bad escape. */
function sessionIdOf(req: EmuRequest): string {
  const raw = req.rawPath.split('/')[4] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new Error(`Failed to decode param '${raw}'`);
  }
}

function validateMetadata(metadata: unknown): void {
  if (!metadata || typeof metadata !== 'object') return;
  if (JSON.stringify(metadata).length > MAX_METADATA_SIZE) {
    throw invalidMetadata(`Metadata exceeds maximum size of ${MAX_METADATA_SIZE} bytes`, metadata);
  }
}

function validateTransport(value: unknown): { ok: true; transport: unknown } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, transport: 'websocket' };
  if (typeof value !== 'string') return { ok: false, error: `Invalid transport type "${typeof value}". Transport must be a string.` };
  if (TRANSPORT_TYPES.includes(value)) return { ok: true, transport: value };
  if (value in LEGACY_MODE_MAP) return { ok: true, transport: LEGACY_MODE_MAP[value] };
  const all = [...new Set([...TRANSPORT_TYPES, ...Object.keys(LEGACY_MODE_MAP)])];
  return { ok: false, error: `Invalid transport "${value}". Must be one of: ${all.join(', ')}` };
}

function simplify(msg: StoredMessage): Record<string, unknown> {
  const raw = msg.rawMessage;
  const metadata: Record<string, unknown> = { thought: raw.thought, actions: raw.actions };
  Object.assign(metadata, { ...msg.metadata, thought: raw.thought, actions: raw.actions });
  return {
    id: msg.id,
    content: msg.content,
    authorId: msg.authorId,
    isAgent: msg.sourceType === 'agent_response',
    createdAt: iso(msg.createdAt),
    metadata,
  };
}

export function createElizaRoutes(state: ElizaState): Route[] {
  const { store, g, controls } = state;
  const agentConfigs = new Map<string, TimeoutConfig>();

  const findAgent = (id: string) => state.agents.find((a) => a.id === id);
  const agentConfig = (agent: ElizaAgent): TimeoutConfig => {
    let c = agentConfigs.get(agent.id);
    if (!c) {
      c = agentTimeoutConfig(agent.settings, g);
      agentConfigs.set(agent.id, c);
    }
    return c;
  };

  /** Map lookup, then the lazy expiry check: an expired session is deleted and answers 410 once. */
  const liveSession = (sessionId: string, now: number): Session => {
    const session = store.sessions.get(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    if (session.expiresAt <= now) {
      store.sessions.delete(sessionId);
      throw sessionExpired(sessionId, iso(session.expiresAt));
    }
    return session;
  };

  const storeAgentReply = (session: Session, agent: ElizaAgent, userMsg: StoredMessage): void => {
    const reply = agentReply(agent, userMsg.content);
    store.addMessage({
      id: randomUUID(),
      channelId: session.channelId,
      authorId: agent.id,
      content: reply.text,
      rawMessage: jsonb({ text: reply.text, thought: reply.thought, actions: reply.actions }) as Record<string, unknown>,
      sourceType: 'agent_response',
      metadata: jsonb({ agent_id: agent.id, agentName: agent.name, channelType: 'DM', isDm: true }) as Record<string, unknown>,
      createdAt: Math.max(controls.clock.now(), userMsg.createdAt + 1),
    });
  };

  const api = (method: string, pattern: string, handler: ApiHandler): Route => ({
    method,
    pattern,
    handler: (req) => runApi(state, req, handler),
  });

  return [
    {
      method: 'GET',
      pattern: '/healthz',
      handler: () => json(200, { status: 'ok', timestamp: iso(controls.clock.now()) }),
    },

    api('GET', `${SESSIONS}/health`, (_req, { now }) => {
      let activeSessions = 0;
      let expiringSoon = 0;
      for (const s of store.sessions.values()) {
        if (s.expiresAt > now) {
          activeSessions += 1;
          if (store.shouldWarn(s, now)) expiringSoon += 1;
        }
      }
      return json(200, {
        status: 'healthy',
        activeSessions,
        timestamp: iso(now),
        expiringSoon,
        uptime: (performance.now() - state.startedAt) / 1000,
      });
    }),

    api('POST', SESSIONS, (_req, { body, now }) => {
      const b = body as Record<string, unknown> | undefined;
      if (!b || typeof b !== 'object' || typeof b.agentId !== 'string' || typeof b.userId !== 'string') {
        throw missingFields(['agentId', 'userId']);
      }
      if (!isUuid(b.agentId)) throw invalidUuid('agentId', b.agentId);
      if (!isUuid(b.userId)) throw invalidUuid('userId', b.userId);
      const agent = findAgent(b.agentId);
      if (!agent) throw agentNotFound(b.agentId);
      if (b.metadata) validateMetadata(b.metadata);
      const timeoutConfig = mergeTimeoutConfigs(b.timeoutConfig, agentConfig(agent), g);
      const sessionId = randomUUID();
      const channelId = randomUUID();
      store.channels.set(channelId, {
        id: channelId,
        name: `session-${sessionId}`,
        metadata: jsonb({
          sessionId,
          agentId: b.agentId,
          userId: b.userId,
          timeoutConfig,
          ...((b.metadata || {}) as object),
        }) as Record<string, unknown>,
      });
      const session: Session = {
        id: sessionId,
        agentId: b.agentId,
        channelId,
        userId: b.userId,
        metadata: b.metadata || {},
        createdAt: now,
        lastActivity: now,
        expiresAt: 0,
        timeoutConfig,
        renewalCount: 0,
        warned: false,
      };
      session.expiresAt = store.expiration(session, now);
      store.sessions.set(sessionId, session);
      return json(201, {
        sessionId,
        channelId,
        agentId: session.agentId,
        userId: session.userId,
        createdAt: iso(session.createdAt),
        metadata: session.metadata,
        expiresAt: iso(session.expiresAt),
        timeoutConfig: session.timeoutConfig,
      });
    }),

    api('GET', SESSIONS, (_req, { now }) => {
      const active = [...store.sessions.values()].filter((s) => s.expiresAt > now).map((s) => store.info(s, now));
      return json(200, {
        sessions: active,
        total: active.length,
        stats: {
          totalSessions: store.sessions.size,
          activeSessions: active.length,
          expiredSessions: store.sessions.size - active.length,
        },
      });
    }),

    api('GET', `${SESSIONS}/:sessionId`, (req, { now }) => {
      const session = liveSession(sessionIdOf(req), now);
      return json(200, store.info(session, now));
    }),

    api('POST', `${SESSIONS}/:sessionId/messages`, (req, { body, now }) => {
      const sessionId = sessionIdOf(req);
      // Property access on a missing body throws a TypeError, as in the real handler (→ 500).
      const b = body as Record<string, unknown>;
      const t = validateTransport(b.transport ?? b.mode);
      if (!t.ok) throw invalidContent(t.error);
      if (typeof b.content !== 'string') throw invalidContent('Invalid message request format');
      const session = liveSession(sessionId, now);
      const content = b.content;
      if (content.length === 0) throw invalidContent('Content cannot be empty');
      if (content.length > MAX_CONTENT_LENGTH) {
        throw invalidContent(`Content exceeds maximum length of ${MAX_CONTENT_LENGTH} characters`);
      }
      if (b.metadata) validateMetadata(b.metadata);

      const wasRenewed = store.renew(session, now);
      if (!session.timeoutConfig.autoRenew) session.lastActivity = now;
      if (store.shouldWarn(session, now)) session.warned = true;

      const channelMetadata = store.channels.get(session.channelId)?.metadata ?? {};
      const mergedMetadata = { ...channelMetadata, sessionId, ...((b.metadata || {}) as object) };
      const rawMessage = { content, attachments: b.attachments };
      const stored = store.addMessage({
        id: randomUUID(),
        channelId: session.channelId,
        authorId: session.userId,
        content,
        rawMessage: jsonb(rawMessage) as Record<string, unknown>,
        sourceType: 'user',
        metadata: jsonb(mergedMetadata) as Record<string, unknown>,
        createdAt: now,
      });
      const userMessage = {
        id: stored.id,
        channel_id: session.channelId,
        message_server_id: MESSAGE_SERVER_ID,
        author_id: session.userId,
        content,
        created_at: stored.createdAt,
        source_type: 'user',
        raw_message: rawMessage,
        metadata: mergedMetadata,
      };
      const sessionStatus = {
        expiresAt: iso(session.expiresAt),
        renewalCount: session.renewalCount,
        wasRenewed,
        isNearExpiration: store.shouldWarn(session, now),
      };
      const agent = findAgent(session.agentId);
      const reply = agent ? agentReply(agent, content) : undefined;

      if (t.transport === 'sse') {
        const events: Array<{ event: string; data: unknown }> = [{ event: 'user_message', data: userMessage }];
        if (reply) {
          const messageId = randomUUID();
          replyChunks(reply.text).forEach((chunk, index) => events.push({ event: 'chunk', data: { messageId, chunk, index } }));
          events.push({ event: 'done', data: reply });
        } else {
          events.push({ event: 'error', data: { error: `Agent ${session.agentId} not found` } });
        }
        return { status: 200, stream: (res) => writeSse(res, {}, events) };
      }
      if (t.transport === 'http') {
        if (!reply) return json(500, { success: false, error: 'Failed to process message in HTTP transport' });
        return json(201, { success: true, userMessage, agentResponse: reply, sessionStatus });
      }
      if (agent) {
        if (state.replyDelayMs <= 0) storeAgentReply(session, agent, stored);
        else state.schedule(() => storeAgentReply(session, agent, stored), state.replyDelayMs);
      }
      return json(201, { success: true, userMessage, sessionStatus });
    }),

    api('GET', `${SESSIONS}/:sessionId/messages`, (req, { now }) => {
      const session = liveSession(sessionIdOf(req), now);
      const param = (name: string): string | undefined => {
        const all = req.query.getAll(name);
        return all.length === 0 ? undefined : all.join(',');
      };
      const limitRaw = param('limit');
      const beforeRaw = param('before');
      const afterRaw = param('after');
      const limit = limitRaw ? safeParseInt(limitRaw, DEFAULT_LIMIT, 1, MAX_LIMIT) : DEFAULT_LIMIT;
      const parseTs = (name: string, raw: string | undefined): number | undefined => {
        if (!raw) return undefined;
        const ts = parseInt(raw, 10);
        if (Number.isNaN(ts) || !Number.isFinite(ts)) throw invalidPagination(name, raw, 'Must be a valid timestamp');
        if (Number.isNaN(new Date(ts).getTime())) throw invalidPagination(name, raw, 'Invalid date from timestamp');
        return ts;
      };
      const before = parseTs('before', beforeRaw);
      const after = parseTs('after', afterRaw);

      let messages: StoredMessage[];
      if (after !== undefined && before !== undefined) {
        const fetchLimit = Math.min(500, limit * 10);
        messages = store
          .messagesForChannel(session.channelId, fetchLimit, before)
          .filter((m) => m.createdAt > after && m.createdAt < before)
          .slice(0, limit);
      } else if (after !== undefined) {
        const fetchLimit = Math.min(1000, limit * 20);
        const newer = store.messagesForChannel(session.channelId, fetchLimit).filter((m) => m.createdAt > after);
        messages =
          newer.length > limit
            ? newer
                .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
                .slice(0, limit)
                .reverse()
            : newer;
      } else {
        messages = store.messagesForChannel(session.channelId, limit, before);
      }
      const simplified = messages.map(simplify);
      const out: Record<string, unknown> = { messages: simplified, hasMore: messages.length === limit };
      const oldest = messages[messages.length - 1];
      const newest = messages[0];
      if (oldest && newest) out.cursors = { before: oldest.createdAt, after: newest.createdAt };
      return json(200, out);
    }),

    api('POST', `${SESSIONS}/:sessionId/renew`, (req, { now }) => {
      const sessionId = sessionIdOf(req);
      const session = liveSession(sessionId, now);
      const previous = session.timeoutConfig.autoRenew;
      session.timeoutConfig.autoRenew = true;
      const renewed = store.renew(session, now);
      session.timeoutConfig.autoRenew = previous;
      if (!renewed) {
        throw renewalFailed(sessionId, {
          maxDuration: session.timeoutConfig.maxDurationMinutes,
          createdAt: iso(session.createdAt),
          timeSinceCreation: now - session.createdAt,
        });
      }
      return json(200, store.info(session, now));
    }),

    api('PATCH', `${SESSIONS}/:sessionId/timeout`, (req, { body, now }) => {
      const session = liveSession(sessionIdOf(req), now);
      if (!isValidTimeoutConfig(body)) throw invalidTimeoutConfig('Invalid timeout configuration format', body);
      const timeout = (body as Record<string, unknown>).timeoutMinutes;
      if (timeout !== undefined) {
        const v = Number(timeout);
        if (!Number.isNaN(v) && Number.isFinite(v) && (v < g.minTimeoutMinutes || v > g.maxTimeoutMinutes)) {
          throw invalidTimeoutConfig(`Timeout must be between ${g.minTimeoutMinutes} and ${g.maxTimeoutMinutes} minutes`, body);
        }
      }
      const agent = findAgent(session.agentId);
      session.timeoutConfig = mergeTimeoutConfigs(body, agent ? agentConfig(agent) : undefined, g);
      session.expiresAt = store.expiration(session, now);
      return json(200, store.info(session, now));
    }),

    api('POST', `${SESSIONS}/:sessionId/heartbeat`, (req, { now }) => {
      const session = liveSession(sessionIdOf(req), now);
      session.lastActivity = now;
      if (session.timeoutConfig.autoRenew) store.renew(session, now);
      return json(200, store.info(session, now));
    }),

    api('DELETE', `${SESSIONS}/:sessionId`, (req) => {
      const sessionId = sessionIdOf(req);
      if (!store.sessions.has(sessionId)) throw sessionNotFound(sessionId);
      store.sessions.delete(sessionId);
      return json(200, { success: true, message: `Session ${sessionId} deleted successfully` });
    }),
  ];
}

/** Answer for paths no route matches: `/api/*` runs the pipeline and ends in 404 JSON, the rest is 403. */
export function notFoundResponse(state: ElizaState, req: EmuRequest): EmuResponse {
  if (req.method === 'OPTIONS') return { status: 204, headers: corsHeaders(req) };
  if (!req.rawPath.startsWith('/api/')) return FORBIDDEN;
  return {
    status: 404,
    stream: async (res) => {
      const out = await runApi(state, req, undefined);
      req.raw.resume();
      writeResponse(res, out);
    },
  };
}

function corsHeaders(req: EmuRequest): Record<string, string> {
  const h: Record<string, string> = {
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,PATCH,OPTIONS',
    'access-control-allow-headers': 'Content-Type,Authorization,X-API-KEY',
    vary: 'Origin, Access-Control-Request-Headers',
  };
  const origin = req.headers.origin;
  if (origin) h['access-control-allow-origin'] = origin;
  return h;
}
