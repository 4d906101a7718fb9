/**
 * The agent-session mutations end to end, written once as functions over a target and run against
 * our Eliza emulator (agent-mutations.test.ts) and the real ElizaOS server
 * (agent-mutations.real.test.ts). Every upstream call is real HTTP; `elizaCalls()` counts them per
 * route key, so a case can prove which upstream calls an operation made and that no write was made.
 *
 * Cases marked `needsClock` move the upstream's clock (session expiry) and run only on the emulator:
 * the real server cannot be made to expire a session the facade created (the facade's minimum
 * timeout is 5 minutes) without waiting that long.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { replyIdOf } from '../../src/domain/agent-writes.js';
import { decodeGlobalId, encodeGlobalId } from '../../src/schema/node.js';
import { codesOf, dataOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';
import { startElizaTap } from './agent-mutations.tap.js';

export interface AgentTarget {
  name: 'emulator' | 'real';
  stack: Stack;
  /** Id of the agent `TestAgent`. */
  agentId: string;
  /** Eliza requests since the last reset, by route key (`POST /api/messaging/sessions/:sessionId/renew`). */
  elizaCalls(): Record<string, number>;
  resetElizaCalls(): void;
  /** Every request on `route` answers `status` until `clearFaults()`. */
  failRoute(route: string, status: number): void;
  clearFaults(): void;
  /** The agent's reply text for a message, where the target's agent is deterministic. */
  expectedReply?(text: string): string;
  /** Moves the upstream's clock forward (emulator only). */
  advanceTime?(ms: number): void;
}

export interface AgentCase {
  name: string;
  run(t: AgentTarget): Promise<void>;
  needsClock?: boolean;
  timeoutMs?: number;
}

/**
 * Upstream HTTP calls of a followed reply, without the Socket.IO handshake (when the calls are counted
 * by a proxy) and the at most one history read done when the socket connected after the send.
 */
export function replyCalls(calls: Record<string, number>): Record<string, number> {
  const { 'GET /socket.io/': _socket, [ROUTES.history]: polls = 0, ...rest } = calls;
  expect(polls).toBeLessThanOrEqual(1);
  return rest;
}

export const ROUTES = {
  create: 'POST /api/messaging/sessions',
  get: 'GET /api/messaging/sessions/:sessionId',
  send: 'POST /api/messaging/sessions/:sessionId/messages',
  history: 'GET /api/messaging/sessions/:sessionId/messages',
  renew: 'POST /api/messaging/sessions/:sessionId/renew',
  heartbeat: 'POST /api/messaging/sessions/:sessionId/heartbeat',
  timeout: 'PATCH /api/messaging/sessions/:sessionId/timeout',
  end: 'DELETE /api/messaging/sessions/:sessionId',
  health: 'GET /api/messaging/sessions/health',
} as const;

const WRITE_ROUTES = [ROUTES.create, ROUTES.send, ROUTES.renew, ROUTES.heartbeat, ROUTES.timeout, ROUTES.end];

const writesIn = (calls: Record<string, number>) => WRITE_ROUTES.reduce((n, r) => n + (calls[r] ?? 0), 0);

// ---------------------------------------------------------------------------------------------
// Operations

const CONFIG = 'timeoutConfig { timeoutMinutes autoRenew maxDurationMinutes warningThresholdMinutes }';
const SESSION = `id upstreamId agentId status renewalCount expiresAt lastActivityAt metadata title ${CONFIG}`;
const MESSAGE = 'id messageId role rawRole text authorId createdAt metadata';

const CREATE = `mutation Create($input: CreateAgentSessionInput!) {
  createAgentSession(input: $input) { session { ${SESSION} } }
}`;
const SEND = `mutation Send($input: SendAgentMessageInput!) {
  sendAgentMessage(input: $input) { userMessage { ${MESSAGE} } reply { ${MESSAGE} } wasRenewed }
}`;
const RENEW = `mutation Renew($id: ID!) { renewAgentSession(input: { sessionId: $id }) { session { ${SESSION} } } }`;
const HEARTBEAT = `mutation Beat($id: ID!) { heartbeatAgentSession(input: { sessionId: $id }) { session { ${SESSION} } } }`;
const UPDATE = `mutation Update($input: UpdateAgentSessionTimeoutInput!) {
  updateAgentSessionTimeout(input: $input) { session { ${SESSION} } }
}`;
const END = `mutation End($id: ID!) { endAgentSession(input: { sessionId: $id }) { endedId } }`;
const READ = `query Read($id: ID!) { session(id: $id) { ... on AgentSession { ${SESSION} } } }`;
const HISTORY = `query History($id: ID!, $last: Int!) {
  session(id: $id) { messages(last: $last) { edges { node { ${MESSAGE} } } } }
}`;
const HEALTH = `query Health {
  agentSessionsHealth { status activeSessions expiringSoon invalidSessions timestamp uptimeSeconds }
}`;

interface Config {
  timeoutMinutes: number;
  autoRenew: boolean;
  maxDurationMinutes: number;
  warningThresholdMinutes: number;
}
interface AgentSession {
  id: string;
  upstreamId: string;
  agentId: string;
  status: string;
  renewalCount: number;
  expiresAt: string;
  lastActivityAt: string;
  metadata: Record<string, unknown>;
  title: string | null;
  timeoutConfig: Config;
}
interface Message {
  id: string;
  messageId: string;
  role: string;
  rawRole: string;
  text: string | null;
  authorId: string | null;
  createdAt: string;
  metadata: Record<string, unknown> | null;
}
interface SendPayload {
  userMessage: Message;
  reply: Message | null;
  wasRenewed: boolean | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DEFAULT_CONFIG: Config = { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 };
/** A well-formed id no server ever issued. */
const UNKNOWN_SESSION = encodeGlobalId('AgentSession', '0d7c8a1e-5b2f-4c3d-9e8f-7a6b5c4d3e2f');

async function createSession(t: AgentTarget, as = 'alice', extra: Record<string, unknown> = {}): Promise<AgentSession> {
  const res = await t.stack.gql<{ createAgentSession: { session: AgentSession } }>(
    CREATE,
    { input: { agentId: t.agentId, ...extra } },
    { as },
  );
  return dataOf(res).createAgentSession.session;
}

async function send(t: AgentTarget, sessionId: string, text: string, extra: Record<string, unknown> = {}, as = 'alice') {
  return t.stack.gql<{ sendAgentMessage: SendPayload }>(SEND, { input: { sessionId, text, ...extra } }, { as });
}

async function history(t: AgentTarget, id: string, last = 10, as = 'alice'): Promise<Message[]> {
  const res = await t.stack.gql<{ session: { messages: { edges: Array<{ node: Message }> } } }>(HISTORY, { id, last }, { as });
  return dataOf(res).session.messages.edges.map((e) => e.node);
}

/** The session as the upstream holds it, read directly (not through the facade). */
async function upstreamSession(t: AgentTarget, sessionId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.stack.elizaUrl}/api/messaging/sessions/${sessionId}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = await probe();
    if (hit !== undefined) return hit;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function onlyError(res: GqlResponse<unknown>): { message: string; extensions: Record<string, unknown> } {
  expect(res.body.errors).toHaveLength(1);
  const e = res.body.errors![0]!;
  return { message: e.message, extensions: e.extensions ?? {} };
}

function expectBadInput(res: GqlResponse<unknown>, field: string): void {
  const e = onlyError(res);
  expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, retryable: false });
  expect(e.message.startsWith(`${field}: `)).toBe(true);
}

const NOT_FOUND = { code: 'NOT_FOUND', provider: 'ELIZA', retryable: false };

// ---------------------------------------------------------------------------------------------
// Cases

export const agentCases: AgentCase[] = [
  {
    name: 'createAgentSession: creates a session for the caller’s derived user id, with one upstream call',
    async run(t) {
      t.resetElizaCalls();
      const res = await t.stack.gql<{ createAgentSession: { session: AgentSession } }>(CREATE, {
        input: {
          agentId: t.agentId,
          metadata: { title: 'Trip planning', platform: 'web' },
          timeoutConfig: { timeoutMinutes: 60, autoRenew: false, maxDurationMinutes: 600, warningThresholdMinutes: 10 },
        },
      });
      const s = dataOf(res).createAgentSession.session;
      expect(s).toMatchObject({
        agentId: t.agentId,
        status: 'ACTIVE',
        renewalCount: 0,
        title: 'Trip planning',
        metadata: { title: 'Trip planning', platform: 'web' },
        timeoutConfig: { timeoutMinutes: 60, autoRenew: false, maxDurationMinutes: 600, warningThresholdMinutes: 10 },
      });
      expect(s.upstreamId).toMatch(UUID);
      expect(decodeGlobalId(s.id)).toEqual({ typename: 'AgentSession', id: s.upstreamId });
      expect(Date.parse(s.expiresAt) - Date.parse(s.lastActivityAt)).toBe(60 * 60_000);
      // the created session was primed into the loader: no read after the create
      expect(t.elizaCalls()).toEqual({ [ROUTES.create]: 1 });

      const upstream = await upstreamSession(t, s.upstreamId);
      expect(upstream.status).toBe(200);
      expect(upstream.body.userId).toBe(t.stack.elizaUserIdOf('alice'));

      const again = dataOf(await t.stack.gql<{ session: AgentSession }>(READ, { id: s.id })).session;
      expect(again).toMatchObject({ id: s.id, timeoutConfig: s.timeoutConfig, title: 'Trip planning' });
    },
  },
  {
    name: 'createAgentSession: omitted settings take the agent’s defaults; boundary values are accepted',
    async run(t) {
      expect((await createSession(t)).timeoutConfig).toEqual(DEFAULT_CONFIG);
      const low = await createSession(t, 'alice', { timeoutConfig: { timeoutMinutes: 5, maxDurationMinutes: 5, warningThresholdMinutes: 1 } });
      expect(low.timeoutConfig).toEqual({ timeoutMinutes: 5, autoRenew: true, maxDurationMinutes: 5, warningThresholdMinutes: 1 });
      const high = await createSession(t, 'alice', {
        timeoutConfig: { timeoutMinutes: 1440, maxDurationMinutes: 2880, warningThresholdMinutes: 1440 },
      });
      expect(high.timeoutConfig).toEqual({ timeoutMinutes: 1440, autoRenew: true, maxDurationMinutes: 2880, warningThresholdMinutes: 1440 });
      // metadata of exactly 10,240 JSON characters: {"k":"xxx…"} is 8 characters plus the string
      const metadata = { k: 'x'.repeat(10_240 - 8) };
      expect(JSON.stringify(metadata).length).toBe(10_240);
      expect((await createSession(t, 'alice', { metadata })).metadata).toEqual(metadata);
    },
  },
  {
    name: 'createAgentSession: invalid input is BAD_USER_INPUT naming the field, and nothing is sent upstream',
    async run(t) {
      const tooBig = { k: 'x'.repeat(10_240 - 7) };
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ agentId: 'not-a-uuid' }, 'input.agentId'],
        [{ agentId: `${t.agentId}0` }, 'input.agentId'],
        [{ metadata: tooBig }, 'input.metadata'],
        [{ metadata: { userId: 'someone-else' } }, 'input.metadata.userId'],
        [{ metadata: { sessionId: 'x' } }, 'input.metadata.sessionId'],
        [{ timeoutConfig: { timeoutMinutes: 4 } }, 'input.timeoutConfig.timeoutMinutes'],
        [{ timeoutConfig: { timeoutMinutes: 1441 } }, 'input.timeoutConfig.timeoutMinutes'],
        [{ timeoutConfig: { timeoutMinutes: 60, maxDurationMinutes: 59 } }, 'input.timeoutConfig.maxDurationMinutes'],
        [{ timeoutConfig: { timeoutMinutes: 60, maxDurationMinutes: 2881 } }, 'input.timeoutConfig.maxDurationMinutes'],
        [{ timeoutConfig: { maxDurationMinutes: 100 } }, 'input.timeoutConfig.timeoutMinutes'],
        [{ timeoutConfig: { warningThresholdMinutes: 0 } }, 'input.timeoutConfig.warningThresholdMinutes'],
        [{ timeoutConfig: { timeoutMinutes: 10, warningThresholdMinutes: 11 } }, 'input.timeoutConfig.warningThresholdMinutes'],
      ];
      t.resetElizaCalls();
      for (const [input, field] of bad) {
        const res = await t.stack.gql(CREATE, { input: { agentId: t.agentId, ...input } });
        expectBadInput(res, field);
        expect(res.body.data).toEqual({ createAgentSession: null });
      }
      expect(t.elizaCalls()).toEqual({});
    },
  },
  {
    name: 'createAgentSession: an agent that does not run is NOT_FOUND on input.agentId; no caller, no call',
    async run(t) {
      t.resetElizaCalls();
      const res = await t.stack.gql(CREATE, { input: { agentId: '11111111-2222-4333-8444-555555555555' } });
      expect(onlyError(res).extensions).toEqual({ code: 'NOT_FOUND', provider: 'ELIZA', field: 'input.agentId', retryable: false });
      expect(t.elizaCalls()).toEqual({ [ROUTES.create]: 1 });

      t.resetElizaCalls();
      const anon = await t.stack.gql(CREATE, { input: { agentId: t.agentId } }, { as: null });
      expect(codesOf(anon)).toEqual(['UNAUTHENTICATED']);
      expect(t.elizaCalls()).toEqual({});
    },
  },
  {
    name: 'sendAgentMessage: waits for the agent and returns the stored user message and the reply',
    async run(t) {
      const s = await createSession(t);
      t.resetElizaCalls();
      const res = await send(t, s.id, 'hello agent', { metadata: { mood: 'curious' } });
      const p = dataOf(res).sendAgentMessage;
      expect(replyCalls(t.elizaCalls())).toEqual({ [ROUTES.get]: 1, [ROUTES.send]: 1 });

      expect(p.userMessage).toMatchObject({
        role: 'USER',
        rawRole: 'user',
        text: 'hello agent',
        authorId: t.stack.elizaUserIdOf('alice'),
      });
      expect(p.userMessage.messageId).toMatch(UUID);
      expect(p.userMessage.metadata).toMatchObject({ mood: 'curious', sessionId: s.upstreamId });
      expect(p.wasRenewed).toBe(true);

      const reply = p.reply!;
      expect(reply).toMatchObject({ role: 'ASSISTANT', rawRole: 'assistant', authorId: t.agentId });
      expect(typeof reply.text).toBe('string');
      expect(reply.text!.length).toBeGreaterThan(0);
      if (t.expectedReply) expect(reply.text).toBe(t.expectedReply('hello agent'));
      expect(reply.messageId).toMatch(UUID);
      expect(reply.messageId).not.toBe(replyIdOf(p.userMessage.messageId));
      expect(reply.messageId).not.toBe(p.userMessage.messageId);
      expect(Date.parse(reply.createdAt)).toBeGreaterThanOrEqual(Date.parse(p.userMessage.createdAt));
      expect(reply.createdAt).toMatch(ISO_MS);

      // the reply is the stored one: the history holds both messages, the reply under the id the
      // mutation returned, and `node` resolves it
      const msgs = await history(t, s.id);
      expect(msgs.map((m) => [m.role, m.text])).toEqual([
        ['USER', 'hello agent'],
        ['ASSISTANT', reply.text],
      ]);
      expect(msgs[0]!.id).toBe(p.userMessage.id);
      expect(msgs[1]!.id).toBe(reply.id);
      expect(msgs[1]!.createdAt).toBe(reply.createdAt);
      const node = await t.stack.gql<{ node: { id: string; text: string } }>(`query($id: ID!) { node(id: $id) { id ... on Message { text } } }`, { id: reply.id });
      expect(dataOf(node).node).toEqual({ id: reply.id, text: reply.text });
    },
  },
  {
    name: 'sendAgentMessage: two sends racing in one session each return the reply to their own message',
    async run(t) {
      const s = await createSession(t);
      const [first, second] = (await Promise.all(['first question', 'second question'].map((text) => send(t, s.id, text)))).map(
        (res) => dataOf(res).sendAgentMessage,
      );
      expect([first!.userMessage.text, second!.userMessage.text]).toEqual(['first question', 'second question']);
      expect(first!.reply!.messageId).not.toBe(second!.reply!.messageId);
      if (t.expectedReply) expect([first!.reply!.text, second!.reply!.text]).toEqual([t.expectedReply('first question'), t.expectedReply('second question')]);
      // the upstream's own link from each reply to the message it answers
      const { body } = await upstreamSession(t, s.upstreamId);
      const channel = await fetch(`${t.stack.elizaUrl}/api/messaging/channels/${String(body.channelId)}/messages`);
      const links = new Map(
        ((await channel.json()) as { data: { messages: Array<{ id: string; inReplyToRootMessageId?: string | null }> } }).data.messages.map((m) => [
          m.id,
          m.inReplyToRootMessageId,
        ]),
      );
      for (const p of [first!, second!]) expect(links.get(p.reply!.messageId)).toBe(p.userMessage.messageId);
    },
  },
  {
    name: 'sendAgentMessage: without waiting it returns at once; the reply then appears in the history',
    async run(t) {
      const s = await createSession(t);
      const p = dataOf(await send(t, s.id, 'reply later', { waitForReply: false })).sendAgentMessage;
      expect(p.reply).toBeNull();
      expect(p.userMessage).toMatchObject({ role: 'USER', text: 'reply later' });
      const msgs = await poll('the stored reply', async () => {
        const m = await history(t, s.id);
        return m.length >= 2 ? m : undefined;
      });
      expect(msgs).toHaveLength(2);
      expect(msgs[0]).toMatchObject({ id: p.userMessage.id, role: 'USER', text: 'reply later' });
      expect(msgs[1]).toMatchObject({ role: 'ASSISTANT', authorId: t.agentId });
      if (t.expectedReply) expect(msgs[1]!.text).toBe(t.expectedReply('reply later'));
    },
  },
  {
    name: 'sendAgentMessage: text lengths count UTF-16 code units; attachments and whitespace-only text are accepted',
    async run(t) {
      const s = await createSession(t);
      const noWait = { waitForReply: false };
      const max = 'a'.repeat(4000);
      expect(dataOf(await send(t, s.id, max, noWait)).sendAgentMessage.userMessage.text).toBe(max);
      const emoji = '😀'.repeat(2000); // 2000 surrogate pairs = 4000 code units
      expect(dataOf(await send(t, s.id, emoji, noWait)).sendAgentMessage.userMessage.text).toBe(emoji);
      expect(dataOf(await send(t, s.id, '   ', noWait)).sendAgentMessage.userMessage.text).toBe('   ');
      // loopback URLs on a closed port: the real agent may try to fetch attachments, and nothing
      // should leave the machine
      const withFiles = await send(t, s.id, 'see attached', {
        ...noWait,
        attachments: [
          { type: 'IMAGE', url: 'http://127.0.0.1:9/cat.png', name: 'cat.png' },
          { type: 'DOCUMENT', url: `http://127.0.0.1:9/${'d'.repeat(2048 - 'http://127.0.0.1:9/'.length)}` },
        ],
      });
      expect(dataOf(withFiles).sendAgentMessage.userMessage.text).toBe('see attached');
    },
  },
  {
    name: 'sendAgentMessage: invalid input is BAD_USER_INPUT naming the field, and nothing is sent upstream',
    async run(t) {
      const s = await createSession(t);
      const files = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'FILE', url: `https://example.com/${i}` }));
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ text: '' }, 'input.text'],
        [{ text: 'a'.repeat(4001) }, 'input.text'],
        [{ text: `${'😀'.repeat(2000)}a` }, 'input.text'],
        [{ metadata: { k: 'x'.repeat(10_240 - 7) } }, 'input.metadata'],
        [{ attachments: files(11) }, 'input.attachments'],
        [{ attachments: [{ type: 'IMAGE', url: 'ftp://example.com/a.png' }] }, 'input.attachments[0].url'],
        [{ attachments: [...files(1), { type: 'IMAGE', url: '/relative/a.png' }] }, 'input.attachments[1].url'],
        [{ attachments: [{ type: 'IMAGE', url: 'javascript:alert(1)' }] }, 'input.attachments[0].url'],
        [{ attachments: [{ type: 'IMAGE', url: 'https://example.com/a b.png' }] }, 'input.attachments[0].url'],
        [{ attachments: [{ type: 'IMAGE', url: `https://example.com/${'u'.repeat(2029)}` }] }, 'input.attachments[0].url'],
        [{ attachments: [{ type: 'IMAGE', url: 'https://example.com/a.png', name: '' }] }, 'input.attachments[0].name'],
        [{ attachments: [{ type: 'IMAGE', url: 'https://example.com/a.png', name: 'n'.repeat(256) }] }, 'input.attachments[0].name'],
        [{ sessionId: 'not a global id' }, 'input.sessionId'],
        [{ sessionId: encodeGlobalId('ChatSession', 'cs-1') }, 'input.sessionId'],
        [{ sessionId: encodeGlobalId('AgentSession', '../health') }, 'input.sessionId'],
      ];
      t.resetElizaCalls();
      for (const [input, field] of bad) {
        const res = await send(t, s.id, 'hi', input);
        expectBadInput(res, field);
      }
      // an unknown enum value is refused by GraphQL validation itself
      const enumRes = await send(t, s.id, 'hi', { attachments: [{ type: 'SPREADSHEET', url: 'https://example.com/a' }] });
      expect(codesOf(enumRes)).toEqual(['BAD_USER_INPUT']);
      expect(t.elizaCalls()).toEqual({});
    },
  },
  {
    name: 'loaders are refreshed after each write: later fields of the same operation read fresh data',
    async run(t) {
      const s = await createSession(t);
      const res = await t.stack.gql<{
        a: { session: { renewalCount: number; messages: { edges: Array<{ node: { text: string } }> } } };
        b: { session: { renewalCount: number; messages: { edges: Array<{ node: { text: string } }> } } };
      }>(
        `mutation Two($id: ID!) {
          a: sendAgentMessage(input: { sessionId: $id, text: "one" }) {
            session { renewalCount messages(last: 2) { edges { node { text } } } }
          }
          b: sendAgentMessage(input: { sessionId: $id, text: "two" }) {
            session { renewalCount messages(last: 2) { edges { node { text } } } }
          }
        }`,
        { id: s.id },
      );
      const d = dataOf(res);
      // each send waits for the stored reply, so the last two messages are the message and its reply
      const texts = (p: typeof d.a) => p.session.messages.edges.map((e) => e.node.text);
      expect(texts(d.a)).toHaveLength(2);
      expect(texts(d.a)[0]).toBe('one');
      expect(texts(d.b)).toHaveLength(2);
      expect(texts(d.b)[0]).toBe('two');
      if (t.expectedReply) expect([texts(d.a)[1], texts(d.b)[1]]).toEqual([t.expectedReply('one'), t.expectedReply('two')]);
      expect([d.a.session.renewalCount, d.b.session.renewalCount]).toEqual([1, 2]);

      // the second update merges over the first one's result, which only a refreshed loader gives
      const res2 = await t.stack.gql<{
        r: { session: { renewalCount: number } };
        u: { session: { renewalCount: number; timeoutConfig: Config } };
        v: { session: { renewalCount: number; timeoutConfig: Config } };
        q: { session: { renewalCount: number; timeoutConfig: Config } };
      }>(
        `mutation Four($id: ID!) {
          r: heartbeatAgentSession(input: { sessionId: $id }) { session { renewalCount } }
          u: updateAgentSessionTimeout(input: { sessionId: $id, timeoutMinutes: 45 }) { session { renewalCount ${CONFIG} } }
          v: updateAgentSessionTimeout(input: { sessionId: $id, autoRenew: false }) { session { renewalCount ${CONFIG} } }
          q: renewAgentSession(input: { sessionId: $id }) { session { renewalCount ${CONFIG} } }
        }`,
        { id: s.id },
      );
      const d2 = dataOf(res2);
      expect([d2.r.session.renewalCount, d2.u.session.renewalCount, d2.v.session.renewalCount, d2.q.session.renewalCount]).toEqual([
        3, 3, 3, 4,
      ]);
      expect(d2.u.session.timeoutConfig).toEqual({ ...DEFAULT_CONFIG, timeoutMinutes: 45 });
      expect(d2.v.session.timeoutConfig).toEqual({ ...DEFAULT_CONFIG, timeoutMinutes: 45, autoRenew: false });
      expect(d2.q.session.timeoutConfig).toEqual({ ...DEFAULT_CONFIG, timeoutMinutes: 45, autoRenew: false });
    },
  },
  {
    name: 'renew and heartbeat: renew always extends; heartbeat extends only with auto-renew on',
    async run(t) {
      const auto = await createSession(t);
      t.resetElizaCalls();
      const renewed = dataOf(await t.stack.gql<{ renewAgentSession: { session: AgentSession } }>(RENEW, { id: auto.id }))
        .renewAgentSession.session;
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.renew]: 1 });
      expect(renewed).toMatchObject({ id: auto.id, renewalCount: 1, status: 'ACTIVE', timeoutConfig: DEFAULT_CONFIG });
      expect(Date.parse(renewed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(auto.expiresAt));

      t.resetElizaCalls();
      const beat = dataOf(await t.stack.gql<{ heartbeatAgentSession: { session: AgentSession } }>(HEARTBEAT, { id: auto.id }))
        .heartbeatAgentSession.session;
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.heartbeat]: 1 });
      expect(beat.renewalCount).toBe(2);

      const manual = await createSession(t, 'alice', { timeoutConfig: { autoRenew: false } });
      const beatManual = dataOf(await t.stack.gql<{ heartbeatAgentSession: { session: AgentSession } }>(HEARTBEAT, { id: manual.id }))
        .heartbeatAgentSession.session;
      expect(beatManual).toMatchObject({ renewalCount: 0, expiresAt: manual.expiresAt });
      const renewManual = dataOf(await t.stack.gql<{ renewAgentSession: { session: AgentSession } }>(RENEW, { id: manual.id }))
        .renewAgentSession.session;
      expect(renewManual.renewalCount).toBe(1);
      expect(renewManual.timeoutConfig.autoRenew).toBe(false);
    },
  },
  {
    name: 'updateAgentSessionTimeout: omitted fields keep their values (the upstream would reset them)',
    async run(t) {
      const s = await createSession(t, 'alice', {
        timeoutConfig: { timeoutMinutes: 30, autoRenew: false, maxDurationMinutes: 600, warningThresholdMinutes: 3 },
      });
      t.resetElizaCalls();
      const one = dataOf(
        await t.stack.gql<{ updateAgentSessionTimeout: { session: AgentSession } }>(UPDATE, { input: { sessionId: s.id, timeoutMinutes: 45 } }),
      ).updateAgentSessionTimeout.session;
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.timeout]: 1 });
      expect(one.timeoutConfig).toEqual({ timeoutMinutes: 45, autoRenew: false, maxDurationMinutes: 600, warningThresholdMinutes: 3 });
      expect(Date.parse(one.expiresAt) - Date.parse(s.expiresAt)).toBe(15 * 60_000);
      expect(one.renewalCount).toBe(0);

      const upstream = await upstreamSession(t, s.upstreamId);
      expect(upstream.body.timeoutConfig).toEqual({ timeoutMinutes: 45, autoRenew: false, maxDurationMinutes: 600, warningThresholdMinutes: 3 });

      const two = dataOf(
        await t.stack.gql<{ updateAgentSessionTimeout: { session: AgentSession } }>(UPDATE, {
          input: { sessionId: s.id, autoRenew: true, warningThresholdMinutes: null },
        }),
      ).updateAgentSessionTimeout.session;
      expect(two.timeoutConfig).toEqual({ timeoutMinutes: 45, autoRenew: true, maxDurationMinutes: 600, warningThresholdMinutes: 3 });

      const three = dataOf(
        await t.stack.gql<{ updateAgentSessionTimeout: { session: AgentSession } }>(UPDATE, {
          input: { sessionId: s.id, timeoutMinutes: 900, maxDurationMinutes: 900, warningThresholdMinutes: 30 },
        }),
      ).updateAgentSessionTimeout.session;
      expect(three.timeoutConfig).toEqual({ timeoutMinutes: 900, autoRenew: true, maxDurationMinutes: 900, warningThresholdMinutes: 30 });
    },
  },
  {
    name: 'updateAgentSessionTimeout: invalid or conflicting settings are BAD_USER_INPUT and nothing is written',
    async run(t) {
      const s = await createSession(t, 'alice', {
        timeoutConfig: { timeoutMinutes: 30, maxDurationMinutes: 600, warningThresholdMinutes: 10 },
      });
      const staticBad: Array<[Record<string, unknown>, string]> = [
        [{}, 'input'],
        [{ timeoutMinutes: null }, 'input'],
        [{ timeoutMinutes: 4 }, 'input.timeoutMinutes'],
        [{ timeoutMinutes: 1441 }, 'input.timeoutMinutes'],
        [{ maxDurationMinutes: 2881 }, 'input.maxDurationMinutes'],
        [{ warningThresholdMinutes: 0 }, 'input.warningThresholdMinutes'],
        [{ sessionId: encodeGlobalId('AgentSession', 'nope'), autoRenew: true }, 'input.sessionId'],
      ];
      t.resetElizaCalls();
      for (const [input, field] of staticBad) expectBadInput(await t.stack.gql(UPDATE, { input: { sessionId: s.id, ...input } }), field);
      expect(t.elizaCalls()).toEqual({});

      // conflicts with the current settings are found after reading them: no write is made
      const conflicts: Array<[Record<string, unknown>, string]> = [
        [{ timeoutMinutes: 700 }, 'input.timeoutMinutes'],
        [{ maxDurationMinutes: 20 }, 'input.maxDurationMinutes'],
        [{ warningThresholdMinutes: 31 }, 'input.warningThresholdMinutes'],
        [{ timeoutMinutes: 8 }, 'input.timeoutMinutes'],
      ];
      for (const [input, field] of conflicts) expectBadInput(await t.stack.gql(UPDATE, { input: { sessionId: s.id, ...input } }), field);
      expect(writesIn(t.elizaCalls())).toBe(0);
      const unchanged = dataOf(await t.stack.gql<{ session: AgentSession }>(READ, { id: s.id })).session;
      expect(unchanged.timeoutConfig).toEqual({ timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 600, warningThresholdMinutes: 10 });
    },
  },
  {
    name: 'endAgentSession: ends the session; it is NOT_FOUND afterwards',
    async run(t) {
      const s = await createSession(t);
      t.resetElizaCalls();
      const res = await t.stack.gql<{ endAgentSession: { endedId: string } }>(
        `mutation EndAndRead($id: ID!) { endAgentSession(input: { sessionId: $id }) { endedId } }`,
        { id: s.id },
      );
      expect(dataOf(res)).toEqual({ endAgentSession: { endedId: s.id } });
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.end]: 1 });
      expect((await upstreamSession(t, s.upstreamId)).status).toBe(404);

      const read = await t.stack.gql(READ, { id: s.id });
      expect(onlyError(read).extensions).toMatchObject(NOT_FOUND);
      t.resetElizaCalls();
      const again = await t.stack.gql(END, { id: s.id });
      expect(onlyError(again).extensions).toMatchObject(NOT_FOUND);
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1 });
    },
  },
  {
    name: 'ownership: bob cannot send to, renew, heartbeat, update or end alice’s session (NOT_FOUND, no write)',
    async run(t) {
      const s = await createSession(t);
      const attempts: Array<[string, Record<string, unknown>]> = [
        [SEND, { input: { sessionId: s.id, text: 'hijack' } }],
        [RENEW, { id: s.id }],
        [HEARTBEAT, { id: s.id }],
        [UPDATE, { input: { sessionId: s.id, timeoutMinutes: 60 } }],
        [END, { id: s.id }],
      ];
      t.resetElizaCalls();
      const foreign = [];
      for (const [op, vars] of attempts) foreign.push(onlyError(await t.stack.gql(op, vars, { as: 'bob' })));
      // the ownership index knows alice created it: refused without an upstream call
      expect(t.elizaCalls()).toEqual({});

      // exactly what an id that does not exist gives
      const unknown = [];
      for (const [op, vars] of attempts) {
        const swapped = JSON.parse(JSON.stringify(vars).replaceAll(s.id, UNKNOWN_SESSION)) as Record<string, unknown>;
        unknown.push(onlyError(await t.stack.gql(op, swapped, { as: 'bob' })));
      }
      expect(foreign).toEqual(unknown);
      for (const e of foreign) expect(e).toEqual({ message: 'Not found.', extensions: NOT_FOUND });

      const mine = dataOf(await t.stack.gql<{ session: AgentSession }>(READ, { id: s.id })).session;
      expect(mine).toMatchObject({ renewalCount: 0, timeoutConfig: DEFAULT_CONFIG, expiresAt: s.expiresAt });
      expect(await history(t, s.id)).toEqual([]);
    },
  },
  {
    name: 'writes are not retried: a 503 on send is reported once, as possibly applied; renew says retry is safe',
    async run(t) {
      const s = await createSession(t);
      t.resetElizaCalls();
      t.failRoute(ROUTES.send, 503);
      try {
        const res = await send(t, s.id, 'may or may not arrive');
        expect(onlyError(res)).toEqual({
          message: 'The upstream service is unavailable.',
          extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'ELIZA', retryable: false, details: { mayHaveApplied: true } },
        });
        expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.send]: 1 });

        t.failRoute(ROUTES.renew, 503);
        t.resetElizaCalls();
        const renew = await t.stack.gql(RENEW, { id: s.id });
        expect(onlyError(renew).extensions).toEqual({
          code: 'UPSTREAM_UNAVAILABLE',
          provider: 'ELIZA',
          retryable: true,
          details: { mayHaveApplied: true },
        });
        expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.renew]: 1 });

        t.failRoute(ROUTES.create, 503);
        t.resetElizaCalls();
        const create = await t.stack.gql(CREATE, { input: { agentId: t.agentId } });
        expect(onlyError(create).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false, details: { mayHaveApplied: true } });
        expect(t.elizaCalls()).toEqual({ [ROUTES.create]: 1 });
      } finally {
        t.clearFaults();
      }
    },
  },
  {
    name: 'a timed-out send says retryable false and may-have-applied (and it did apply); a timed-out renew is retryable',
    timeoutMs: 30_000,
    async run(t) {
      const tap = await startElizaTap(t.stack.elizaUrl);
      const slow = await startStack({ elizaUrl: tap.url, attemptMs: 400 });
      try {
        const s = dataOf(
          await slow.gql<{ createAgentSession: { session: AgentSession } }>(CREATE, { input: { agentId: t.agentId } }),
        ).createAgentSession.session;
        tap.delay(ROUTES.send, 1500);
        tap.resetCounts();
        const res = await slow.gql(SEND, { input: { sessionId: s.id, text: 'slow network', waitForReply: false } });
        expect(onlyError(res)).toEqual({
          message: 'The upstream service did not answer in time.',
          extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'ELIZA', retryable: false, details: { mayHaveApplied: true } },
        });
        expect(tap.counts()).toEqual({ [ROUTES.get]: 1, [ROUTES.send]: 1 });
        tap.clear();
        // the request reached the server after the facade gave up: the message was stored
        const stored = await poll('the delayed message', async () => {
          const r = await slow.gql<{ session: { messages: { edges: Array<{ node: Message }> } } }>(HISTORY, { id: s.id, last: 10 });
          const texts = dataOf(r).session.messages.edges.map((e) => e.node.text);
          return texts.includes('slow network') ? texts : undefined;
        });
        expect(stored[0]).toBe('slow network');

        tap.delay(ROUTES.renew, 1500);
        tap.resetCounts();
        const renew = await slow.gql(RENEW, { id: s.id });
        expect(onlyError(renew).extensions).toEqual({
          code: 'UPSTREAM_TIMEOUT',
          provider: 'ELIZA',
          retryable: true,
          details: { mayHaveApplied: true },
        });
        expect(tap.counts()).toEqual({ [ROUTES.get]: 1, [ROUTES.renew]: 1 });
      } finally {
        await slow.close();
        await tap.close();
      }
    },
  },
  {
    name: 'unknown session ids are NOT_FOUND for every mutation, with no write',
    async run(t) {
      t.resetElizaCalls();
      const ops: Array<[string, Record<string, unknown>]> = [
        [SEND, { input: { sessionId: UNKNOWN_SESSION, text: 'anyone?' } }],
        [RENEW, { id: UNKNOWN_SESSION }],
        [HEARTBEAT, { id: UNKNOWN_SESSION }],
        [UPDATE, { input: { sessionId: UNKNOWN_SESSION, autoRenew: false } }],
        [END, { id: UNKNOWN_SESSION }],
      ];
      for (const [op, vars] of ops) expect(onlyError(await t.stack.gql(op, vars)).extensions).toEqual(NOT_FOUND);
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 5 });
    },
  },
  {
    name: 'agentSessionsHealth: the upstream counters for an authenticated caller',
    async run(t) {
      // warned from the start: 5 minutes left, warning threshold 5 minutes
      await createSession(t, 'alice', { timeoutConfig: { timeoutMinutes: 5, warningThresholdMinutes: 5 } });
      t.resetElizaCalls();
      const h = dataOf(
        await t.stack.gql<{
          agentSessionsHealth: {
            status: string;
            activeSessions: number;
            expiringSoon: number;
            invalidSessions: number;
            timestamp: string;
            uptimeSeconds: number;
          };
        }>(HEALTH),
      ).agentSessionsHealth;
      expect(t.elizaCalls()).toEqual({ [ROUTES.health]: 1 });
      expect(h.status).toBe('healthy');
      expect(Number.isInteger(h.activeSessions) && h.activeSessions >= 1).toBe(true);
      expect(Number.isInteger(h.expiringSoon) && h.expiringSoon >= 1).toBe(true);
      expect(h.invalidSessions).toBe(0);
      expect(h.timestamp).toMatch(ISO_MS);
      expect(h.uptimeSeconds).toBeGreaterThan(0);

      t.resetElizaCalls();
      const anon = await t.stack.gql(HEALTH, undefined, { as: null });
      expect(codesOf(anon)).toEqual(['UNAUTHENTICATED']);
      expect(anon.body.data).toEqual({ agentSessionsHealth: null });
      expect(t.elizaCalls()).toEqual({});
    },
  },
  {
    name: 'README example: start an agent session, then talk to the agent (test/integration/operations)',
    async run(t) {
      const start = readFileSync(new URL('./operations/start-agent-session.graphql', import.meta.url), 'utf8');
      const talk = readFileSync(new URL('./operations/talk-to-agent.graphql', import.meta.url), 'utf8');
      const created = dataOf(
        await t.stack.gql<{ createAgentSession: { session: { id: string; agentId: string; title: string; timeoutConfig: Config } } }>(start, {
          agentId: t.agentId,
          metadata: { title: 'Support chat' },
        }),
      ).createAgentSession.session;
      expect(created).toMatchObject({ agentId: t.agentId, title: 'Support chat', timeoutConfig: { ...DEFAULT_CONFIG, timeoutMinutes: 60 } });

      const res = await t.stack.gql<{
        sendAgentMessage: {
          userMessage: { role: string; text: string };
          reply: { role: string; text: string };
          wasRenewed: boolean;
          session: { id: string; status: string; timeRemaining: number };
        };
      }>(talk, { sessionId: created.id, text: 'What can you do?' });
      const p = dataOf(res).sendAgentMessage;
      expect(p.userMessage).toMatchObject({ role: 'USER', text: 'What can you do?' });
      expect(p.reply.role).toBe('ASSISTANT');
      if (t.expectedReply) expect(p.reply.text).toBe(t.expectedReply('What can you do?'));
      expect(p.wasRenewed).toBe(true);
      expect(p.session).toMatchObject({ id: created.id, status: 'ACTIVE' });
      expect(p.session.timeRemaining).toBeGreaterThan(59 * 60_000);
    },
  },

  // --- emulator only: these move the upstream's clock ---------------------------------------
  {
    name: 'an expired session gives SESSION_EXPIRED to its owner every time, for every mutation, with no write',
    needsClock: true,
    async run(t) {
      const sessions = [];
      for (let i = 0; i < 5; i++) sessions.push(await createSession(t));
      t.advanceTime!(31 * 60_000);
      const ops = (id: string): Array<[string, Record<string, unknown>]> => [
        [SEND, { input: { sessionId: id, text: 'too late' } }],
        [RENEW, { id }],
        [HEARTBEAT, { id }],
        [UPDATE, { input: { sessionId: id, timeoutMinutes: 60 } }],
        [END, { id }],
      ];
      t.resetElizaCalls();
      for (const [i, s] of sessions.entries()) {
        const [op, vars] = ops(s.id)[i]!;
        const first = onlyError(await t.stack.gql(op, vars));
        expect(first).toEqual({
          message: 'The session has expired.',
          extensions: { code: 'SESSION_EXPIRED', provider: 'ELIZA', retryable: false, details: { recreate: true } },
        });
        // the upstream would now say 404; the facade remembers whose session expired
        const second = onlyError(await t.stack.gql(op, vars));
        expect(second).toEqual(first);
        expect(onlyError(await t.stack.gql(op, vars, { as: 'bob' }))).toEqual({ message: 'Not found.', extensions: NOT_FOUND });
      }
      expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 5 });
    },
  },
  {
    name: 'sending keeps an auto-renewing session alive past its original expiry',
    needsClock: true,
    async run(t) {
      const s = await createSession(t, 'alice', { timeoutConfig: { timeoutMinutes: 10 } });
      t.advanceTime!(8 * 60_000);
      const p = dataOf(await send(t, s.id, 'still here', { waitForReply: false })).sendAgentMessage;
      expect(p.wasRenewed).toBe(true);
      t.advanceTime!(8 * 60_000);
      const read = dataOf(await t.stack.gql<{ session: AgentSession }>(READ, { id: s.id })).session;
      expect(read.renewalCount).toBe(1);
      expect(Date.parse(read.expiresAt) - Date.parse(s.expiresAt)).toBeGreaterThanOrEqual(8 * 60_000);
    },
  },
];
