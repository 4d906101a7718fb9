import { FormData } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidIdError, UpstreamError } from '../../../../src/errors/classes.js';
import { SumvinClient } from '../../../../src/upstream/sumvin/client.js';
import type { SumvinCaller } from '../../../../src/upstream/sumvin/types.js';
import { HOSTILE_IDS } from '../../../support/hostile-ids.js';
import { intercept, mockSetup, rejectionOf, type MockSetup } from '../support.js';

const caller: SumvinCaller = { token: 'eyJhbGciOi.payload.sig', orgId: 'org-3b8b:env-fd61' };

const wireSession = {
  id: 'cs-0001',
  title: 'Trip',
  preview: 'Hello',
  message_count: 2,
  created_at: 1704067200000,
  updated_at: 1704067260000,
};
const domainSession = {
  id: 'cs-0001',
  title: 'Trip',
  preview: 'Hello',
  messageCount: 2,
  createdAt: 1704067200000,
  updatedAt: 1704067260000,
  svMeta: null,
  messages: null,
};
const wireMessage = {
  id: 'msg-1',
  message_id: 'm-1',
  role: 'user',
  text_content: 'Hello',
  parts: [{ type: 'text', text: 'Hello' }],
  tool_names: null,
  extra_metadata: null,
  sequence: 0,
  created_at: 1704067200000,
};

let mock: MockSetup;
let client: SumvinClient;
beforeEach(() => {
  mock = mockSetup('sumvin');
  client = new SumvinClient({ http: mock.transport() });
});
afterEach(async () => {
  await mock.close();
});

describe('SumvinClient requests', () => {
  it('lists sessions with q, expand, offset and limit, sending exactly the caller credentials', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: (p) => p.startsWith('/v0/chat/sessions?') }, 200, {
      _links: {},
      sessions: [wireSession],
      total: 1,
      offset: 10,
      limit: 5,
    });
    const page = await client.listSessions(caller, { q: 'trip', offset: 10, limit: 5, expandMessages: true });
    expect(page).toEqual({ items: [domainSession], total: 1, offset: 10, limit: 5 });
    expect(seen[0]?.path).toBe('/v0/chat/sessions?q=trip&expand=messages&offset=10&limit=5');
    expect(seen[0]?.headers).toEqual({
      accept: 'application/json',
      'x-juno-jwt': 'eyJhbGciOi.payload.sig',
      'x-juno-orgid': 'org-3b8b:env-fd61',
    });
  });

  it('leaves out the tenant header when the caller has none, and never sends Authorization', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions?offset=0&limit=50' }, 200, {
      sessions: [],
      total: 0,
      offset: 0,
      limit: 50,
    });
    await client.listSessions({ token: 't0k3n' }, { q: '', offset: 0, limit: 50 });
    expect(seen[0]?.headers).toEqual({ accept: 'application/json', 'x-juno-jwt': 't0k3n' });
  });

  it('gets a session with expanded messages', async () => {
    intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions/cs-0001?expand=messages' }, 200, {
      _links: {},
      session: { ...wireSession, messages: [wireMessage] },
    });
    const session = await client.getSession(caller, 'cs-0001', { expandMessages: true });
    expect(session.messages?.all()).toEqual([
      {
        id: 'msg-1',
        messageId: 'm-1',
        sessionId: 'cs-0001',
        role: 'user',
        textContent: 'Hello',
        parts: [{ type: 'text', text: 'Hello' }],
        toolNames: null,
        metadata: null,
        sequence: 0,
        createdAt: 1704067200000,
      },
    ]);
  });

  it('encodes an id with characters beyond [A-Za-z0-9_-]', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions/cs%3Aa%40b.c' }, 200, { session: wireSession });
    await client.getSession(caller, 'cs:a@b.c');
    expect(seen).toHaveLength(1);
  });

  it('creates a session with its first messages', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: '/v0/chat/sessions' }, 201, { _links: {}, session: wireSession });
    const session = await client.createSession(caller, {
      id: 'cs-0001',
      title: 'Trip',
      messages: [{ id: 'm-1', role: 'user', parts: [{ type: 'text', text: 'Hello' }], createdAt: 1704067200000 }],
    });
    expect(session).toEqual(domainSession);
    expect(seen[0]?.body).toEqual({
      id: 'cs-0001',
      title: 'Trip',
      messages: [{ id: 'm-1', role: 'user', parts: [{ type: 'text', text: 'Hello' }], created_at: 1704067200000 }],
    });
    expect(seen[0]?.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-juno-jwt': 'eyJhbGciOi.payload.sig',
      'x-juno-orgid': 'org-3b8b:env-fd61',
    });
  });

  it('renames: undefined leaves the title out, null clears it', async () => {
    const first = intercept(mock.pool, { method: 'PATCH', path: '/v0/chat/sessions/cs-0001' }, 200, { session: wireSession });
    const second = intercept(mock.pool, { method: 'PATCH', path: '/v0/chat/sessions/cs-0001' }, 200, { session: { ...wireSession, title: null } });
    await client.updateSession(caller, 'cs-0001', {});
    const cleared = await client.updateSession(caller, 'cs-0001', { title: null });
    expect(first[0]?.body).toEqual({});
    expect(second[0]?.body).toEqual({ title: null });
    expect(cleared.title).toBeNull();
  });

  it('deletes with a 204', async () => {
    const seen = intercept(mock.pool, { method: 'DELETE', path: '/v0/chat/sessions/cs-0001' }, 204, undefined, {});
    await expect(client.deleteSession(caller, 'cs-0001')).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('lists messages of a session', async () => {
    intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions/cs-0001/messages?offset=0&limit=2' }, 200, {
      _links: {},
      messages: [wireMessage],
      total: 1,
      offset: 0,
      limit: 2,
    });
    const page = await client.listMessages(caller, 'cs-0001', { offset: 0, limit: 2 });
    expect(page.total).toBe(1);
    expect(page.items.map((m) => [m.messageId, m.sessionId])).toEqual([['m-1', 'cs-0001']]);
  });

  it('saves messages', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: '/v0/chat/sessions/cs-0001/messages' }, 200, { _links: {}, saved_count: 2 });
    const result = await client.saveMessages(caller, 'cs-0001', [
      { id: 'm-2', role: 'assistant', parts: [], metadata: { model: 'x' } },
      { id: 'm-3', role: 'user', parts: [{ type: 'text', text: 'ok' }] },
    ]);
    expect(result).toEqual({ savedCount: 2 });
    expect(seen[0]?.body).toEqual({
      messages: [
        { id: 'm-2', role: 'assistant', parts: [], metadata: { model: 'x' } },
        { id: 'm-3', role: 'user', parts: [{ type: 'text', text: 'ok' }] },
      ],
    });
  });

  it('uploads an attachment as multipart with the session id as query parameter', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: '/v0/chat/attachments?session_id=cs-0001' }, 201, {
      _links: {},
      url: 'https://files.example/u/a.png',
      filename: 'a.png',
      media_type: 'image/png',
    });
    const result = await client.uploadAttachment(caller, {
      data: new Uint8Array([137, 80, 78, 71]),
      filename: 'a.png',
      mediaType: 'image/png',
      sessionId: 'cs-0001',
    });
    expect(result).toEqual({ url: 'https://files.example/u/a.png', filename: 'a.png', mediaType: 'image/png' });
    const form = seen[0]?.body;
    expect(form).toBeInstanceOf(FormData);
    const file = (form as FormData).get('file') as unknown as Blob & { name: string };
    expect(file.name).toBe('a.png');
    expect(file.type).toBe('image/png');
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([137, 80, 78, 71]);
    expect(seen[0]?.headers).toEqual({
      accept: 'application/json',
      'x-juno-jwt': 'eyJhbGciOi.payload.sig',
      'x-juno-orgid': 'org-3b8b:env-fd61',
    });
  });
});

describe('SumvinClient errors', () => {
  it('keeps USR-404-001 apart from CHT-404-001', async () => {
    intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions/cs-0001' }, 404, {
      type: 'https://api.sumvin.com/errors/usr-404-001',
      title: 'User Not Found',
      status: 404,
      detail: 'no user',
      instance: '/v0/chat/sessions/cs-0001',
      error_code: 'USR-404-001',
    });
    const err = await rejectionOf(client.getSession(caller, 'cs-0001'));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: 'NOT_FOUND', upstreamCode: 'USR-404-001', status: 404, retryable: false });
  });

  it('maps a 422 on create to BAD_USER_INPUT with field errors', async () => {
    intercept(mock.pool, { method: 'POST', path: '/v0/chat/sessions' }, 422, {
      detail: [{ loc: ['body', 'messages'], msg: 'List should have at least 1 item after validation, not 0', type: 'too_short', input: [] }],
    });
    const err = await rejectionOf(client.createSession(caller, { id: 'cs-1', messages: [] }));
    expect(err).toMatchObject({
      kind: 'BAD_USER_INPUT',
      status: 422,
      fieldErrors: [{ path: 'messages', message: 'List should have at least 1 item after validation, not 0' }],
    });
  });

  it('maps 409 on create to CONFLICT and does not retry the POST', async () => {
    intercept(mock.pool, { method: 'POST', path: '/v0/chat/sessions' }, 409, { error_code: 'CHT-409-001', status: 409, title: 'Conflict' });
    const err = await rejectionOf(client.createSession(caller, { id: 'cs-1', messages: [{ id: 'm', role: 'user', parts: [] }] }));
    expect(err).toMatchObject({ kind: 'CONFLICT', upstreamCode: 'CHT-409-001' });
    expect(mock.calls).toHaveLength(1);
  });

  it('maps a 429 upload to RATE_LIMITED with Retry-After', async () => {
    intercept(
      mock.pool,
      { method: 'POST', path: '/v0/chat/attachments' },
      429,
      { error_code: 'CHA-429-001-R', status: 429 },
      { 'content-type': 'application/json', 'retry-after': '3' },
    );
    const err = await rejectionOf(client.uploadAttachment(caller, { data: new Uint8Array([1]), filename: 'a.txt', mediaType: 'text/plain' }));
    expect(err).toMatchObject({ kind: 'RATE_LIMITED', retryable: true, retryAfterMs: 3000, upstreamCode: 'CHA-429-001-R' });
  });

  it('rejects a drifted session envelope', async () => {
    intercept(mock.pool, { method: 'GET', path: '/v0/chat/sessions/cs-0001' }, 200, { session: { ...wireSession, message_count: '2' } });
    const err = await rejectionOf(client.getSession(caller, 'cs-0001'));
    expect(err).toMatchObject({ kind: 'UPSTREAM_BAD_RESPONSE' });
  });
});

describe('SumvinClient input checks (no request made)', () => {
  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 40), id]))('rejects the session id %s', async (_label, id) => {
    await expect(client.getSession(caller, id)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.deleteSession(caller, id)).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.saveMessages(caller, id, [])).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.createSession(caller, { id, messages: [] })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(
      client.uploadAttachment(caller, { data: new Uint8Array([1]), filename: 'a', mediaType: 'text/plain', sessionId: id }),
    ).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(0);
  });

  it('rejects a 65-character id and accepts 64', async () => {
    await expect(client.getSession(caller, 'a'.repeat(65))).rejects.toBeInstanceOf(InvalidIdError);
    intercept(mock.pool, { method: 'GET', path: `/v0/chat/sessions/${'a'.repeat(64)}` }, 200, { session: wireSession });
    await expect(client.getSession(caller, 'a'.repeat(64))).resolves.toEqual(domainSession);
  });

  it.each(['org', 'org:', ':env', 'a:b:c', 'a:b,c:d', 'a :b', 'org:env\r\nx: y', `${'o'.repeat(200)}:${'e'.repeat(60)}`])(
    'rejects the tenant %j',
    async (orgId) => {
      await expect(client.getSession({ token: 't', orgId }, 'cs-1')).rejects.toBeInstanceOf(InvalidIdError);
      expect(mock.calls).toHaveLength(0);
    },
  );

  it.each(['', 'a b', 'tok\r\nen', 'tök'])('refuses the token %j as unauthenticated', async (token) => {
    const err = await rejectionOf(client.getSession({ token }, 'cs-1'));
    expect(err).toMatchObject({ kind: 'UNAUTHENTICATED', retryable: false });
    expect(mock.calls).toHaveLength(0);
  });

  it.each([
    [-1, 10],
    [0, 0],
    [0, 101],
    [1.5, 10],
    [0, Number.NaN],
  ])('rejects offset %d / limit %d', async (offset, limit) => {
    await expect(client.listSessions(caller, { offset, limit })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.listMessages(caller, 'cs-1', { offset, limit })).rejects.toBeInstanceOf(InvalidIdError);
    expect(mock.calls).toHaveLength(0);
  });
});
