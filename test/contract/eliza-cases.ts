/**
 * The ElizaOS Sessions API contract (`@elizaos/server` 1.7.2, router at /api/messaging/sessions),
 * written once and run against two targets: the real server (eliza.real.test.ts) and our emulator
 * (eliza.emulator.test.ts).
 *
 * Every case does real HTTP against `target.baseUrl`, checks the semantics that cannot be written
 * as a fixed value (ordering, cursor values, expiry arithmetic) with `expect`, and returns a
 * normalised result that the test compares with the hand-written `expected` value: UUIDs become
 * `<agent>`, `<user>`, `<session>`, ... (or `<uuid>` when not known to the case), ISO-8601 timestamps
 * become `<iso>` and epoch-millisecond fields become `<ms>`.
 *
 * Both targets must be configured alike:
 * - one agent named `TestAgent` that replies to every message (the real server uses a canned model);
 * - `SESSION_MIN_TIMEOUT_MINUTES = 1` (so the expiry case needs one minute, and the PATCH range
 *   message reads "between 1 and 1440 minutes"); other session settings at their defaults;
 * - no expired-session sweep while the suite runs (the expiry case expects 410 on first touch).
 */
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';

export interface ElizaTarget {
  /** Server origin without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Id of the agent `TestAgent`. */
  agentId: string;
  /** Sent as `X-API-KEY` on every request when set. */
  apiKey?: string;
  /**
   * Lets `ms` of server time pass. The real server needs a real wait; the emulator moves its clock.
   * Cases call it for expiry and to get distinct millisecond timestamps between messages.
   */
  advanceTime(ms: number): Promise<void>;
}

export interface ElizaCase {
  name: string;
  run(t: ElizaTarget): Promise<unknown>;
  expected: unknown;
  /** Per-test timeout when the default is not enough. */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

export interface Reply {
  status: number;
  /** Media type of the answer without parameters (`application/json`), or `''` when absent. */
  type: string;
  body: unknown;
}

interface CallOptions {
  /** Serialised as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body; `contentType` decides the header (none when omitted). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Do not send the target's API key. */
  noKey?: boolean;
}

const SESSIONS = '/api/messaging/sessions';

function mediaType(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseBody(type: string, text: string): unknown {
  if (type === 'application/json' && text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export async function call(t: ElizaTarget, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (t.apiKey !== undefined && !opts.noKey) headers['x-api-key'] = t.apiKey;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    if (opts.contentType !== undefined) headers['content-type'] = opts.contentType;
    // bytes, so that fetch does not add a text/plain content type of its own
    body = new TextEncoder().encode(opts.raw);
  }
  const res = await fetch(t.baseUrl + path, { method, headers, body });
  const type = mediaType(res.headers.get('content-type'));
  return { status: res.status, type, body: parseBody(type, await res.text()) };
}

/**
 * Sends a request with the path exactly as given: `fetch` (like any WHATWG URL user) would resolve
 * `..` and `%2E%2E` segments before sending.
 */
export function rawCall(t: ElizaTarget, method: string, rawPath: string): Promise<Reply> {
  const url = new URL(t.baseUrl);
  const headers: Record<string, string> = {};
  if (t.apiKey !== undefined) headers['x-api-key'] = t.apiKey;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path: rawPath, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const type = mediaType(res.headers['content-type']);
          resolve({ status: res.statusCode ?? 0, type, body: parseBody(type, Buffer.concat(chunks).toString('utf8')) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    const joined = data.join('\n');
    let parsed: unknown = joined;
    try {
      parsed = JSON.parse(joined) as unknown;
    } catch {
      // keep the text
    }
    events.push({ event, data: parsed });
  }
  return events;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Normalisation

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const ISO_FULL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The message server id of a stand-alone server; a fixed value, kept as is. */
export const DEFAULT_MESSAGE_SERVER_ID = '00000000-0000-0000-0000-000000000000';
/** Keys whose integer values are epoch milliseconds or durations in milliseconds. */
const MS_KEYS = new Set(['created_at', 'before', 'after', 'timeRemaining']);

export type Names = Record<string, string>;

/**
 * Replaces volatile values by placeholders. Error bodies of the real server always carry a `stack`
 * string (absolute file paths of that machine); the emulator leaves it out by design, so `stack` is
 * dropped here and never compared.
 */
export function norm(value: unknown, names: Names = {}, key?: string): unknown {
  if (typeof value === 'string') {
    if (ISO_FULL_RE.test(value)) return '<iso>';
    return value
      .replace(UUID_RE, (u) => (u === DEFAULT_MESSAGE_SERVER_ID ? u : (names[u] ?? '<uuid>')))
      .replace(ISO_RE, '<iso>');
  }
  if (typeof value === 'number') {
    if (key !== undefined && MS_KEYS.has(key) && Number.isInteger(value) && value >= 0) return '<ms>';
    if (key === 'uptime' && Number.isFinite(value) && value >= 0) return '<seconds>';
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => norm(v, names));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'stack' && typeof v === 'string') continue;
      out[k] = norm(v, names, k);
    }
    return out;
  }
  return value;
}

function obj(v: unknown): Record<string, any> {
  expect(v !== null && typeof v === 'object' && !Array.isArray(v), `expected a JSON object, got ${JSON.stringify(v)}`).toBe(true);
  return v as Record<string, any>;
}

function ms(iso: unknown): number {
  expect(typeof iso === 'string' && ISO_FULL_RE.test(iso), `expected an ISO timestamp, got ${String(iso)}`).toBe(true);
  return Date.parse(iso as string);
}

const MIN = 60_000;

// ---------------------------------------------------------------------------------------------
// Session helpers

interface Created {
  reply: Reply;
  body: Record<string, any>;
  sessionId: string;
  channelId: string;
  userId: string;
  names: Names;
}

async function createSession(
  t: ElizaTarget,
  extra: { metadata?: unknown; timeoutConfig?: unknown } = {},
  userId: string = randomUUID(),
): Promise<Created> {
  const reply = await call(t, 'POST', SESSIONS, { json: { agentId: t.agentId, userId, ...extra } });
  expect(reply.status, `create: ${JSON.stringify(reply.body)}`).toBe(201);
  const body = obj(reply.body);
  const sessionId = String(body.sessionId);
  const channelId = String(body.channelId);
  return {
    reply,
    body,
    sessionId,
    channelId,
    userId,
    names: { [t.agentId]: '<agent>', [userId]: '<user>', [sessionId]: '<session>', [channelId]: '<channel>' },
  };
}

function sessionPath(id: string, tail = ''): string {
  return `${SESSIONS}/${encodeURIComponent(id)}${tail}`;
}

async function listMessages(t: ElizaTarget, sessionId: string, query = ''): Promise<Reply> {
  return call(t, 'GET', sessionPath(sessionId, '/messages') + query);
}

/** Polls GET messages (bounded) until `count` messages are stored; the agent replies asynchronously. */
async function waitForMessages(t: ElizaTarget, sessionId: string, count: number, timeoutMs = 10_000): Promise<Record<string, any>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await listMessages(t, sessionId);
    expect(r.status).toBe(200);
    const msgs = obj(r.body).messages as Record<string, any>[];
    if (msgs.length >= count || Date.now() > deadline) return msgs;
    await realSleep(100);
  }
}

const DEFAULT_TIMEOUT_CONFIG = { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 };

/**
 * An agent reply as stored: its text, thought and actions come from the agent runtime (a canned
 * model on the real server, the emulator's own reply generator), so only the text's presence and
 * the fields that identify the agent are compared.
 */
function normAgentMessage(m: Record<string, any>, t: ElizaTarget, names: Names): unknown {
  expect(typeof m.content === 'string' && m.content.length > 0, 'agent reply text').toBe(true);
  const meta = obj(m.metadata);
  return norm(
    {
      ...m,
      content: '<agent-text>',
      metadata: { agent_id: meta.agent_id, agentName: meta.agentName },
    },
    { ...names, [t.agentId]: '<agent>' },
  );
}

/** The agent's answer object (agentResponse, SSE `done`): only its text is part of the contract. */
function normAgentContent(c: unknown): unknown {
  const o = obj(c);
  expect(typeof o.text === 'string' && o.text.length > 0, `agent text in ${JSON.stringify(c)}`).toBe(true);
  return { text: '<agent-text>' };
}

function errorBody(code: string, message: string, details?: unknown): unknown {
  const error: Record<string, unknown> = { code, message, timestamp: '<iso>' };
  if (details !== undefined) error.details = details;
  return { error };
}

function notFound(what: string): unknown {
  return { status: 404, type: 'application/json', body: errorBody('SESSION_NOT_FOUND', `Session with ID '${what}' not found`) };
}

function validation(message: string, details: unknown): unknown {
  return { status: 400, type: 'application/json', body: errorBody('VALIDATION_ERROR', message, details) };
}

/** Fresh session info for a session created with default settings and `metadata`. */
function freshInfo(metadata: unknown, timeoutConfig: unknown = DEFAULT_TIMEOUT_CONFIG): unknown {
  return {
    sessionId: '<session>',
    channelId: '<channel>',
    agentId: '<agent>',
    userId: '<user>',
    createdAt: '<iso>',
    lastActivity: '<iso>',
    metadata,
    expiresAt: '<iso>',
    timeoutConfig,
    renewalCount: 0,
    timeRemaining: '<ms>',
    isNearExpiration: false,
  };
}

const UNKNOWN_AGENT = '0b7c3a1e-5d2f-4e8a-9c6b-1f2e3d4c5b6a';
const MISSING_SESSION = '3f0c9a52-8b1e-4d6f-a2c7-9e8d7c6b5a41';

function userMessageMeta(sessionMetadata: Record<string, unknown>, extra: Record<string, unknown> = {}, timeoutConfig: unknown = DEFAULT_TIMEOUT_CONFIG) {
  return { userId: '<user>', agentId: '<agent>', sessionId: '<session>', timeoutConfig, ...sessionMetadata, ...extra };
}

// ---------------------------------------------------------------------------------------------
// The cases

export const elizaCases: ElizaCase[] = [
  {
    name: 'GET /sessions/health answers 200 with counters',
    async run(t) {
      const r = await call(t, 'GET', `${SESSIONS}/health`);
      const b = obj(r.body);
      expect(Number.isInteger(b.activeSessions) && b.activeSessions >= 0).toBe(true);
      expect(Number.isInteger(b.expiringSoon) && b.expiringSoon >= 0).toBe(true);
      await createSession(t);
      const after = obj((await call(t, 'GET', `${SESSIONS}/health`)).body);
      expect(after.activeSessions).toBeGreaterThanOrEqual(1);
      return norm({ ...r, body: { ...b, activeSessions: '<count>', expiringSoon: '<count>' } });
    },
    expected: {
      status: 200,
      type: 'application/json',
      body: { status: 'healthy', activeSessions: '<count>', timestamp: '<iso>', expiringSoon: '<count>', uptime: '<seconds>' },
    },
  },

  {
    name: 'POST /sessions creates a session (201, CreateSessionResponse)',
    async run(t) {
      const metadata = { platform: 'contract-test', username: 'alice', nested: { list: [1, 2, 3], flag: true } };
      const c = await createSession(t, { metadata });
      expect(c.sessionId).toMatch(UUID_V4_RE);
      expect(c.channelId).toMatch(UUID_V4_RE);
      expect(c.sessionId).not.toBe(c.channelId);
      expect(ms(c.body.expiresAt) - ms(c.body.createdAt)).toBe(30 * MIN);
      return norm(c.reply, c.names);
    },
    expected: {
      status: 201,
      type: 'application/json',
      body: {
        sessionId: '<session>',
        channelId: '<channel>',
        agentId: '<agent>',
        userId: '<user>',
        createdAt: '<iso>',
        metadata: { platform: 'contract-test', username: 'alice', nested: { list: [1, 2, 3], flag: true } },
        expiresAt: '<iso>',
        timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
      },
    },
  },

  {
    name: 'POST /sessions without agentId/userId strings answers 400 missing fields',
    async run(t) {
      const user = randomUUID();
      const bodies: unknown[] = [{}, { agentId: t.agentId }, { userId: user }, { agentId: 123, userId: user }, []];
      const out = [];
      for (const json of bodies) out.push(norm(await call(t, 'POST', SESSIONS, { json })));
      return out;
    },
    expected: Array.from({ length: 5 }, () =>
      validation('Missing required fields: agentId, userId', { missingFields: ['agentId', 'userId'] }),
    ),
  },

  {
    name: 'POST /sessions with malformed UUIDs answers 400 (agentId checked first)',
    async run(t) {
      const user = randomUUID();
      const names = { [t.agentId]: '<agent>', [user]: '<user>' };
      return [
        norm(await call(t, 'POST', SESSIONS, { json: { agentId: 'not-a-uuid', userId: user } }), names),
        norm(await call(t, 'POST', SESSIONS, { json: { agentId: t.agentId, userId: 'also-bad' } }), names),
        norm(await call(t, 'POST', SESSIONS, { json: { agentId: 'x', userId: 'y' } }), names),
        norm(await call(t, 'POST', SESSIONS, { json: { agentId: t.agentId, userId: '11111111222243338444555555555555' } }), names),
      ];
    },
    expected: [
      validation("Invalid UUID format for field 'agentId'", { providedValue: 'not-a-uuid', expectedFormat: 'UUID v4' }),
      validation("Invalid UUID format for field 'userId'", { providedValue: 'also-bad', expectedFormat: 'UUID v4' }),
      validation("Invalid UUID format for field 'agentId'", { providedValue: 'x', expectedFormat: 'UUID v4' }),
      validation("Invalid UUID format for field 'userId'", {
        providedValue: '11111111222243338444555555555555',
        expectedFormat: 'UUID v4',
      }),
    ],
  },

  {
    name: 'POST /sessions for an agent not running answers 404 AGENT_NOT_FOUND (before the metadata check)',
    async run(t) {
      const user = randomUUID();
      const names = { [UNKNOWN_AGENT]: '<unknown-agent>', [user]: '<user>' };
      return [
        norm(await call(t, 'POST', SESSIONS, { json: { agentId: UNKNOWN_AGENT, userId: user } }), names),
        norm(
          await call(t, 'POST', SESSIONS, { json: { agentId: UNKNOWN_AGENT, userId: user, metadata: { b: 'x'.repeat(20_000) } } }),
          names,
        ),
      ];
    },
    expected: [
      { status: 404, type: 'application/json', body: errorBody('AGENT_NOT_FOUND', "Agent with ID '<unknown-agent>' not found") },
      { status: 404, type: 'application/json', body: errorBody('AGENT_NOT_FOUND', "Agent with ID '<unknown-agent>' not found") },
    ],
  },

  {
    name: 'POST /sessions limits metadata to 10240 JSON characters',
    async run(t) {
      // JSON.stringify({ b: s }) is s.length + 8 characters
      const atLimit = { b: 'x'.repeat(10_232) };
      const overLimit = { b: 'x'.repeat(10_233) };
      const ok = await createSession(t, { metadata: atLimit });
      expect(ok.body.metadata).toEqual(atLimit);
      const bad = await call(t, 'POST', SESSIONS, { json: { agentId: t.agentId, userId: randomUUID(), metadata: overLimit } });
      const details = obj(obj(obj(bad.body).error).details);
      expect(details.providedMetadata).toEqual(overLimit);
      details.providedMetadata = '<the metadata sent>';
      return [ok.reply.status, norm(bad)];
    },
    expected: [
      201,
      validation('Invalid metadata: Metadata exceeds maximum size of 10240 bytes', {
        reason: 'Metadata exceeds maximum size of 10240 bytes',
        providedMetadata: '<the metadata sent>',
      }),
    ],
  },

  {
    name: 'POST /sessions clamps and defaults timeoutConfig (numeric strings accepted, never rejected)',
    async run(t) {
      const inputs: unknown[] = [
        { timeoutMinutes: 0 },
        { timeoutMinutes: -10 },
        { timeoutMinutes: 99_999 },
        { timeoutMinutes: '60' },
        { timeoutMinutes: 'abc' },
        { timeoutMinutes: 2.5 },
        { timeoutMinutes: 60, maxDurationMinutes: 10 },
        { maxDurationMinutes: '100000' },
        { maxDurationMinutes: 'soon' },
        { warningThresholdMinutes: 0 },
        { warningThresholdMinutes: '7' },
        { warningThresholdMinutes: 5000 },
        { autoRenew: false },
        { autoRenew: 'no' },
        { unknownKey: 1 },
        { timeoutMinutes: '15', maxDurationMinutes: '20', warningThresholdMinutes: '3' },
      ];
      const out = [];
      for (const timeoutConfig of inputs) {
        const c = await createSession(t, { timeoutConfig });
        out.push({
          timeoutConfig: c.body.timeoutConfig as unknown,
          lifetimeMs: ms(c.body.expiresAt) - ms(c.body.createdAt),
        });
        await call(t, 'DELETE', sessionPath(c.sessionId));
      }
      return out;
    },
    expected: [
      // SESSION_MIN_TIMEOUT_MINUTES is 1 on both targets
      { timeoutConfig: { timeoutMinutes: 1, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 60_000 },
      { timeoutConfig: { timeoutMinutes: 1, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 60_000 },
      // the lifetime is capped by maxDurationMinutes (720)
      { timeoutConfig: { timeoutMinutes: 1440, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 43_200_000 },
      { timeoutConfig: { timeoutMinutes: 60, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 3_600_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 2.5, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 150_000 },
      { timeoutConfig: { timeoutMinutes: 60, autoRenew: true, maxDurationMinutes: 60, warningThresholdMinutes: 5 }, lifetimeMs: 3_600_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 2880, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 1 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 7 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5000 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      // autoRenew is copied as given on create (only PATCH type-checks it)
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: 'no', maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 }, lifetimeMs: 1_800_000 },
      { timeoutConfig: { timeoutMinutes: 15, autoRenew: true, maxDurationMinutes: 20, warningThresholdMinutes: 3 }, lifetimeMs: 900_000 },
    ],
  },

  {
    name: 'GET /sessions lists live sessions in creation order with stats',
    async run(t) {
      const user = randomUUID();
      const a = await createSession(t, { metadata: { n: 'a' } }, user);
      const b = await createSession(t, { metadata: { n: 'b' } }, user);
      const r = await call(t, 'GET', SESSIONS);
      const body = obj(r.body);
      const sessions = body.sessions as Record<string, any>[];
      expect(Array.isArray(sessions)).toBe(true);
      const ia = sessions.findIndex((s) => s.sessionId === a.sessionId);
      const ib = sessions.findIndex((s) => s.sessionId === b.sessionId);
      expect(ia).toBeGreaterThanOrEqual(0);
      expect(ib).toBeGreaterThan(ia);
      for (const s of sessions) expect(s.timeRemaining).toBeGreaterThan(0);
      expect(body.total).toBe(sessions.length);
      const stats = obj(body.stats);
      expect(stats.activeSessions).toBe(sessions.length);
      expect(stats.totalSessions).toBeGreaterThanOrEqual(stats.activeSessions);
      expect(stats.expiredSessions).toBe(stats.totalSessions - stats.activeSessions);
      const item = sessions[ia]!;
      expect(item.createdAt).toBe(a.body.createdAt);
      expect(item.expiresAt).toBe(a.body.expiresAt);
      return {
        status: r.status,
        type: r.type,
        keys: Object.keys(body).sort(),
        statsKeys: Object.keys(stats).sort(),
        item: norm(item, a.names),
      };
    },
    expected: {
      status: 200,
      type: 'application/json',
      keys: ['sessions', 'stats', 'total'],
      statsKeys: ['activeSessions', 'expiredSessions', 'totalSessions'],
      item: freshInfo({ n: 'a' }),
    },
  },

  {
    name: 'GET /sessions/:id answers SessionInfo',
    async run(t) {
      const c = await createSession(t, { metadata: { platform: 'web' } });
      const r = await call(t, 'GET', sessionPath(c.sessionId));
      const b = obj(r.body);
      expect(b.createdAt).toBe(c.body.createdAt);
      expect(b.lastActivity).toBe(c.body.createdAt);
      expect(b.expiresAt).toBe(c.body.expiresAt);
      expect(b.timeRemaining).toBeGreaterThan(0);
      expect(b.timeRemaining).toBeLessThanOrEqual(30 * MIN);
      return norm(r, c.names);
    },
    expected: { status: 200, type: 'application/json', body: freshInfo({ platform: 'web' }) },
  },

  {
    name: 'every session route answers 404 SESSION_NOT_FOUND for an unknown id',
    async run(t) {
      const names = { [MISSING_SESSION]: '<missing>' };
      const p = (tail = '') => sessionPath(MISSING_SESSION, tail);
      return [
        norm(await call(t, 'GET', p()), names),
        norm(await call(t, 'GET', p('/messages')), names),
        norm(await call(t, 'POST', p('/messages'), { json: { content: 'hi' } }), names),
        norm(await call(t, 'POST', p('/renew')), names),
        norm(await call(t, 'POST', p('/heartbeat')), names),
        // the session is looked up before the body is validated
        norm(await call(t, 'PATCH', p('/timeout'), { json: { timeoutMinutes: 0 } }), names),
        norm(await call(t, 'DELETE', p()), names),
      ];
    },
    expected: Array.from({ length: 7 }, () => notFound('<missing>')),
  },

  {
    name: 'hostile session ids are plain unknown ids (404 with the decoded id)',
    async run(t) {
      const long = 'a'.repeat(300);
      return [
        norm(await rawCall(t, 'GET', `${SESSIONS}/..`)),
        norm(await rawCall(t, 'GET', `${SESSIONS}/%2E%2E`)),
        norm(await rawCall(t, 'GET', `${SESSIONS}/%2F`)),
        norm(await rawCall(t, 'GET', `${SESSIONS}/%2e%2e%2f%2e%2e%2fetc%2fpasswd`)),
        norm(await rawCall(t, 'GET', `${SESSIONS}/${long}`)),
        norm(await rawCall(t, 'DELETE', `${SESSIONS}/..`)),
        norm(await rawCall(t, 'GET', `${SESSIONS}/%2F/messages`)),
      ];
    },
    expected: [
      notFound('..'),
      notFound('..'),
      notFound('/'),
      notFound('../../etc/passwd'),
      notFound('a'.repeat(300)),
      notFound('..'),
      notFound('/'),
    ],
  },

  {
    name: 'POST /sessions/:id/messages (default transport) answers 201 with the snake_case userMessage; the reply is stored later',
    async run(t) {
      const c = await createSession(t, { metadata: { platform: 'contract-test' } });
      const r = await call(t, 'POST', sessionPath(c.sessionId, '/messages'), {
        json: { content: 'hello agent', metadata: { clientRef: 'c-1' } },
      });
      const b = obj(r.body);
      const um = obj(b.userMessage);
      const names = { ...c.names, [String(um.id)]: '<user-message>' };
      expect(Number.isInteger(um.created_at)).toBe(true);
      expect(um.created_at).toBeGreaterThanOrEqual(ms(c.body.createdAt));
      const status = obj(b.sessionStatus);
      // renewed at the send: expiresAt = lastActivity + 30 min, lastActivity just before the message is stored
      const exp = ms(status.expiresAt);
      expect(exp - 30 * MIN).toBeLessThanOrEqual(um.created_at as number);
      expect(exp - 30 * MIN).toBeGreaterThanOrEqual((um.created_at as number) - 2000);

      const msgs = await waitForMessages(t, c.sessionId, 2);
      expect(msgs.length).toBe(2);
      const [reply, mine] = msgs as [Record<string, any>, Record<string, any>];
      expect(mine.id).toBe(um.id);
      expect(ms(mine.createdAt)).toBe(um.created_at);
      expect(ms(reply.createdAt)).toBeGreaterThanOrEqual(ms(mine.createdAt));

      const info = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      expect(info.renewalCount).toBe(1);
      expect(info.expiresAt).toBe(status.expiresAt);
      return { send: norm(r, names), history: [normAgentMessage(reply, t, names), norm(mine, names)] };
    },
    expected: {
      send: {
        status: 201,
        type: 'application/json',
        body: {
          success: true,
          userMessage: {
            id: '<user-message>',
            channel_id: '<channel>',
            message_server_id: '00000000-0000-0000-0000-000000000000',
            author_id: '<user>',
            content: 'hello agent',
            created_at: '<ms>',
            source_type: 'user',
            raw_message: { content: 'hello agent' },
            metadata: userMessageMeta({ platform: 'contract-test' }, { clientRef: 'c-1' }),
          },
          sessionStatus: { expiresAt: '<iso>', renewalCount: 1, wasRenewed: true, isNearExpiration: false },
        },
      },
      history: [
        {
          id: '<uuid>',
          content: '<agent-text>',
          authorId: '<agent>',
          isAgent: true,
          createdAt: '<iso>',
          metadata: { agent_id: '<agent>', agentName: 'TestAgent' },
        },
        {
          id: '<user-message>',
          content: 'hello agent',
          authorId: '<user>',
          isAgent: false,
          createdAt: '<iso>',
          metadata: userMessageMeta({ platform: 'contract-test' }, { clientRef: 'c-1' }),
        },
      ],
    },
  },

  {
    name: 'POST /sessions/:id/messages validates transport, then content type, then the session, then content and metadata',
    timeoutMs: 40_000,
    async run(t) {
      const c = await createSession(t);
      const names = { ...c.names, [MISSING_SESSION]: '<missing>' };
      const missing = sessionPath(MISSING_SESSION, '/messages');
      const known = sessionPath(c.sessionId, '/messages');
      const send = async (path: string, json: unknown) => norm(await call(t, 'POST', path, { json }), names);
      const results = [
        await send(missing, { content: 'hi', transport: 'carrier-pigeon' }),
        await send(missing, { content: 'hi', transport: 42 }),
        await send(missing, { content: 42 }),
        await send(missing, {}),
        await send(missing, { content: '' }),
        await send(missing, { content: 'x'.repeat(4001) }),
        await send(known, { content: '' }),
        await send(known, { content: 'x'.repeat(4001) }),
        await send(known, { content: 42 }),
        await send(known, { content: '\u{1F600}'.repeat(2000) + 'a' }),
      ];
      const big = await call(t, 'POST', known, { json: { content: 'ok', metadata: { b: 'x'.repeat(10_233) } } });
      const bigDetails = obj(obj(obj(big.body).error).details);
      expect(bigDetails.providedMetadata).toEqual({ b: 'x'.repeat(10_233) });
      bigDetails.providedMetadata = '<the metadata sent>';
      results.push(norm(big, names));
      // content length counts UTF-16 code units: 4000 is accepted, also as 2000 surrogate pairs
      const okPlain = await call(t, 'POST', known, { json: { content: 'x'.repeat(4000) } });
      const okEmoji = await call(t, 'POST', known, { json: { content: '\u{1F600}'.repeat(2000) } });
      results.push(okPlain.status, okEmoji.status);
      // only the two accepted messages renewed the session
      const info = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      results.push({ renewalCount: info.renewalCount });
      return results;
    },
    expected: [
      validation('Invalid content: Invalid transport "carrier-pigeon". Must be one of: http, sse, websocket, sync, stream', {
        reason: 'Invalid transport "carrier-pigeon". Must be one of: http, sse, websocket, sync, stream',
      }),
      validation('Invalid content: Invalid transport type "number". Transport must be a string.', {
        reason: 'Invalid transport type "number". Transport must be a string.',
      }),
      validation('Invalid content: Invalid message request format', { reason: 'Invalid message request format' }),
      validation('Invalid content: Invalid message request format', { reason: 'Invalid message request format' }),
      notFound('<missing>'),
      notFound('<missing>'),
      validation('Invalid content: Content cannot be empty', { reason: 'Content cannot be empty' }),
      validation('Invalid content: Content exceeds maximum length of 4000 characters', {
        reason: 'Content exceeds maximum length of 4000 characters',
      }),
      validation('Invalid content: Invalid message request format', { reason: 'Invalid message request format' }),
      validation('Invalid content: Content exceeds maximum length of 4000 characters', {
        reason: 'Content exceeds maximum length of 4000 characters',
      }),
      validation('Invalid metadata: Metadata exceeds maximum size of 10240 bytes', {
        reason: 'Metadata exceeds maximum size of 10240 bytes',
        providedMetadata: '<the metadata sent>',
      }),
      201,
      201,
      { renewalCount: 2 },
    ],
  },

  {
    name: 'transport "http" (and legacy mode "sync") waits for the reply; the reply is not stored',
    timeoutMs: 40_000,
    async run(t) {
      const c = await createSession(t);
      const path = sessionPath(c.sessionId, '/messages');
      const first = await call(t, 'POST', path, { json: { content: 'sync please', transport: 'http' } });
      const second = await call(t, 'POST', path, { json: { content: 'legacy sync', mode: 'sync' } });
      const out = [];
      for (const r of [first, second]) {
        const b = obj(r.body);
        const names = { ...c.names, [String(obj(b.userMessage).id)]: '<user-message>' };
        out.push(norm({ ...r, body: { ...b, agentResponse: normAgentContent(b.agentResponse) } }, names));
      }
      // give a (wrongly) stored reply time to show up before counting
      await realSleep(500);
      const msgs = (obj((await listMessages(t, c.sessionId)).body).messages as Record<string, any>[]).map((m) => ({
        content: m.content as unknown,
        isAgent: m.isAgent as unknown,
      }));
      return { replies: out, history: msgs };
    },
    expected: {
      replies: ['sync please', 'legacy sync'].map((content, i) => ({
        status: 201,
        type: 'application/json',
        body: {
          success: true,
          userMessage: {
            id: '<user-message>',
            channel_id: '<channel>',
            message_server_id: '00000000-0000-0000-0000-000000000000',
            author_id: '<user>',
            content,
            created_at: '<ms>',
            source_type: 'user',
            raw_message: { content },
            metadata: userMessageMeta({}),
          },
          agentResponse: { text: '<agent-text>' },
          sessionStatus: { expiresAt: '<iso>', renewalCount: i + 1, wasRenewed: true, isNearExpiration: false },
        },
      })),
      history: [
        { content: 'legacy sync', isAgent: false },
        { content: 'sync please', isAgent: false },
      ],
    },
  },

  {
    name: 'transport "sse" (and legacy mode "stream") streams user_message then done',
    timeoutMs: 40_000,
    async run(t) {
      const c = await createSession(t);
      const path = sessionPath(c.sessionId, '/messages');
      const out = [];
      for (const json of [
        { content: 'stream please', transport: 'sse' },
        { content: 'legacy stream', mode: 'stream' },
      ]) {
        const r = await call(t, 'POST', path, { json });
        expect(typeof r.body).toBe('string');
        const events = parseSse(r.body as string);
        // `chunk` events appear only when the model streams; the real server's canned model does
        // not, so they are checked for shape and then left out of the comparison
        const chunks = events.filter((e) => e.event === 'chunk');
        chunks.forEach((e, i) => {
          const d = obj(e.data);
          expect(typeof d.chunk).toBe('string');
          expect(d.index).toBe(i);
        });
        const names = { ...c.names };
        const first = events[0];
        if (first?.event === 'user_message') names[String(obj(first.data).id)] = '<user-message>';
        out.push({
          status: r.status,
          type: r.type,
          events: events
            .filter((e) => e.event !== 'chunk')
            .map((e) => (e.event === 'done' ? { event: 'done', data: normAgentContent(e.data) } : norm(e, names))),
        });
      }
      await realSleep(500);
      const history = (obj((await listMessages(t, c.sessionId)).body).messages as Record<string, any>[]).map(
        (m) => m.content as unknown,
      );
      const info = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      return { streams: out, history, renewalCount: info.renewalCount };
    },
    expected: {
      streams: ['stream please', 'legacy stream'].map((content) => ({
        status: 200,
        type: 'text/event-stream',
        events: [
          {
            event: 'user_message',
            data: {
              id: '<user-message>',
              channel_id: '<channel>',
              message_server_id: '00000000-0000-0000-0000-000000000000',
              author_id: '<user>',
              content,
              created_at: '<ms>',
              source_type: 'user',
              raw_message: { content },
              metadata: userMessageMeta({}),
            },
          },
          { event: 'done', data: { text: '<agent-text>' } },
        ],
      })),
      history: ['legacy stream', 'stream please'],
      renewalCount: 2,
    },
  },

  {
    name: 'GET /sessions/:id/messages pages newest-first with before/after cursors and clamps limit',
    timeoutMs: 60_000,
    async run(t) {
      const c = await createSession(t);
      const path = sessionPath(c.sessionId, '/messages');
      const sent: { id: string; at: number; content: string }[] = [];
      for (let i = 1; i <= 12; i++) {
        const content = `m${String(i).padStart(2, '0')}`;
        // transport http: the agent's reply is returned, not stored, so the history holds exactly these
        const r = await call(t, 'POST', path, { json: { content, transport: 'http' } });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        const um = obj(obj(r.body).userMessage);
        sent.push({ id: String(um.id), at: um.created_at as number, content });
        await t.advanceTime(3);
      }
      for (let i = 1; i < sent.length; i++) expect(sent[i]!.at).toBeGreaterThan(sent[i - 1]!.at);
      const at = (content: string) => sent.find((s) => s.content === content)!.at;

      const page = async (query: string) => {
        const r = await listMessages(t, c.sessionId, query);
        expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(200);
        const b = obj(r.body);
        const msgs = b.messages as Record<string, any>[];
        for (let i = 1; i < msgs.length; i++) expect(ms(msgs[i - 1]!.createdAt)).toBeGreaterThan(ms(msgs[i]!.createdAt));
        for (const m of msgs) {
          const s = sent.find((x) => x.id === m.id);
          expect(s, `message ${String(m.id)} was sent`).toBeDefined();
          expect(ms(m.createdAt)).toBe(s!.at);
          expect(m.content).toBe(s!.content);
        }
        if (msgs.length > 0) {
          expect(b.cursors).toEqual({ before: ms(msgs[msgs.length - 1]!.createdAt), after: ms(msgs[0]!.createdAt) });
        } else {
          expect('cursors' in b).toBe(false);
        }
        expect(Object.keys(b).sort()).toEqual(msgs.length > 0 ? ['cursors', 'hasMore', 'messages'] : ['hasMore', 'messages']);
        return { contents: msgs.map((m) => m.content as string), hasMore: b.hasMore as unknown, cursors: b.cursors as { before: number; after: number } | undefined };
      };
      const view = (p: Awaited<ReturnType<typeof page>>) => ({ contents: p.contents, hasMore: p.hasMore });

      // newest to oldest with `before`
      const backward = [];
      let p = await page('?limit=5');
      backward.push(view(p));
      while (p.cursors) {
        p = await page(`?limit=5&before=${p.cursors.before}`);
        backward.push(view(p));
      }
      // oldest to newest with `after`
      const forward = [];
      p = await page('?limit=5&after=0');
      forward.push(view(p));
      while (p.cursors) {
        p = await page(`?limit=5&after=${p.cursors.after}`);
        forward.push(view(p));
      }
      const range = [
        view(await page(`?after=${at('m03')}&before=${at('m09')}`)),
        view(await page(`?limit=2&after=${at('m03')}&before=${at('m09')}`)),
      ];
      const limits: Record<string, unknown> = {};
      for (const q of ['', '?limit=0', '?limit=1000', '?limit=abc', '?limit=-5', '?limit=3abc', '?limit=']) {
        const v = await page(q);
        limits[q] = { count: v.contents.length, hasMore: v.hasMore };
      }
      const first = obj((await listMessages(t, c.sessionId, '?limit=100')).body).messages as Record<string, any>[];
      const oldest = norm(first[first.length - 1], { ...c.names, [sent[0]!.id]: '<m01>' });
      // an ISO date is parsed with parseInt ("2024-..." -> 2024 ms after the epoch): an empty page
      const isoBefore = view(await page('?before=2024-01-01T00:00:00Z'));
      const names = { ...c.names };
      const errors = [
        norm(await listMessages(t, c.sessionId, '?before=abc'), names),
        norm(await listMessages(t, c.sessionId, '?after=xyz'), names),
        norm(await listMessages(t, c.sessionId, '?before=99999999999999999'), names),
      ];
      return { backward, forward, range, limits, oldest, isoBefore, errors };
    },
    expected: {
      backward: [
        { contents: ['m12', 'm11', 'm10', 'm09', 'm08'], hasMore: true },
        { contents: ['m07', 'm06', 'm05', 'm04', 'm03'], hasMore: true },
        { contents: ['m02', 'm01'], hasMore: false },
        { contents: [], hasMore: false },
      ],
      forward: [
        { contents: ['m05', 'm04', 'm03', 'm02', 'm01'], hasMore: true },
        { contents: ['m10', 'm09', 'm08', 'm07', 'm06'], hasMore: true },
        { contents: ['m12', 'm11'], hasMore: false },
        { contents: [], hasMore: false },
      ],
      range: [
        { contents: ['m08', 'm07', 'm06', 'm05', 'm04'], hasMore: false },
        { contents: ['m08', 'm07'], hasMore: true },
      ],
      limits: {
        '': { count: 12, hasMore: false },
        '?limit=0': { count: 1, hasMore: true },
        '?limit=1000': { count: 12, hasMore: false },
        '?limit=abc': { count: 12, hasMore: false },
        '?limit=-5': { count: 1, hasMore: true },
        '?limit=3abc': { count: 3, hasMore: true },
        '?limit=': { count: 12, hasMore: false },
      },
      oldest: {
        id: '<m01>',
        content: 'm01',
        authorId: '<user>',
        isAgent: false,
        createdAt: '<iso>',
        metadata: userMessageMeta({}),
      },
      isoBefore: { contents: [], hasMore: false },
      errors: [
        validation("Invalid pagination parameter 'before': Must be a valid timestamp", {
          parameter: 'before',
          value: 'abc',
          reason: 'Must be a valid timestamp',
        }),
        validation("Invalid pagination parameter 'after': Must be a valid timestamp", {
          parameter: 'after',
          value: 'xyz',
          reason: 'Must be a valid timestamp',
        }),
        validation("Invalid pagination parameter 'before': Invalid date from timestamp", {
          parameter: 'before',
          value: '99999999999999999',
          reason: 'Invalid date from timestamp',
        }),
      ],
    },
  },

  {
    name: 'POST /sessions/:id/renew extends from now, also when autoRenew is off (which it stays)',
    async run(t) {
      const a = await createSession(t);
      const b = await createSession(t, { timeoutConfig: { timeoutMinutes: 10, autoRenew: false } });
      await t.advanceTime(1000);
      const r1 = await call(t, 'POST', sessionPath(a.sessionId, '/renew'));
      const r2 = await call(t, 'POST', sessionPath(a.sessionId, '/renew'));
      const rb = await call(t, 'POST', sessionPath(b.sessionId, '/renew'));
      for (const [r, c, timeout] of [
        [r1, a, 30],
        [r2, a, 30],
        [rb, b, 10],
      ] as const) {
        const info = obj(r.body);
        expect(ms(info.lastActivity)).toBeGreaterThanOrEqual(ms(c.body.createdAt) + 1000);
        expect(ms(info.expiresAt) - ms(info.lastActivity)).toBe(timeout * MIN);
        expect(info.timeRemaining).toBeLessThanOrEqual(timeout * MIN);
      }
      const after = obj((await call(t, 'GET', sessionPath(b.sessionId))).body);
      return [norm(r1, a.names), norm(r2, a.names), norm(rb, b.names), norm(after, b.names)];
    },
    expected: [
      { status: 200, type: 'application/json', body: { ...(freshInfo({}) as object), renewalCount: 1 } },
      { status: 200, type: 'application/json', body: { ...(freshInfo({}) as object), renewalCount: 2 } },
      {
        status: 200,
        type: 'application/json',
        body: {
          ...(freshInfo({}, { timeoutMinutes: 10, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 }) as object),
          renewalCount: 1,
        },
      },
      {
        ...(freshInfo({}, { timeoutMinutes: 10, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 }) as object),
        renewalCount: 1,
      },
    ],
  },

  {
    name: 'POST /sessions/:id/heartbeat records activity and renews only when autoRenew is on',
    async run(t) {
      const a = await createSession(t);
      const b = await createSession(t, { timeoutConfig: { timeoutMinutes: 10, autoRenew: false } });
      await t.advanceTime(1000);
      const ra = await call(t, 'POST', sessionPath(a.sessionId, '/heartbeat'));
      const rb = await call(t, 'POST', sessionPath(b.sessionId, '/heartbeat'));
      const ia = obj(ra.body);
      const ib = obj(rb.body);
      expect(ms(ia.lastActivity)).toBeGreaterThanOrEqual(ms(a.body.createdAt) + 1000);
      expect(ms(ia.expiresAt) - ms(ia.lastActivity)).toBe(30 * MIN);
      expect(ms(ib.lastActivity)).toBeGreaterThanOrEqual(ms(b.body.createdAt) + 1000);
      // autoRenew off: the expiry stays createdAt + timeout
      expect(ib.expiresAt).toBe(b.body.expiresAt);
      expect(ms(ib.expiresAt) - ms(b.body.createdAt)).toBe(10 * MIN);
      return [norm(ra, a.names), norm(rb, b.names)];
    },
    expected: [
      { status: 200, type: 'application/json', body: { ...(freshInfo({}) as object), renewalCount: 1 } },
      {
        status: 200,
        type: 'application/json',
        body: freshInfo({}, { timeoutMinutes: 10, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 }),
      },
    ],
  },

  {
    name: 'PATCH /sessions/:id/timeout replaces the config (omitted fields revert to defaults) and validates it',
    async run(t) {
      const c = await createSession(t, {
        timeoutConfig: { timeoutMinutes: 10, autoRenew: false, maxDurationMinutes: 100, warningThresholdMinutes: 3 },
      });
      const created = ms(c.body.createdAt);
      const patch = async (json: unknown) => {
        const r = await call(t, 'PATCH', sessionPath(c.sessionId, '/timeout'), { json });
        if (r.status === 200) {
          const info = obj(r.body);
          const cfg = obj(info.timeoutConfig);
          // no activity since creation, so lastActivity = createdAt and both bases agree
          expect(info.lastActivity).toBe(c.body.createdAt);
          expect(ms(info.expiresAt) - created).toBe(Math.min(Number(cfg.timeoutMinutes), Number(cfg.maxDurationMinutes)) * MIN);
          expect(info.renewalCount).toBe(0);
          return { status: r.status, timeoutConfig: cfg };
        }
        return norm(r, c.names);
      };
      const results = [
        await patch({ timeoutMinutes: 60 }),
        await patch({ timeoutMinutes: '45', autoRenew: false }),
        await patch({}),
        await patch({ timeoutMinutes: 'abc' }),
        await patch({ maxDurationMinutes: 5000, warningThresholdMinutes: '9' }),
        await patch({ timeoutMinutes: 20 }),
        await patch({ autoRenew: 'yes' }),
        await patch({ timeoutMinutes: true }),
        await patch({ timeoutMinutes: null }),
        await patch({ timeoutMinutes: 0 }),
        await patch({ timeoutMinutes: 1441 }),
        await patch({ timeoutMinutes: '2000' }),
      ];
      const info = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      results.push({ final: info.timeoutConfig as unknown });
      return results;
    },
    expected: [
      { status: 200, timeoutConfig: { timeoutMinutes: 60, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
      { status: 200, timeoutConfig: { timeoutMinutes: 45, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
      { status: 200, timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
      { status: 200, timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
      { status: 200, timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 2880, warningThresholdMinutes: 9 } },
      { status: 200, timeoutConfig: { timeoutMinutes: 20, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
      validation('Invalid timeout configuration: Invalid timeout configuration format', {
        reason: 'Invalid timeout configuration format',
        providedConfig: { autoRenew: 'yes' },
      }),
      validation('Invalid timeout configuration: Invalid timeout configuration format', {
        reason: 'Invalid timeout configuration format',
        providedConfig: { timeoutMinutes: true },
      }),
      validation('Invalid timeout configuration: Invalid timeout configuration format', {
        reason: 'Invalid timeout configuration format',
        providedConfig: { timeoutMinutes: null },
      }),
      // the lower bound is SESSION_MIN_TIMEOUT_MINUTES, 1 on both targets
      validation('Invalid timeout configuration: Timeout must be between 1 and 1440 minutes', {
        reason: 'Timeout must be between 1 and 1440 minutes',
        providedConfig: { timeoutMinutes: 0 },
      }),
      validation('Invalid timeout configuration: Timeout must be between 1 and 1440 minutes', {
        reason: 'Timeout must be between 1 and 1440 minutes',
        providedConfig: { timeoutMinutes: 1441 },
      }),
      validation('Invalid timeout configuration: Timeout must be between 1 and 1440 minutes', {
        reason: 'Timeout must be between 1 and 1440 minutes',
        providedConfig: { timeoutMinutes: '2000' },
      }),
      { final: { timeoutMinutes: 20, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 } },
    ],
  },

  {
    name: 'DELETE /sessions/:id answers 200 with a message, then the session is gone (404)',
    async run(t) {
      const c = await createSession(t);
      const del = await call(t, 'DELETE', sessionPath(c.sessionId));
      const list = obj((await call(t, 'GET', SESSIONS)).body).sessions as Record<string, any>[];
      expect(list.some((s) => s.sessionId === c.sessionId)).toBe(false);
      return [
        norm(del, c.names),
        norm(await call(t, 'GET', sessionPath(c.sessionId)), c.names),
        norm(await call(t, 'GET', sessionPath(c.sessionId, '/messages')), c.names),
        norm(await call(t, 'DELETE', sessionPath(c.sessionId)), c.names),
      ];
    },
    expected: [
      { status: 200, type: 'application/json', body: { success: true, message: 'Session <session> deleted successfully' } },
      notFound('<session>'),
      notFound('<session>'),
      notFound('<session>'),
    ],
  },

  {
    name: 'bodies must be declared JSON (400 INVALID_CONTENT_TYPE before routing); body-less POSTs pass',
    async run(t) {
      const c = await createSession(t);
      const createBody = JSON.stringify({ agentId: t.agentId, userId: randomUUID() });
      const badType = {
        status: 400,
        type: 'application/json',
        body: { success: false, error: { code: 'INVALID_CONTENT_TYPE', message: 'Invalid or missing Content-Type header' } },
      };
      const results: unknown[] = [
        norm(await call(t, 'POST', SESSIONS, { raw: createBody, contentType: 'text/plain' })),
        norm(await call(t, 'POST', SESSIONS, { raw: createBody })),
        norm(await call(t, 'POST', sessionPath(MISSING_SESSION, '/messages'), { raw: '{"content":"hi"}', contentType: 'text/plain' })),
        norm(await call(t, 'PATCH', sessionPath(c.sessionId, '/timeout'), { raw: '{}', contentType: 'text/plain' })),
      ];
      for (const r of results) expect(r).toEqual(badType);
      const renew = await call(t, 'POST', sessionPath(c.sessionId, '/renew'));
      const withCharset = await call(t, 'POST', SESSIONS, { raw: createBody, contentType: 'application/json; charset=utf-8' });
      return { rejected: results.length, renew: renew.status, withCharset: withCharset.status };
    },
    expected: { rejected: 4, renew: 200, withCharset: 201 },
  },

  {
    name: 'near expiry: SessionInfo.isNearExpiration is true, send reports false (the warning flag is set first), health counts unwarned sessions',
    async run(t) {
      const before = obj((await call(t, 'GET', `${SESSIONS}/health`)).body).expiringSoon as number;
      // 1 minute left is inside the default 5-minute warning threshold
      const c = await createSession(t, { timeoutConfig: { timeoutMinutes: 1 } });
      const info1 = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      const afterCreate = obj((await call(t, 'GET', `${SESSIONS}/health`)).body).expiringSoon as number;
      const sent = obj((await call(t, 'POST', sessionPath(c.sessionId, '/messages'), { json: { content: 'still here?' } })).body);
      const afterSend = obj((await call(t, 'GET', `${SESSIONS}/health`)).body).expiringSoon as number;
      const info2 = obj((await call(t, 'GET', sessionPath(c.sessionId))).body);
      await call(t, 'DELETE', sessionPath(c.sessionId));
      return {
        getBefore: info1.isNearExpiration as unknown,
        healthDeltaOnCreate: afterCreate - before,
        sendStatus: norm(sent.sessionStatus),
        healthDeltaOnSend: afterSend - afterCreate,
        getAfter: { isNearExpiration: info2.isNearExpiration as unknown, renewalCount: info2.renewalCount as unknown },
      };
    },
    expected: {
      getBefore: true,
      healthDeltaOnCreate: 1,
      sendStatus: { expiresAt: '<iso>', renewalCount: 1, wasRenewed: true, isNearExpiration: false },
      healthDeltaOnSend: -1,
      getAfter: { isNearExpiration: true, renewalCount: 1 },
    },
  },

  {
    name: 'attachments are echoed in userMessage.raw_message, not validated',
    async run(t) {
      const c = await createSession(t);
      const attachments = [
        { type: 'image', url: 'https://example.com/a.png', name: 'a.png' },
        { anything: 'goes', n: 1 },
      ];
      const r = await call(t, 'POST', sessionPath(c.sessionId, '/messages'), {
        json: { content: 'see attached', attachments, transport: 'http' },
      });
      const um = obj(obj(r.body).userMessage);
      return { status: r.status, raw: um.raw_message as unknown };
    },
    expected: {
      status: 201,
      raw: {
        content: 'see attached',
        attachments: [
          { type: 'image', url: 'https://example.com/a.png', name: 'a.png' },
          { anything: 'goes', n: 1 },
        ],
      },
    },
  },

  {
    name: 'unknown API paths and methods answer 404 "API endpoint not found"',
    async run(t) {
      const c = await createSession(t);
      return [
        norm(await call(t, 'GET', sessionPath(c.sessionId, '/unknown'))),
        norm(await call(t, 'PUT', sessionPath(c.sessionId), { json: {} })),
        norm(await call(t, 'POST', `${SESSIONS}/health`)),
        norm(await call(t, 'GET', '/api/messaging/no-such-thing')),
      ];
    },
    expected: Array.from({ length: 4 }, () => ({
      status: 404,
      type: 'application/json',
      body: { success: false, error: { message: 'API endpoint not found', code: 404 } },
    })),
  },

  {
    name: 'bodies the JSON parser refuses answer 500 (not 400): not JSON, a bare JSON string, more than 2 MB',
    async run(t) {
      const notJson = await call(t, 'POST', SESSIONS, { raw: 'not json', contentType: 'application/json' });
      const bareString = await call(t, 'POST', SESSIONS, { raw: '"x"', contentType: 'application/json' });
      const tooLarge = await call(t, 'POST', SESSIONS, {
        json: { agentId: t.agentId, userId: randomUUID(), pad: 'x'.repeat(2_200_000) },
      });
      // the parser's own wording for syntax errors comes from the JavaScript engine: compared by type
      const parserMessage = (r: Reply) => {
        const b = obj(r.body);
        expect(typeof obj(b.error).message).toBe('string');
        return { ...r, body: { ...b, error: { ...obj(b.error), message: '<parser message>' } } };
      };
      return [parserMessage(notJson), parserMessage(bareString), tooLarge];
    },
    expected: [
      { status: 500, type: 'application/json', body: { success: false, error: { code: 500, message: '<parser message>' } } },
      { status: 500, type: 'application/json', body: { success: false, error: { code: 500, message: '<parser message>' } } },
      { status: 500, type: 'application/json', body: { success: false, error: { code: 500, message: 'request entity too large' } } },
    ],
  },

  {
    name: 'responses under /api carry the rate-limit headers (1000 requests per 15 minutes)',
    async run(t) {
      const headers: Record<string, string> = t.apiKey !== undefined ? { 'x-api-key': t.apiKey } : {};
      const first = await fetch(`${t.baseUrl}${SESSIONS}/health`, { headers });
      const second = await fetch(`${t.baseUrl}${SESSIONS}/${MISSING_SESSION}`, { headers });
      await first.arrayBuffer();
      await second.arrayBuffer();
      const view = (r: Response) => {
        const remaining = Number(r.headers.get('ratelimit-remaining'));
        const reset = Number(r.headers.get('ratelimit-reset'));
        expect(Number.isInteger(remaining) && remaining >= 0 && remaining < 1000).toBe(true);
        expect(Number.isInteger(reset) && reset >= 0 && reset <= 900).toBe(true);
        return { policy: r.headers.get('ratelimit-policy'), limit: r.headers.get('ratelimit-limit'), remaining };
      };
      const a = view(first);
      const b = view(second);
      expect(b.remaining).toBeLessThan(a.remaining);
      return [
        { policy: a.policy, limit: a.limit },
        { policy: b.policy, limit: b.limit },
      ];
    },
    expected: [
      { policy: '1000;w=900', limit: '1000' },
      { policy: '1000;w=900', limit: '1000' },
    ],
  },

  {
    name: 'an expired session answers 410 SESSION_EXPIRED on first touch, then 404; DELETE ignores expiry',
    timeoutMs: 150_000,
    async run(t) {
      const make = () => createSession(t, { timeoutConfig: { timeoutMinutes: 1 } });
      const s = {
        get: await make(),
        send: await make(),
        messages: await make(),
        renew: await make(),
        heartbeat: await make(),
        patch: await make(),
        del: await make(),
        listed: await make(),
      };
      for (const c of Object.values(s)) expect(ms(c.body.expiresAt) - ms(c.body.createdAt)).toBe(MIN);
      await t.advanceTime(61_000);

      const expired = (c: Created, r: Reply) => {
        const e = obj(obj(r.body).error);
        // the message carries the exact expiry instant
        expect(String(e.message)).toBe(`Session '${c.sessionId}' expired at ${String(c.body.expiresAt)}`);
        return norm(r, c.names);
      };
      const list = obj((await call(t, 'GET', SESSIONS)).body).sessions as Record<string, any>[];
      const results = {
        listed: list.some((x) => x.sessionId === s.listed.sessionId),
        get: [
          expired(s.get, await call(t, 'GET', sessionPath(s.get.sessionId))),
          norm(await call(t, 'GET', sessionPath(s.get.sessionId)), s.get.names),
        ],
        send: [
          expired(s.send, await call(t, 'POST', sessionPath(s.send.sessionId, '/messages'), { json: { content: 'late' } })),
          norm(await call(t, 'POST', sessionPath(s.send.sessionId, '/messages'), { json: { content: 'late' } }), s.send.names),
        ],
        messages: expired(s.messages, await listMessages(t, s.messages.sessionId)),
        renew: expired(s.renew, await call(t, 'POST', sessionPath(s.renew.sessionId, '/renew'))),
        heartbeat: expired(s.heartbeat, await call(t, 'POST', sessionPath(s.heartbeat.sessionId, '/heartbeat'))),
        patch: expired(s.patch, await call(t, 'PATCH', sessionPath(s.patch.sessionId, '/timeout'), { json: { timeoutMinutes: 30 } })),
        del: [
          norm(await call(t, 'DELETE', sessionPath(s.del.sessionId)), s.del.names),
          norm(await call(t, 'GET', sessionPath(s.del.sessionId)), s.del.names),
        ],
      };
      return results;
    },
    expected: {
      listed: false,
      get: [
        { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
        notFound('<session>'),
      ],
      send: [
        { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
        notFound('<session>'),
      ],
      messages: { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
      renew: { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
      heartbeat: { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
      patch: { status: 410, type: 'application/json', body: errorBody('SESSION_EXPIRED', "Session '<session>' expired at <iso>") },
      del: [
        { status: 200, type: 'application/json', body: { success: true, message: 'Session <session> deleted successfully' } },
        notFound('<session>'),
      ],
    },
  },
];

/** Cases for a target started with an API key (`target.apiKey` set). */
export const elizaAuthCases: ElizaCase[] = [
  {
    name: 'with an API key configured, /api requests without the exact X-API-KEY answer 401',
    async run(t) {
      expect(t.apiKey, 'this case needs a target started with an API key').toBeTypeOf('string');
      const key = t.apiKey!;
      const wrong = { 'x-api-key': `${key}-wrong` };
      const upper = { 'x-api-key': key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase() };
      const denied = [
        norm(await call(t, 'GET', `${SESSIONS}/health`, { noKey: true })),
        norm(await call(t, 'GET', `${SESSIONS}/health`, { noKey: true, headers: wrong })),
        norm(await call(t, 'GET', `${SESSIONS}/health`, { noKey: true, headers: upper })),
        norm(await call(t, 'POST', SESSIONS, { noKey: true, json: { agentId: t.agentId, userId: randomUUID() } })),
        norm(await call(t, 'GET', sessionPath(MISSING_SESSION), { noKey: true })),
        norm(await call(t, 'DELETE', sessionPath(MISSING_SESSION), { noKey: true })),
      ];
      // CORS preflight is exempt from the key check
      const preflight = await fetch(`${t.baseUrl}${SESSIONS}`, {
        method: 'OPTIONS',
        headers: { origin: 'http://client.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' },
      });
      await preflight.arrayBuffer();
      const allowHeaders = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/).sort();
      const c = await createSession(t);
      const allowed = [
        (await call(t, 'GET', `${SESSIONS}/health`)).status,
        c.reply.status,
        (await call(t, 'GET', sessionPath(c.sessionId))).status,
        (await call(t, 'GET', sessionPath(MISSING_SESSION))).status,
      ];
      return { denied, allowed, preflight: { status: preflight.status, allowHeaders } };
    },
    expected: {
      denied: Array.from({ length: 6 }, () => ({
        status: 401,
        type: 'application/json',
        body: { error: 'API key required', message: 'Missing or invalid X-API-KEY header' },
      })),
      allowed: [200, 201, 200, 404],
      preflight: { status: 204, allowHeaders: ['authorization', 'content-type', 'x-api-key'] },
    },
  },
];
