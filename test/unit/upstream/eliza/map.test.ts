import { describe, expect, it } from 'vitest';
import type { StatusFailure } from '../../../../src/upstream/http/types.js';
import {
  isoToMs,
  mapAgentReply,
  mapCreatedSession,
  mapElizaError,
  mapHealth,
  mapMessagePage,
  mapSendResult,
  mapSessionInfo,
  mapStoredMessage,
  mapUserMessage,
} from '../../../../src/upstream/eliza/map.js';
import {
  createSessionResponseSchema,
  healthSchema,
  messagePageSchema,
  sendMessageResponseSchema,
  sessionInfoSchema,
} from '../../../../src/upstream/eliza/schemas.js';

const SESSION_ID = '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d';
const CHANNEL_ID = '5d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const AGENT_ID = '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f';
const USER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const timeoutConfig = { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 };

const wireSessionInfo = {
  sessionId: SESSION_ID,
  channelId: CHANNEL_ID,
  agentId: AGENT_ID,
  userId: USER_ID,
  createdAt: '2024-01-01T00:00:00.000Z',
  lastActivity: '2024-01-01T00:20:00.000Z',
  metadata: { platform: 'web' },
  expiresAt: '2024-01-01T00:50:00.000Z',
  timeoutConfig,
  renewalCount: 1,
  timeRemaining: 1_740_000,
  isNearExpiration: false,
};

function failure(status: number, body: unknown, retryAfterMs?: number): StatusFailure {
  return { service: 'eliza', operation: 'GET /api/messaging/sessions/{sessionId}', method: 'GET', status, headers: {}, body, retryAfterMs };
}

describe('Eliza mapping', () => {
  it('converts ISO timestamps with milliseconds to epoch ms', () => {
    expect(isoToMs('2024-01-01T00:00:00.000Z')).toBe(1704067200000);
    expect(isoToMs('2024-01-01T00:00:00.123Z')).toBe(1704067200123);
  });

  it('maps SessionInfo', () => {
    expect(mapSessionInfo(sessionInfoSchema.parse(wireSessionInfo))).toEqual({
      sessionId: SESSION_ID,
      channelId: CHANNEL_ID,
      agentId: AGENT_ID,
      userId: USER_ID,
      createdAt: 1704067200000,
      lastActivity: 1704068400000,
      metadata: { platform: 'web' },
      expiresAt: 1704070200000,
      timeoutConfig,
      renewalCount: 1,
      timeRemaining: 1_740_000,
      isNearExpiration: false,
    });
  });

  it('fills the fields the create answer lacks', () => {
    const raw = createSessionResponseSchema.parse({
      sessionId: SESSION_ID,
      channelId: CHANNEL_ID,
      agentId: AGENT_ID,
      userId: USER_ID,
      createdAt: '2024-01-01T00:00:00.000Z',
      metadata: {},
      expiresAt: '2024-01-01T00:30:00.000Z',
      timeoutConfig,
    });
    expect(mapCreatedSession(raw)).toEqual({
      sessionId: SESSION_ID,
      channelId: CHANNEL_ID,
      agentId: AGENT_ID,
      userId: USER_ID,
      createdAt: 1704067200000,
      lastActivity: 1704067200000,
      metadata: {},
      expiresAt: 1704069000000,
      timeoutConfig,
      renewalCount: 0,
      timeRemaining: 1_800_000,
      isNearExpiration: false,
    });
  });

  it('reads a non-boolean autoRenew by truthiness, as the server does', () => {
    const parsed = sessionInfoSchema.parse({ ...wireSessionInfo, timeoutConfig: { ...timeoutConfig, autoRenew: 0 } });
    expect(mapSessionInfo(parsed).timeoutConfig.autoRenew).toBe(false);
  });

  it('maps a stored message and a history page with cursors', () => {
    const wire = {
      id: 'c0ffee00-1111-4222-8333-444455556666',
      content: 'Hi, how can I help?',
      authorId: AGENT_ID,
      isAgent: true,
      createdAt: '2024-01-01T00:01:00.000Z',
      metadata: { thought: 'greet', actions: ['REPLY'] },
    };
    const expected = {
      id: 'c0ffee00-1111-4222-8333-444455556666',
      sessionId: SESSION_ID,
      content: 'Hi, how can I help?',
      authorId: AGENT_ID,
      isAgent: true,
      createdAt: 1704067260000,
      metadata: { thought: 'greet', actions: ['REPLY'] },
    };
    expect(mapStoredMessage(wire, SESSION_ID)).toEqual(expected);
    const page = messagePageSchema.parse({ messages: [wire], hasMore: false, cursors: { before: 1704067260000, after: 1704067260000 } });
    expect(mapMessagePage(page, SESSION_ID)).toEqual({
      messages: [expected],
      hasMore: false,
      cursors: { before: 1704067260000, after: 1704067260000 },
    });
  });

  it('maps an empty history page (no cursors) to null cursors', () => {
    expect(mapMessagePage(messagePageSchema.parse({ messages: [], hasMore: false }), SESSION_ID)).toEqual({
      messages: [],
      hasMore: false,
      cursors: null,
    });
  });

  it('maps the snake_case userMessage', () => {
    expect(
      mapUserMessage(
        { id: 'aaaa0000-1111-4222-8333-444455556666', author_id: USER_ID, content: 'hello', created_at: 1704067200500, metadata: null },
        SESSION_ID,
      ),
    ).toEqual({
      id: 'aaaa0000-1111-4222-8333-444455556666',
      sessionId: SESSION_ID,
      content: 'hello',
      authorId: USER_ID,
      isAgent: false,
      createdAt: 1704067200500,
      metadata: {},
    });
  });

  it('maps an agent reply, keeping the whole content as raw', () => {
    const content = { text: 'Sure.', thought: 'easy', actions: ['REPLY', 7], providers: ['time'] };
    expect(mapAgentReply(content)).toEqual({ text: 'Sure.', thought: 'easy', actions: ['REPLY'], raw: content });
    expect(mapAgentReply({ text: 5 })).toEqual({ text: null, thought: null, actions: [], raw: { text: 5 } });
    expect(mapAgentReply(undefined)).toBeNull();
  });

  const sendWire = {
    success: true,
    userMessage: {
      id: 'aaaa0000-1111-4222-8333-444455556666',
      channel_id: CHANNEL_ID,
      message_server_id: '00000000-0000-0000-0000-000000000000',
      author_id: USER_ID,
      content: 'hello',
      created_at: 1704067200500,
      source_type: 'user',
      raw_message: { content: 'hello', attachments: [] },
      metadata: { sessionId: SESSION_ID },
      in_reply_to_message_id: null,
    },
    agentResponse: { text: 'Hi!', thought: 't', actions: ['REPLY'] },
    sessionStatus: { expiresAt: '2024-01-01T00:30:00.500Z', renewalCount: 2, wasRenewed: true, isNearExpiration: false },
  };

  it('maps a send result with the reply when it waited for one', () => {
    expect(mapSendResult(sendMessageResponseSchema.parse(sendWire), SESSION_ID, true)).toEqual({
      userMessage: {
        id: 'aaaa0000-1111-4222-8333-444455556666',
        sessionId: SESSION_ID,
        content: 'hello',
        authorId: USER_ID,
        isAgent: false,
        createdAt: 1704067200500,
        metadata: { sessionId: SESSION_ID },
      },
      agentResponse: { text: 'Hi!', thought: 't', actions: ['REPLY'], raw: { text: 'Hi!', thought: 't', actions: ['REPLY'] } },
      sessionStatus: { expiresAt: 1704069000500, renewalCount: 2, wasRenewed: true, isNearExpiration: false },
    });
  });

  it('maps a send result without reply or status', () => {
    const { agentResponse: _a, sessionStatus: _s, ...bare } = sendWire;
    const result = mapSendResult(sendMessageResponseSchema.parse(bare), SESSION_ID, false);
    expect(result.agentResponse).toBeNull();
    expect(result.sessionStatus).toBeNull();
  });

  it('maps health', () => {
    const raw = healthSchema.parse({ status: 'healthy', activeSessions: 3, timestamp: '2024-01-01T00:00:00.000Z', expiringSoon: 1, uptime: 12.5 });
    expect(mapHealth(raw)).toEqual({
      status: 'healthy',
      activeSessions: 3,
      expiringSoon: 1,
      invalidSessions: 0,
      timestamp: 1704067200000,
      uptimeSeconds: 12.5,
    });
  });

  it('rejects epoch-ms where ISO is expected', () => {
    expect(sessionInfoSchema.safeParse({ ...wireSessionInfo, createdAt: 1704067200000 }).success).toBe(false);
  });
});

describe('mapElizaError', () => {
  const routerError = (code: string) => ({
    error: { code, message: 'text', timestamp: '2024-01-01T00:00:00.000Z', details: { providedValue: 'x' }, stack: 'Error: at /srv/app.js:1' },
  });

  it.each([
    [404, 'SESSION_NOT_FOUND', 'NOT_FOUND', false],
    [404, 'AGENT_NOT_FOUND', 'NOT_FOUND', false],
    [410, 'SESSION_EXPIRED', 'SESSION_EXPIRED', false],
    [400, 'VALIDATION_ERROR', 'BAD_USER_INPUT', false],
    [400, 'SESSION_RENEWAL_FAILED', 'BAD_USER_INPUT', false],
    [500, 'MESSAGE_SEND_FAILED', 'UPSTREAM_UNAVAILABLE', true],
    [500, 'INTERNAL_SERVER_ERROR', 'UPSTREAM_UNAVAILABLE', true],
  ] as const)('maps %i %s to %s', (status, code, kind, retryable) => {
    expect(mapElizaError(failure(status, routerError(code)))).toMatchObject({ service: 'eliza', kind, status, upstreamCode: code, retryable });
  });

  it('reads the middleware body shape', () => {
    const body = { success: false, error: { code: 'INVALID_CONTENT_TYPE', message: 'Invalid or missing Content-Type header' } };
    expect(mapElizaError(failure(400, body))).toMatchObject({ kind: 'BAD_USER_INPUT', upstreamCode: 'INVALID_CONTENT_TYPE' });
  });

  it('maps a 429 with its wait', () => {
    const body = { success: false, error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests. Please try again later.' } };
    expect(mapElizaError(failure(429, body, 60_000))).toMatchObject({
      kind: 'RATE_LIMITED',
      retryable: true,
      retryAfterMs: 60_000,
      upstreamCode: 'RATE_LIMIT_EXCEEDED',
    });
  });

  it('maps the API-key 401 (our key, not the user) to UPSTREAM_UNAVAILABLE', () => {
    const err = mapElizaError(failure(401, { error: 'API key required', message: 'Missing or invalid X-API-KEY header' }));
    expect(err).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', status: 401, upstreamCode: undefined, retryable: false });
    expect(mapElizaError(failure(401, undefined)).kind).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('carries nothing from details or stack', () => {
    const err = mapElizaError(failure(404, routerError('SESSION_NOT_FOUND')));
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('/srv/app.js');
    expect(err.fieldErrors).toEqual([]);
  });
});
