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
beforeEach(async () => {
  emu.reset();
  emu.controls.clock.freeze(T0);
  const r = await call(emu, 'POST', '/v0/chat/sessions', {
    user: 'alice',
    json: { id: 'cs-m', messages: [textMessage('m1', 'user', 'What is the weather in Oslo?')] },
  });
  expect(r.status).toBe(201);
});

const save = (messages: unknown[], user = 'alice', session = 'cs-m') =>
  call(emu, 'POST', `/v0/chat/sessions/${session}/messages`, { user, json: { messages } });
const list = (query = '', user = 'alice', session = 'cs-m') =>
  call(emu, 'GET', `/v0/chat/sessions/${session}/messages${query}`, { user });

describe('POST /v0/chat/sessions/{session_id}/messages', () => {
  it('appends messages, answers 200 with saved_count, and derives the message fields', async () => {
    emu.controls.clock.advance(60_000);
    const r = await save([
      {
        id: 'm2',
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'Need the forecast.' },
          { type: 'tool-getWeather', toolCallId: 'c1', state: 'output-available', input: { city: 'Oslo' }, output: { tempC: 4 } },
          { type: 'dynamic-tool', toolName: 'lookupCity', toolCallId: 'c2', state: 'output-available', input: {}, output: {} },
          { type: 'tool-getWeather', toolCallId: 'c3', state: 'output-available', input: {}, output: {} },
          { type: 'text', text: 'It is 4°C' },
          { type: 'text', text: 'and cloudy.' },
        ],
        metadata: { model: 'm-1' },
        created_at: T0 + 30_000,
      },
      { id: 'm3', role: 'tool_result', parts: [] },
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      _links: {
        self: { href: '/v0/chat/sessions/cs-m/messages', method: 'GET' },
        session: { href: '/v0/chat/sessions/cs-m', method: 'GET' },
      },
      saved_count: 2,
    });
    const l = await list();
    expect(l.body.total).toBe(3);
    expect(l.body.messages[1]).toMatchObject({
      message_id: 'm2',
      role: 'assistant',
      text_content: 'It is 4°C\nand cloudy.',
      tool_names: ['getWeather', 'lookupCity'],
      extra_metadata: { model: 'm-1' },
      sequence: 1,
      created_at: T0 + 30_000,
    });
    expect(l.body.messages[2]).toMatchObject({
      message_id: 'm3',
      role: 'tool_result',
      text_content: null,
      parts: [],
      tool_names: null,
      extra_metadata: null,
      sequence: 2,
      created_at: T0 + 60_000,
    });
    const s = await call(emu, 'GET', '/v0/chat/sessions/cs-m', { user: 'alice' });
    expect(s.body.session).toMatchObject({ message_count: 3, preview: 'It is 4°C\nand cloudy.', updated_at: T0 + 60_000, created_at: T0 });
  });

  it('upserts by message id: replaced in place with the same server id and sequence', async () => {
    await save([textMessage('m2', 'assistant', 'Draft answer')]);
    const before = (await list()).body.messages[1];
    emu.controls.clock.advance(10_000);
    const r = await save([
      textMessage('m1', 'user', 'What is the weather in Bergen?'),
      textMessage('m2', 'assistant', 'Final answer'),
      textMessage('m3', 'user', 'Thanks'),
    ]);
    expect(r.body.saved_count).toBe(3);
    const after = (await list()).body;
    expect(after.total).toBe(3);
    expect(after.messages.map((m: { message_id: string; sequence: number; text_content: string }) => [m.message_id, m.sequence, m.text_content])).toEqual([
      ['m1', 0, 'What is the weather in Bergen?'],
      ['m2', 1, 'Final answer'],
      ['m3', 2, 'Thanks'],
    ]);
    expect(after.messages[1].id).toBe(before.id);
    expect(after.messages[1].created_at).toBe(T0);
    expect(after.messages[2].created_at).toBe(T0 + 10_000);
  });

  it('counts a message id repeated within one call once, keeping the last version', async () => {
    const r = await save([textMessage('m9', 'user', 'one'), textMessage('m9', 'user', 'two')]);
    expect(r.body.saved_count).toBe(1);
    const l = await list();
    expect(l.body.messages.map((m: { text_content: string }) => m.text_content)).toEqual(['What is the weather in Oslo?', 'two']);
  });

  it('accepts an empty list (saved_count 0) without touching updated_at', async () => {
    emu.controls.clock.advance(1000);
    const r = await save([]);
    expect(r.body.saved_count).toBe(0);
    const s = await call(emu, 'GET', '/v0/chat/sessions/cs-m', { user: 'alice' });
    expect(s.body.session.updated_at).toBe(T0);
  });

  it('answers 404 CHT-404-002 for unknown and for foreign sessions (no 403 on this sub-resource)', async () => {
    const unknown = await save([textMessage('x', 'user', 'x')], 'alice', 'cs-zzz');
    expect(unknown.body).toMatchObject(problemOf('CHT-404-002', 404, '/v0/chat/sessions/cs-zzz/messages'));
    const foreign = await save([textMessage('x', 'user', 'x')], 'bob');
    expect(foreign.status).toBe(404);
    expect(foreign.body.error_code).toBe('CHT-404-002');
    expect((await list()).body.total).toBe(1);
  });

  it('validates every message and stores nothing when any is invalid', async () => {
    const r = await save([
      { id: 'ok', role: 'user', parts: [] },
      { id: 'x'.repeat(65), role: 7, parts: ['text', { type: 'text' }], created_at: 'soon', metadata: [] },
      'not an object',
    ]);
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([
      {
        type: 'string_too_long',
        loc: ['body', 'messages', 1, 'id'],
        msg: 'String should have at most 64 characters',
        input: 'x'.repeat(65),
        ctx: { max_length: 64 },
      },
      { type: 'string_type', loc: ['body', 'messages', 1, 'role'], msg: 'Input should be a valid string', input: 7 },
      { type: 'dict_type', loc: ['body', 'messages', 1, 'parts', 0], msg: 'Input should be a valid dictionary', input: 'text' },
      {
        type: 'int_parsing',
        loc: ['body', 'messages', 1, 'created_at'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'soon',
      },
      { type: 'dict_type', loc: ['body', 'messages', 1, 'metadata'], msg: 'Input should be a valid dictionary', input: [] },
      {
        type: 'model_attributes_type',
        loc: ['body', 'messages', 2],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: 'not an object',
      },
    ]);
    expect((await list()).body.total).toBe(1);
  });

  it('reports a missing messages key, a non-list, and a non-object body', async () => {
    const missing = await call(emu, 'POST', '/v0/chat/sessions/cs-m/messages', { user: 'alice', json: {} });
    expect(missing.body.detail).toEqual([{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: {} }]);
    const notList = await call(emu, 'POST', '/v0/chat/sessions/cs-m/messages', { user: 'alice', json: { messages: {} } });
    expect(notList.body.detail).toEqual([{ type: 'list_type', loc: ['body', 'messages'], msg: 'Input should be a valid list', input: {} }]);
    const notObject = await call(emu, 'POST', '/v0/chat/sessions/cs-m/messages', { user: 'alice', json: [1] });
    expect(notObject.body.detail).toEqual([
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: [1] },
    ]);
  });

  it('takes created_at as an integer or null and refuses fractions', async () => {
    const r = await save([
      { id: 'n', role: 'user', parts: [], created_at: null },
      { id: 'f', role: 'user', parts: [], created_at: 1.5 },
    ]);
    expect(r.body.detail).toEqual([
      { type: 'int_from_float', loc: ['body', 'messages', 1, 'created_at'], msg: 'Input should be a valid integer, got a number with a fractional part', input: 1.5 },
    ]);
  });
});

describe('GET /v0/chat/sessions/{session_id}/messages', () => {
  beforeEach(async () => {
    const more = Array.from({ length: 4 }, (_, i) => textMessage(`n${i}`, i % 2 ? 'user' : 'assistant', `reply ${i}`));
    await save(more);
  });

  it('lists in sequence order with total, offset and limit', async () => {
    const r = await list('?offset=1&limit=2');
    expect(r.status).toBe(200);
    expect(r.body.messages.map((m: { message_id: string }) => m.message_id)).toEqual(['n0', 'n1']);
    expect(r.body).toMatchObject({ total: 5, offset: 1, limit: 2 });
    expect(r.body._links).toEqual({
      self: { href: '/v0/chat/sessions/cs-m/messages?offset=1&limit=2', method: 'GET' },
      next: { href: '/v0/chat/sessions/cs-m/messages?offset=3&limit=2', method: 'GET' },
      prev: { href: '/v0/chat/sessions/cs-m/messages?offset=0&limit=2', method: 'GET' },
      session: { href: '/v0/chat/sessions/cs-m', method: 'GET' },
    });
    const last = await list('?offset=4&limit=2');
    expect(last.body.messages.map((m: { sequence: number }) => m.sequence)).toEqual([4]);
    expect(last.body._links.next).toBeUndefined();
  });

  it('answers 404 CHT-404-002 for a foreign session and 422 for a bad limit', async () => {
    const foreign = await list('', 'bob');
    expect(foreign.body).toMatchObject(problemOf('CHT-404-002', 404, '/v0/chat/sessions/cs-m/messages'));
    const bad = await list('?limit=abc');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].type).toBe('int_parsing');
  });

  it('truncates a long preview to 100 characters plus an ellipsis', async () => {
    const text = 'é'.repeat(150);
    await save([textMessage('long', 'assistant', text), { id: 'tool-only', role: 'assistant', parts: [{ type: 'tool-x', toolCallId: 'q' }] }]);
    const s = await call(emu, 'GET', '/v0/chat/sessions/cs-m', { user: 'alice' });
    expect(s.body.session.preview).toBe(`${'é'.repeat(100)}…`);
  });
});
