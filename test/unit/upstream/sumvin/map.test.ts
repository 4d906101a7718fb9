import { describe, expect, it } from 'vitest';
import {
  mapAttachment,
  mapFieldErrors,
  mapMessage,
  mapMessagePage,
  mapSession,
  mapSessionPage,
  mapSumvinError,
  toMessageInput,
} from '../../../../src/upstream/sumvin/map.js';
import {
  messageListEnvelopeSchema,
  sessionEnvelopeSchema,
  sessionListEnvelopeSchema,
  uploadEnvelopeSchema,
} from '../../../../src/upstream/sumvin/schemas.js';
import type { StatusFailure } from '../../../../src/upstream/http/types.js';

const wireMessage = {
  id: 'msg-7f3a',
  message_id: 'm-1',
  role: 'user',
  text_content: 'Hello there',
  parts: [{ type: 'text', text: 'Hello there' }],
  tool_names: null,
  extra_metadata: { lang: 'en' },
  sequence: 0,
  created_at: 1704067200000,
};

const wireSession = {
  id: 'cs-0001',
  title: 'Trip',
  preview: 'Hello there',
  message_count: 1,
  created_at: 1704067200000,
  updated_at: 1704067260000,
  sv_meta: { pinned: true },
  messages: [wireMessage],
  _links: { self: { href: '/v0/chat/sessions/cs-0001', method: 'GET' } },
};

const domainMessage = {
  id: 'msg-7f3a',
  messageId: 'm-1',
  sessionId: 'cs-0001',
  role: 'user',
  textContent: 'Hello there',
  parts: [{ type: 'text', text: 'Hello there' }],
  toolNames: null,
  metadata: { lang: 'en' },
  sequence: 0,
  createdAt: 1704067200000,
};

function failure(status: number, body: unknown, retryAfterMs?: number): StatusFailure {
  return { service: 'sumvin', operation: 'GET /v0/chat/sessions/{session_id}', method: 'GET', status, headers: {}, body, retryAfterMs };
}

describe('Sumvin mapping', () => {
  it('maps a message, taking the session id from the call', () => {
    expect(mapMessage(wireMessage, 'cs-0001')).toEqual(domainMessage);
  });

  it('maps a message with absent nullable fields to nulls', () => {
    const raw = { id: 'msg-2', message_id: 'm-2', role: 'assistant', parts: [], sequence: 3, created_at: 5 };
    expect(mapMessage(raw, 'cs-9')).toEqual({
      id: 'msg-2',
      messageId: 'm-2',
      sessionId: 'cs-9',
      role: 'assistant',
      textContent: null,
      parts: [],
      toolNames: null,
      metadata: null,
      sequence: 3,
      createdAt: 5,
    });
  });

  it('maps a session with expanded messages', () => {
    const parsed = sessionEnvelopeSchema.parse({ _links: {}, session: wireSession });
    const session = mapSession(parsed.session);
    expect({ ...session, messages: session.messages?.all() }).toEqual({
      id: 'cs-0001',
      title: 'Trip',
      preview: 'Hello there',
      messageCount: 1,
      createdAt: 1704067200000,
      updatedAt: 1704067260000,
      svMeta: { pinned: true },
      messages: [domainMessage],
    });
    expect(session.messages?.length).toBe(1);
    expect(session.messages?.slice(0, 5)).toEqual([domainMessage]);
  });

  it('checks expanded messages as they are read: a malformed one fails only the read that reaches it', () => {
    const good = (wireSession as { messages: object[] }).messages[0]!;
    const parsed = sessionEnvelopeSchema.parse({ session: { ...wireSession, messages: [good, { id: 'x' }] } });
    const messages = mapSession(parsed.session).messages!;
    expect(messages.length).toBe(2);
    expect(messages.slice(0, 1)).toEqual([domainMessage]);
    expect(() => messages.slice(0, 2)).toThrow(expect.objectContaining({ kind: 'UPSTREAM_BAD_RESPONSE' }));
    expect(() => sessionEnvelopeSchema.parse({ session: { ...wireSession, messages: 'no' } })).toThrow();
  });

  it('maps absent or null messages, title, preview and sv_meta to null', () => {
    const bare = { id: 'cs-2', title: null, preview: null, message_count: 0, created_at: 1, updated_at: 2 };
    expect(mapSession(sessionEnvelopeSchema.parse({ session: bare }).session)).toEqual({
      id: 'cs-2',
      title: null,
      preview: null,
      messageCount: 0,
      createdAt: 1,
      updatedAt: 2,
      svMeta: null,
      messages: null,
    });
    expect(mapSession(sessionEnvelopeSchema.parse({ session: { ...bare, messages: null } }).session).messages).toBeNull();
  });

  it('maps a session page', () => {
    const raw = sessionListEnvelopeSchema.parse({ _links: {}, sessions: [{ ...wireSession, messages: undefined }], total: 7, offset: 5, limit: 1 });
    expect(mapSessionPage(raw)).toEqual({
      items: [
        {
          id: 'cs-0001',
          title: 'Trip',
          preview: 'Hello there',
          messageCount: 1,
          createdAt: 1704067200000,
          updatedAt: 1704067260000,
          svMeta: { pinned: true },
          messages: null,
        },
      ],
      total: 7,
      offset: 5,
      limit: 1,
    });
  });

  it('maps a message page', () => {
    const raw = messageListEnvelopeSchema.parse({ _links: {}, messages: [wireMessage], total: 1, offset: 0, limit: 50 });
    expect(mapMessagePage(raw, 'cs-0001')).toEqual({ items: [domainMessage], total: 1, offset: 0, limit: 50 });
  });

  it('maps an upload answer', () => {
    const raw = uploadEnvelopeSchema.parse({ _links: {}, url: 'https://files.example/a.png', filename: 'a.png', media_type: 'image/png' });
    expect(mapAttachment(raw)).toEqual({ url: 'https://files.example/a.png', filename: 'a.png', mediaType: 'image/png' });
  });

  it('rejects ISO timestamps (the facade never asks for them)', () => {
    expect(sessionEnvelopeSchema.safeParse({ session: { ...wireSession, created_at: '2024-01-01T00:00:00Z' } }).success).toBe(false);
  });

  it('turns a message input into the wire shape', () => {
    expect(toMessageInput({ id: 'm-1', role: 'user', parts: [{ type: 'text', text: 'hi' }] })).toEqual({
      id: 'm-1',
      role: 'user',
      parts: [{ type: 'text', text: 'hi' }],
    });
    expect(toMessageInput({ id: 'm-2', role: 'assistant', parts: [], createdAt: 1704067200000, metadata: null })).toEqual({
      id: 'm-2',
      role: 'assistant',
      parts: [],
      created_at: 1704067200000,
      metadata: null,
    });
  });

  it('builds field errors from a FastAPI 422 without echoing input', () => {
    const body = {
      detail: [
        { loc: ['body', 'messages', 0, 'id'], msg: 'String should have at most 64 characters', type: 'string_too_long', input: 'SECRET-INPUT' },
        { loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', type: 'less_than_equal', input: 500, ctx: { le: 100 } },
        { loc: ['body'], msg: 'Field required', type: 'missing' },
      ],
    };
    const errors = mapFieldErrors(body);
    expect(errors).toEqual([
      { path: 'messages.0.id', message: 'String should have at most 64 characters' },
      { path: 'limit', message: 'Input should be less than or equal to 100' },
      { path: 'body', message: 'Field required' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('SECRET-INPUT');
    expect(mapFieldErrors({ error_code: 'X' })).toEqual([]);
  });
});

describe('mapSumvinError', () => {
  const problem = (code: string, status: number) => ({
    type: `https://api.sumvin.com/errors/${code.toLowerCase()}`,
    title: 'Problem',
    status,
    detail: 'details',
    instance: '/v0/chat/sessions/cs-1',
    error_code: code,
  });

  it.each([
    [401, 'USR-401-001', 'UNAUTHENTICATED', false],
    [401, 'USR-401-002', 'UNAUTHENTICATED', false],
    [403, 'CHT-403-001', 'NOT_FOUND', false],
    [404, 'CHT-404-001', 'NOT_FOUND', false],
    [404, 'CHT-404-002', 'NOT_FOUND', false],
    [404, 'USR-404-001', 'NOT_FOUND', false],
    [409, 'CHT-409-001', 'CONFLICT', false],
    [413, 'CHA-413-001', 'PAYLOAD_TOO_LARGE', false],
    [415, 'CHA-415-001', 'UNSUPPORTED_MEDIA_TYPE', false],
    [400, 'CHT-400-001', 'BAD_USER_INPUT', false],
    [429, 'CHA-429-001-R', 'RATE_LIMITED', true],
    [500, 'CHA-500-001-R', 'UPSTREAM_UNAVAILABLE', true],
    [503, 'SYS-503-001', 'UPSTREAM_UNAVAILABLE', true],
    [400, 'CHT-400-009-R', 'BAD_USER_INPUT', true],
  ] as const)('maps %i %s to %s (retryable %s)', (status, code, kind, retryable) => {
    const err = mapSumvinError(failure(status, problem(code, status)));
    expect(err).toMatchObject({ service: 'sumvin', kind, status, upstreamCode: code, retryable, operation: 'GET /v0/chat/sessions/{session_id}' });
  });

  it('maps 422 to BAD_USER_INPUT with field errors', () => {
    const err = mapSumvinError(failure(422, { detail: [{ loc: ['body', 'title'], msg: 'too long', type: 'string_too_long', input: 'x' }] }));
    expect(err.kind).toBe('BAD_USER_INPUT');
    expect(err.upstreamCode).toBeUndefined();
    expect(err.fieldErrors).toEqual([{ path: 'title', message: 'too long' }]);
  });

  it('keeps Retry-After on 429', () => {
    expect(mapSumvinError(failure(429, problem('CHA-429-001-R', 429), 2000)).retryAfterMs).toBe(2000);
  });

  it('maps a body it cannot read by status alone', () => {
    expect(mapSumvinError(failure(502, undefined))).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', upstreamCode: undefined, retryable: true });
    expect(mapSumvinError(failure(405, undefined))).toMatchObject({ kind: 'UPSTREAM_BAD_RESPONSE', retryable: false });
  });
});
