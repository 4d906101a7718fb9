import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, problemOf, T0, textMessage } from './helpers.js';

let emu: SumvinEmulator;

beforeAll(async () => {
  emu = await startSumvinEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  emu.controls.resetKnobs();
  emu.controls.clock.freeze(T0);
});

async function create(user: string, id: string, messages: unknown[], title?: string | null) {
  return call(emu, 'POST', '/v0/chat/sessions', { user, json: { id, messages, ...(title !== undefined ? { title } : {}) } });
}

describe('POST /v0/chat/sessions', () => {
  it('creates a session with its first messages and answers 201 with the session', async () => {
    const r = await create('alice', 'cs-1', [textMessage('m1', 'user', 'Hello there'), textMessage('m2', 'assistant', 'Hi!')], 'Greeting');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      _links: {
        self: { href: '/v0/chat/sessions/cs-1', method: 'GET' },
        messages: { href: '/v0/chat/sessions/cs-1/messages', method: 'GET' },
      },
      session: {
        id: 'cs-1',
        title: 'Greeting',
        preview: 'Hi!',
        message_count: 2,
        created_at: T0,
        updated_at: T0,
      },
    });
  });

  it('leaves the title null when none is given', async () => {
    const r = await create('alice', 'cs-untitled', [textMessage('m1', 'user', 'x')]);
    expect(r.body.session.title).toBeNull();
  });

  it('answers 409 CHT-409-001 for an id already taken, by the same or another user', async () => {
    await create('alice', 'cs-dup', [textMessage('m1', 'user', 'a')]);
    const same = await create('alice', 'cs-dup', [textMessage('m1', 'user', 'b')]);
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject(problemOf('CHT-409-001', 409, '/v0/chat/sessions'));
    const other = await create('bob', 'cs-dup', [textMessage('m1', 'user', 'c')]);
    expect(other.status).toBe(409);
    const kept = await call(emu, 'GET', '/v0/chat/sessions/cs-dup/messages', { user: 'alice' });
    expect(kept.body.messages[0].text_content).toBe('a');
  });

  it('answers 401 USR-401-001 without credentials', async () => {
    const r = await call(emu, 'POST', '/v0/chat/sessions', { json: { id: 'cs-x', messages: [textMessage('m', 'user', 'x')] } });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject(problemOf('USR-401-001', 401, '/v0/chat/sessions'));
    expect(r.headers.get('content-type')).toBe('application/json');
  });
});

describe('GET /v0/chat/sessions', () => {
  beforeEach(async () => {
    await create('alice', 'cs-a', [textMessage('a1', 'user', 'Plan a trip to Lisbon')], 'Travel');
    emu.controls.clock.advance(1000);
    await create('alice', 'cs-b', [textMessage('b1', 'user', 'Groceries budget')], 'Money');
    emu.controls.clock.advance(1000);
    await create('alice', 'cs-c', [textMessage('c1', 'user', 'Nothing special')], null);
    await create('bob', 'cs-bob', [textMessage('x1', 'user', 'Lisbon for bob')], 'Bob trip');
  });

  it('lists only the caller’s sessions, most recently updated first', async () => {
    const r = await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice' });
    expect(r.status).toBe(200);
    expect(r.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-c', 'cs-b', 'cs-a']);
    expect(r.body.total).toBe(3);
    expect(r.body.offset).toBe(0);
    expect(r.body.limit).toBe(50);
    expect(r.body._links).toEqual({ self: { href: '/v0/chat/sessions?offset=0&limit=50', method: 'GET' } });
    expect(r.body.sessions[0]).not.toHaveProperty('messages');
  });

  it('moves a session to the top when messages are saved to it, ties broken by id', async () => {
    emu.controls.clock.advance(1000);
    await call(emu, 'POST', '/v0/chat/sessions/cs-a/messages', { user: 'alice', json: { messages: [textMessage('a2', 'assistant', 'Sure')] } });
    const r = await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice' });
    expect(r.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-a', 'cs-c', 'cs-b']);
    await create('alice', 'cs-0', [textMessage('z', 'user', 'same time as cs-a')]);
    const tie = await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice' });
    expect(tie.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-0', 'cs-a', 'cs-c', 'cs-b']);
  });

  it('filters with q, case-insensitively, over titles and message text', async () => {
    const byText = await call(emu, 'GET', '/v0/chat/sessions?q=LISBON', { user: 'alice' });
    expect(byText.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-a']);
    expect(byText.body.total).toBe(1);
    const byTitle = await call(emu, 'GET', '/v0/chat/sessions?q=mon', { user: 'alice' });
    expect(byTitle.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-b']);
    const none = await call(emu, 'GET', '/v0/chat/sessions?q=zebra', { user: 'alice' });
    expect(none.body).toMatchObject({ sessions: [], total: 0 });
  });

  it('expands messages when asked (repeatable key, unknown values ignored)', async () => {
    const r = await call(emu, 'GET', '/v0/chat/sessions?expand=foo&expand=messages&limit=1', { user: 'alice' });
    expect(r.body.sessions).toHaveLength(1);
    expect(r.body.sessions[0].messages).toEqual([
      {
        id: expect.stringMatching(/^msg-[0-9a-f-]{36}$/),
        message_id: 'c1',
        role: 'user',
        text_content: 'Nothing special',
        parts: [{ type: 'text', text: 'Nothing special' }],
        tool_names: null,
        extra_metadata: null,
        sequence: 0,
        created_at: T0 + 2000,
      },
    ]);
    const unknownOnly = await call(emu, 'GET', '/v0/chat/sessions?expand=everything', { user: 'alice' });
    expect(unknownOnly.body.sessions[0]).not.toHaveProperty('messages');
  });

  it('pages with offset and limit and links next/prev', async () => {
    const first = await call(emu, 'GET', '/v0/chat/sessions?limit=2', { user: 'alice' });
    expect(first.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-c', 'cs-b']);
    expect(first.body._links).toEqual({
      self: { href: '/v0/chat/sessions?offset=0&limit=2', method: 'GET' },
      next: { href: '/v0/chat/sessions?offset=2&limit=2', method: 'GET' },
    });
    const second = await call(emu, 'GET', '/v0/chat/sessions?offset=2&limit=2&q=', { user: 'alice' });
    expect(second.body.sessions.map((s: { id: string }) => s.id)).toEqual(['cs-a']);
    expect(second.body._links).toEqual({
      self: { href: '/v0/chat/sessions?q=&offset=2&limit=2', method: 'GET' },
      prev: { href: '/v0/chat/sessions?q=&offset=0&limit=2', method: 'GET' },
    });
    const beyond = await call(emu, 'GET', '/v0/chat/sessions?offset=10', { user: 'alice' });
    expect(beyond.body).toMatchObject({ sessions: [], total: 3, offset: 10, limit: 50 });
  });

  it('accepts the paging edges 0, 1 and 100', async () => {
    const r = await call(emu, 'GET', '/v0/chat/sessions?offset=0&limit=1', { user: 'alice' });
    expect(r.body.sessions).toHaveLength(1);
    const max = await call(emu, 'GET', '/v0/chat/sessions?limit=100', { user: 'alice' });
    expect(max.body.limit).toBe(100);
  });

  it('rejects out-of-range and non-integer paging with 422, all errors at once', async () => {
    const r = await call(emu, 'GET', '/v0/chat/sessions?offset=-1&limit=101', { user: 'alice' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'offset'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } },
      ],
    });
    const zero = await call(emu, 'GET', '/v0/chat/sessions?limit=0', { user: 'alice' });
    expect(zero.body.detail).toEqual([
      { type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } },
    ]);
    const text = await call(emu, 'GET', '/v0/chat/sessions?limit=ten&offset=1.5', { user: 'alice' });
    expect(text.body.detail).toEqual([
      { type: 'int_parsing', loc: ['query', 'offset'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1.5' },
      { type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'ten' },
    ]);
  });
});

describe('GET /v0/chat/sessions/{session_id}', () => {
  beforeEach(async () => {
    await create('alice', 'cs-g', [textMessage('g1', 'user', 'first'), textMessage('g2', 'assistant', 'second')], 'G');
  });

  it('returns the session, with messages only when expanded', async () => {
    const plain = await call(emu, 'GET', '/v0/chat/sessions/cs-g', { user: 'alice' });
    expect(plain.status).toBe(200);
    expect(plain.body.session).toEqual({ id: 'cs-g', title: 'G', preview: 'second', message_count: 2, created_at: T0, updated_at: T0 });
    const expanded = await call(emu, 'GET', '/v0/chat/sessions/cs-g?expand=messages', { user: 'alice' });
    expect(expanded.body.session.messages.map((m: { message_id: string; sequence: number }) => [m.message_id, m.sequence])).toEqual([
      ['g1', 0],
      ['g2', 1],
    ]);
  });

  it('answers 403 CHT-403-001 for another user’s session and 404 CHT-404-001 for an unknown one', async () => {
    const foreign = await call(emu, 'GET', '/v0/chat/sessions/cs-g', { user: 'bob' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject(problemOf('CHT-403-001', 403, '/v0/chat/sessions/cs-g'));
    const unknown = await call(emu, 'GET', '/v0/chat/sessions/cs-nope', { user: 'alice' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject(problemOf('CHT-404-001', 404, '/v0/chat/sessions/cs-nope'));
    expect(typeof unknown.body.trace_id).toBe('string');
    expect(unknown.body.title).toBe('Chat Session Not Found');
    expect(unknown.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('PATCH /v0/chat/sessions/{session_id}', () => {
  beforeEach(async () => {
    await create('alice', 'cs-p', [textMessage('p1', 'user', 'x')], 'Old');
  });

  it('renames, bumps updated_at, leaves the title alone when the key is omitted and clears it with null', async () => {
    emu.controls.clock.advance(5000);
    const renamed = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice', json: { title: 'New' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.session).toMatchObject({ title: 'New', created_at: T0, updated_at: T0 + 5000 });
    expect(renamed.body._links.self).toEqual({ href: '/v0/chat/sessions/cs-p', method: 'GET' });
    emu.controls.clock.advance(1000);
    const omitted = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice', json: {} });
    expect(omitted.body.session).toMatchObject({ title: 'New', updated_at: T0 + 6000 });
    const cleared = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice', json: { title: null } });
    expect(cleared.body.session.title).toBeNull();
  });

  it('accepts 255 characters (counted as code points) and rejects 256', async () => {
    const ok = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice', json: { title: '😀'.repeat(255) } });
    expect(ok.status).toBe(200);
    const long = 'a'.repeat(256);
    const r = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice', json: { title: long } });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([
      { type: 'string_too_long', loc: ['body', 'title'], msg: 'String should have at most 255 characters', input: long, ctx: { max_length: 255 } },
    ]);
  });

  it('answers 403, 404, and 422 for a missing body', async () => {
    expect((await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'bob', json: { title: 'x' } })).status).toBe(403);
    const unknown = await call(emu, 'PATCH', '/v0/chat/sessions/cs-q', { user: 'alice', json: { title: 'x' } });
    expect(unknown.body).toMatchObject(problemOf('CHT-404-001', 404, '/v0/chat/sessions/cs-q'));
    const empty = await call(emu, 'PATCH', '/v0/chat/sessions/cs-p', { user: 'alice' });
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
  });
});

describe('DELETE /v0/chat/sessions/{session_id}', () => {
  it('deletes for good: 204 without a body, then 404 everywhere', async () => {
    await create('alice', 'cs-d', [textMessage('d1', 'user', 'bye')]);
    expect((await call(emu, 'DELETE', '/v0/chat/sessions/cs-d', { user: 'bob' })).status).toBe(403);
    const r = await call(emu, 'DELETE', '/v0/chat/sessions/cs-d', { user: 'alice' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-d', { user: 'alice' })).status).toBe(404);
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-d/messages', { user: 'alice' })).status).toBe(404);
    expect((await call(emu, 'DELETE', '/v0/chat/sessions/cs-d', { user: 'alice' })).body).toMatchObject({ error_code: 'CHT-404-001' });
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice' })).body.total).toBe(0);
  });
});

describe('X-Timestamp-Format', () => {
  it('renders every timestamp as YYYY-MM-DDTHH:MM:SSZ only for the exact value iso8601', async () => {
    emu.controls.clock.freeze(T0 + 1999);
    await create('alice', 'cs-t', [
      { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'x', created_at: 0, timestamp: 86_400_000 }], created_at: 1_704_067_200_000 },
    ]);
    const iso = await call(emu, 'GET', '/v0/chat/sessions/cs-t?expand=messages', { user: 'alice', headers: { 'x-timestamp-format': 'iso8601' } });
    expect(iso.body.session.created_at).toBe('2025-01-01T00:00:01Z');
    expect(iso.body.session.updated_at).toBe('2025-01-01T00:00:01Z');
    expect(iso.body.session.message_count).toBe(1);
    expect(iso.body.session.messages[0].created_at).toBe('2024-01-01T00:00:00Z');
    expect(iso.body.session.messages[0].sequence).toBe(0);
    expect(iso.body.session.messages[0].parts[0]).toEqual({ type: 'text', text: 'x', created_at: '1970-01-01T00:00:00Z', timestamp: '1970-01-02T00:00:00Z' });
    const other = await call(emu, 'GET', '/v0/chat/sessions/cs-t?expand=messages', { user: 'alice', headers: { 'x-timestamp-format': 'ISO8601' } });
    expect(other.body.session.created_at).toBe(T0 + 1999);
    expect(other.body.session.messages[0].parts[0].created_at).toBe(0);
    const list = await call(emu, 'GET', '/v0/chat/sessions/cs-t/messages', { user: 'alice', headers: { 'x-timestamp-format': 'iso8601' } });
    expect(list.body.messages[0].created_at).toBe('2024-01-01T00:00:00Z');
  });
});
