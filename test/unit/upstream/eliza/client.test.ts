import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElizaClient } from '../../../../src/upstream/eliza/client.js';
import { InvalidIdError, UpstreamError } from '../../../../src/errors/classes.js';
import { HOSTILE_IDS } from '../../../support/hostile-ids.js';
import { intercept, mockSetup, rejectionOf, type MockSetup } from '../support.js';

const SESSION_ID = '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d';
const CHANNEL_ID = '5d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const AGENT_ID = '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f';
const USER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const API_KEY = 'server-side-key';
const BASE = '/api/messaging/sessions';

const timeoutConfig = { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 };
const sessionInfo = {
  sessionId: SESSION_ID,
  channelId: CHANNEL_ID,
  agentId: AGENT_ID,
  userId: USER_ID,
  createdAt: '2024-01-01T00:00:00.000Z',
  lastActivity: '2024-01-01T00:10:00.000Z',
  metadata: {},
  expiresAt: '2024-01-01T00:40:00.000Z',
  timeoutConfig,
  renewalCount: 1,
  timeRemaining: 600_000,
  isNearExpiration: false,
};
const domainSession = {
  sessionId: SESSION_ID,
  channelId: CHANNEL_ID,
  agentId: AGENT_ID,
  userId: USER_ID,
  createdAt: 1704067200000,
  lastActivity: 1704067800000,
  metadata: {},
  expiresAt: 1704069600000,
  timeoutConfig,
  renewalCount: 1,
  timeRemaining: 600_000,
  isNearExpiration: false,
};
const userMessage = {
  id: 'aaaa0000-1111-4222-8333-444455556666',
  channel_id: CHANNEL_ID,
  message_server_id: '00000000-0000-0000-0000-000000000000',
  author_id: USER_ID,
  content: 'hello',
  created_at: 1704067800000,
  source_type: 'user',
  raw_message: { content: 'hello', attachments: [] },
  metadata: {},
  in_reply_to_message_id: null,
};
const sessionStatus = { expiresAt: '2024-01-01T00:40:00.000Z', renewalCount: 1, wasRenewed: true, isNearExpiration: false };

let mock: MockSetup;
let client: ElizaClient;
beforeEach(() => {
  mock = mockSetup('eliza');
  client = new ElizaClient({ http: mock.transport({ defaultHeaders: { 'X-API-KEY': API_KEY } }) });
});
afterEach(async () => {
  await mock.close();
});

describe('ElizaClient requests', () => {
  it('reads health and sends the server key', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: `${BASE}/health` }, 200, {
      status: 'healthy',
      activeSessions: 2,
      timestamp: '2024-01-01T00:00:01.000Z',
      expiringSoon: 0,
      uptime: 3.25,
    });
    expect(await client.health()).toEqual({
      status: 'healthy',
      activeSessions: 2,
      expiringSoon: 0,
      invalidSessions: 0,
      timestamp: 1704067201000,
      uptimeSeconds: 3.25,
    });
    expect(seen[0]?.headers).toEqual({ accept: 'application/json', 'x-api-key': API_KEY });
  });

  it('lists sessions', async () => {
    intercept(mock.pool, { method: 'GET', path: BASE }, 200, {
      sessions: [sessionInfo],
      total: 1,
      stats: { totalSessions: 1, activeSessions: 1, expiredSessions: 0 },
    });
    expect(await client.listSessions()).toEqual([domainSession]);
  });

  it('gets a session', async () => {
    intercept(mock.pool, { method: 'GET', path: `${BASE}/${SESSION_ID}` }, 200, sessionInfo);
    expect(await client.getSession(SESSION_ID)).toEqual(domainSession);
  });

  it('creates a session and fills the missing activity fields', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: BASE }, 201, {
      sessionId: SESSION_ID,
      channelId: CHANNEL_ID,
      agentId: AGENT_ID,
      userId: USER_ID,
      createdAt: '2024-01-01T00:00:00.000Z',
      metadata: { platform: 'web' },
      expiresAt: '2024-01-01T01:00:00.000Z',
      timeoutConfig: { ...timeoutConfig, timeoutMinutes: 60 },
    });
    const session = await client.createSession({
      agentId: AGENT_ID,
      userId: USER_ID,
      metadata: { platform: 'web' },
      timeoutConfig: { timeoutMinutes: 60 },
    });
    expect(seen[0]?.body).toEqual({ agentId: AGENT_ID, userId: USER_ID, metadata: { platform: 'web' }, timeoutConfig: { timeoutMinutes: 60 } });
    expect(seen[0]?.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-api-key': API_KEY });
    expect(session).toEqual({
      sessionId: SESSION_ID,
      channelId: CHANNEL_ID,
      agentId: AGENT_ID,
      userId: USER_ID,
      createdAt: 1704067200000,
      lastActivity: 1704067200000,
      metadata: { platform: 'web' },
      expiresAt: 1704070800000,
      timeoutConfig: { ...timeoutConfig, timeoutMinutes: 60 },
      renewalCount: 0,
      timeRemaining: 3_600_000,
      isNearExpiration: false,
    });
  });

  it('sends a message and waits for the reply over transport http', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/messages` }, 201, {
      success: true,
      userMessage,
      agentResponse: { text: 'Hi!', thought: 'greet', actions: ['REPLY'] },
      sessionStatus,
    });
    const result = await client.sendMessage(SESSION_ID, {
      content: 'hello',
      attachments: [{ type: 'image', url: 'https://files.example/a.png' }],
      waitForReply: true,
    });
    expect(seen[0]?.body).toEqual({
      content: 'hello',
      transport: 'http',
      attachments: [{ type: 'image', url: 'https://files.example/a.png' }],
    });
    expect(result).toEqual({
      userMessage: {
        id: 'aaaa0000-1111-4222-8333-444455556666',
        sessionId: SESSION_ID,
        content: 'hello',
        authorId: USER_ID,
        isAgent: false,
        createdAt: 1704067800000,
        metadata: {},
      },
      agentResponse: { text: 'Hi!', thought: 'greet', actions: ['REPLY'], raw: { text: 'Hi!', thought: 'greet', actions: ['REPLY'] } },
      sessionStatus: { expiresAt: 1704069600000, renewalCount: 1, wasRenewed: true, isNearExpiration: false },
    });
  });

  it('sends a message over the default websocket transport without a reply', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/messages` }, 201, { success: true, userMessage, sessionStatus });
    const result = await client.sendMessage(SESSION_ID, { content: 'hello', metadata: { k: 1 }, waitForReply: false });
    expect(seen[0]?.body).toEqual({ content: 'hello', transport: 'websocket', metadata: { k: 1 } });
    expect(result.agentResponse).toBeNull();
  });

  it('reads history with integer-ms cursors', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: (p) => p.startsWith(`${BASE}/${SESSION_ID}/messages?`) }, 200, {
      messages: [
        {
          id: 'bbbb0000-1111-4222-8333-444455556666',
          content: 'hello',
          authorId: USER_ID,
          isAgent: false,
          createdAt: '2024-01-01T00:10:00.000Z',
          metadata: {},
        },
      ],
      hasMore: false,
      cursors: { before: 1704067800000, after: 1704067800000 },
    });
    const page = await client.getMessages(SESSION_ID, { limit: 20, before: 1704070000000, after: 1704060000000 });
    expect(seen[0]?.path).toBe(`${BASE}/${SESSION_ID}/messages?limit=20&before=1704070000000&after=1704060000000`);
    expect(page).toEqual({
      messages: [
        {
          id: 'bbbb0000-1111-4222-8333-444455556666',
          sessionId: SESSION_ID,
          content: 'hello',
          authorId: USER_ID,
          isAgent: false,
          createdAt: 1704067800000,
          metadata: {},
        },
      ],
      hasMore: false,
      cursors: { before: 1704067800000, after: 1704067800000 },
    });
  });

  it("reads a channel's reply links (inReplyToRootMessageId), absent ones as null", async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: (p) => p.startsWith(`/api/messaging/channels/${CHANNEL_ID}/messages?`) }, 200, {
      success: true,
      data: {
        messages: [
          { id: 'cccc0000-1111-4222-8333-444455556666', authorId: AGENT_ID, sourceType: 'agent_response', inReplyToRootMessageId: userMessage.id, rawMessage: {} },
          { id: userMessage.id, authorId: USER_ID, sourceType: 'user', rawMessage: {} },
        ],
      },
    });
    expect(await client.getChannelReplies(CHANNEL_ID, 50)).toEqual([
      { id: 'cccc0000-1111-4222-8333-444455556666', inReplyTo: userMessage.id },
      { id: userMessage.id, inReplyTo: null },
    ]);
    expect(seen[0]?.path).toBe(`/api/messaging/channels/${CHANNEL_ID}/messages?limit=50`);
    await expect(client.getChannelReplies('not-a-uuid', 50)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.getChannelReplies(CHANNEL_ID, 0)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.getChannelReplies(CHANNEL_ID, 101)).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(1);
  });

  it('renews and heartbeats with body-less POSTs', async () => {
    const renew = intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/renew` }, 200, sessionInfo);
    const beat = intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/heartbeat` }, 200, sessionInfo);
    expect(await client.renewSession(SESSION_ID)).toEqual(domainSession);
    expect(await client.heartbeat(SESSION_ID)).toEqual(domainSession);
    expect(renew[0]?.headers).toEqual({ accept: 'application/json', 'x-api-key': API_KEY });
    expect(renew[0]?.body).toBeUndefined();
    expect(beat[0]?.body).toBeUndefined();
  });

  it('patches the timeout with only the given fields', async () => {
    const seen = intercept(mock.pool, { method: 'PATCH', path: `${BASE}/${SESSION_ID}/timeout` }, 200, sessionInfo);
    await client.updateTimeout(SESSION_ID, { timeoutMinutes: 60, autoRenew: false });
    expect(seen[0]?.body).toEqual({ timeoutMinutes: 60, autoRenew: false });
  });

  it('deletes a session (200 JSON body read and dropped)', async () => {
    intercept(mock.pool, { method: 'DELETE', path: `${BASE}/${SESSION_ID}` }, 200, { success: true, message: `Session ${SESSION_ID} deleted successfully` });
    await expect(client.deleteSession(SESSION_ID)).resolves.toBeUndefined();
  });
});

describe('ElizaClient errors', () => {
  const routerError = (code: string) => ({ error: { code, message: 'x', timestamp: '2024-01-01T00:00:00.000Z' } });

  it.each([
    [404, 'SESSION_NOT_FOUND', 'NOT_FOUND'],
    [410, 'SESSION_EXPIRED', 'SESSION_EXPIRED'],
    [400, 'SESSION_RENEWAL_FAILED', 'BAD_USER_INPUT'],
  ] as const)('maps %i %s on renew to %s', async (status, code, kind) => {
    intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/renew` }, status, routerError(code));
    const err = await rejectionOf(client.renewSession(SESSION_ID));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind, status, upstreamCode: code, retryable: false });
  });

  it('maps AGENT_NOT_FOUND on create to NOT_FOUND and keeps the code', async () => {
    intercept(mock.pool, { method: 'POST', path: BASE }, 404, routerError('AGENT_NOT_FOUND'));
    const err = await rejectionOf(client.createSession({ agentId: AGENT_ID, userId: USER_ID }));
    expect(err).toMatchObject({ kind: 'NOT_FOUND', upstreamCode: 'AGENT_NOT_FOUND' });
  });

  it('maps a rate-limited GET to RATE_LIMITED using RateLimit-Reset when it exceeds the budget', async () => {
    intercept(
      mock.pool,
      { method: 'GET', path: `${BASE}/${SESSION_ID}` },
      429,
      { success: false, error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests. Please try again later.' } },
      { 'content-type': 'application/json', 'ratelimit-limit': '1000', 'ratelimit-remaining': '0', 'ratelimit-reset': '540' },
    );
    const err = await rejectionOf(client.getSession(SESSION_ID));
    expect(err).toMatchObject({ kind: 'RATE_LIMITED', retryable: true, retryAfterMs: 540_000, upstreamCode: 'RATE_LIMIT_EXCEEDED' });
    expect(mock.calls).toHaveLength(1);
  });

  it('maps a plain-text 401 (older servers) to UPSTREAM_UNAVAILABLE', async () => {
    intercept(mock.pool, { method: 'GET', path: BASE }, 401, 'Unauthorized: Invalid or missing X-API-KEY', { 'content-type': 'text/plain' });
    const err = await rejectionOf(client.listSessions());
    expect(err).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', status: 401, retryable: false });
  });

  it('maps the http-transport agent failure (500) and does not retry the POST', async () => {
    intercept(mock.pool, { method: 'POST', path: `${BASE}/${SESSION_ID}/messages` }, 500, {
      success: false,
      error: 'Failed to process message in HTTP transport',
    });
    const err = await rejectionOf(client.sendMessage(SESSION_ID, { content: 'x', waitForReply: true }));
    expect(err).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', status: 500, upstreamCode: undefined });
    expect(mock.calls).toHaveLength(1);
  });

  it('rejects a drifted history page', async () => {
    intercept(mock.pool, { method: 'GET', path: `${BASE}/${SESSION_ID}/messages?limit=5` }, 200, {
      messages: [{ id: 'x', content: 'c', authorId: USER_ID, isAgent: 'no', createdAt: '2024-01-01T00:00:00.000Z' }],
      hasMore: false,
    });
    const err = await rejectionOf(client.getMessages(SESSION_ID, { limit: 5 }));
    expect(err).toMatchObject({ kind: 'UPSTREAM_BAD_RESPONSE' });
  });
});

describe('ElizaClient input checks (no request made)', () => {
  const notUuids = [
    ...HOSTILE_IDS,
    '0b4f5c7e1d2a4e3b9c8d7e6f5a4b3c2d',
    '{0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d}',
    '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d ',
    '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2g',
    `${SESSION_ID}/../x`,
  ];

  it.each(notUuids.map((id) => [JSON.stringify(id).slice(0, 50), id]))('rejects the session id %s', async (_label, id) => {
    await expect(client.getSession(id)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.sendMessage(id, { content: 'x', waitForReply: false })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.getMessages(id, { limit: 10 })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.renewSession(id)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.heartbeat(id)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.updateTimeout(id, {})).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.deleteSession(id)).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(0);
  });

  it('accepts an upper-case UUID', async () => {
    const upper = SESSION_ID.toUpperCase();
    intercept(mock.pool, { method: 'GET', path: `${BASE}/${upper}` }, 200, sessionInfo);
    await expect(client.getSession(upper)).resolves.toEqual(domainSession);
  });

  it('rejects non-UUID agent and user ids on create', async () => {
    await expect(client.createSession({ agentId: 'agent-1', userId: USER_ID })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.createSession({ agentId: AGENT_ID, userId: '../x' })).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(0);
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 101 }],
    [{ limit: 10, before: 1.5 }],
    [{ limit: 10, after: -1 }],
  ])('rejects history arguments %j', async (args) => {
    await expect(client.getMessages(SESSION_ID, args)).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(0);
  });
});
