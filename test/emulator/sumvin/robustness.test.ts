import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, rawCall, T0, textMessage } from './helpers.js';

let emu: SumvinEmulator;
const auth = { authorization: 'Bearer alice' };

beforeAll(async () => {
  emu = await startSumvinEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  emu.controls.resetKnobs();
  emu.controls.clock.freeze(T0);
  await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-keep', messages: [textMessage('k1', 'user', 'keep me')] } });
});

async function stillIntact() {
  const r = await call(emu, 'GET', '/v0/chat/sessions/cs-keep/messages', { user: 'alice' });
  expect(r.status).toBe(200);
  expect(r.body.messages.map((m: { text_content: string }) => m.text_content)).toEqual(['keep me']);
}

describe('hostile session ids in the path', () => {
  const cases: [string, string, number, string | null][] = [
    ['GET', '/v0/chat/sessions/..', 404, 'CHT-404-001'],
    ['GET', '/v0/chat/sessions/../messages', 404, 'CHT-404-002'],
    ['GET', '/v0/chat/sessions/%2e%2e', 404, 'CHT-404-001'],
    ['GET', '/v0/chat/sessions/.%2e/messages', 404, 'CHT-404-002'],
    ['GET', '/v0/chat/sessions/..%2Fcs-keep', 404, 'CHT-404-001'],
    ['GET', '/v0/chat/sessions/cs-keep%2F..%2F..', 404, 'CHT-404-001'],
    ['DELETE', '/v0/chat/sessions/%2e%2e%2fcs-keep', 404, 'CHT-404-001'],
    ['PATCH', '/v0/chat/sessions/a%5C..%5Cb', 422, null],
    ['GET', '/v0/chat/sessions/%00%0d%0a', 404, 'CHT-404-001'],
    ['GET', '/v0/chat/sessions/%E0%A4%A', 404, 'CHT-404-001'],
    ['GET', `/v0/chat/sessions/${'x'.repeat(5000)}`, 404, 'CHT-404-001'],
    ['GET', '/v0/chat/sessions/cs-keep/../../sessions', 404, null],
    ['GET', '/v0/chat/sessions/cs-keep/messages/extra', 404, null],
  ];

  it.each(cases)('%s %s → %i', async (method, path, status, code) => {
    const r = await rawCall(emu, method, path, auth);
    expect(r.status).toBe(status);
    if (code) expect(r.body).toMatchObject({ error_code: code, instance: path });
    await stillIntact();
  });

  it('keeps ids with reserved characters as opaque keys', async () => {
    const id = 'a/b?c#d %';
    const created = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id, messages: [textMessage('m', 'user', 'odd')] } });
    expect(created.body._links.self.href).toBe('/v0/chat/sessions/a%2Fb%3Fc%23d%20%25');
    const got = await call(emu, 'GET', `/v0/chat/sessions/${encodeURIComponent(id)}`, { user: 'alice' });
    expect(got.body.session.id).toBe(id);
    const dotdot = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: '..', messages: [textMessage('m', 'user', 'dots')] } });
    expect(dotdot.status).toBe(201);
    const r = await rawCall(emu, 'GET', '/v0/chat/sessions/..', auth);
    expect(r.body).toMatchObject({ session: { id: '..' } });
  });
});

describe('bodies', () => {
  it('answers malformed JSON with json_invalid at the error position, like FastAPI', async () => {
    const cases: [string, number, string][] = [
      ['{"id": "x", ', 12, 'Expecting property name enclosed in double quotes'],
      ['{"id" "x"}', 6, "Expecting ':' delimiter"],
      ['{"id": "x" "y"}', 11, "Expecting ',' delimiter"],
      ['[1, ]', 4, 'Expecting value'],
      ['{"a": 1} x', 9, 'Extra data'],
      ['{"a": "unterminated', 6, 'Unterminated string starting at'],
      ['   ', 3, 'Expecting value'],
    ];
    for (const [raw, pos, error] of cases) {
      const r = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', raw });
      expect(r.status, raw).toBe(422);
      expect(r.body, raw).toEqual({ detail: [{ type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error } }] });
    }
  });

  it('refuses a JSON body over 2 MiB with a 413 ProblemDetail', async () => {
    const big = JSON.stringify({ messages: [textMessage('big', 'user', 'x'.repeat(2 * 1024 * 1024))] });
    const r = await call(emu, 'POST', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', raw: big });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ status: 413, error_code: 'GEN-413-001', instance: '/v0/chat/sessions/cs-keep/messages' });
    await stillIntact();
  });

  it('refuses pathological nesting instead of overflowing the stack', async () => {
    const deep = `{"messages": [{"id": "d", "role": "user", "parts": [{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]}]}`;
    const r = await call(emu, 'POST', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', raw: deep });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe('json_invalid');
    await stillIntact();
  });

  it('treats a non-JSON content type as a body that is not an object', async () => {
    const r = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', raw: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.body).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 'id=x' }],
    });
  });

  it('answers invalid UTF-8 with 400 CHT-400-001', async () => {
    const r = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', raw: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'CHT-400-001' });
  });

  it('keeps a `__proto__` key in client data as plain data', async () => {
    const raw = '{"messages": [{"id": "p", "role": "user", "parts": [{"type": "data-x", "__proto__": {"polluted": true}}]}]}';
    const r = await call(emu, 'POST', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', raw });
    expect(r.status).toBe(200);
    const l = await call(emu, 'GET', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', headers: { 'x-timestamp-format': 'iso8601' } });
    expect(l.text).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports every create error at once, in field order', async () => {
    const r = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: '', messages: [], title: 't'.repeat(256) } });
    expect(r.body.detail.map((d: { type: string; loc: unknown[] }) => [d.type, d.loc])).toEqual([
      ['string_too_short', ['body', 'id']],
      ['too_short', ['body', 'messages']],
      ['string_too_long', ['body', 'title']],
    ]);
    expect(r.body.detail[1]).toEqual({
      type: 'too_short',
      loc: ['body', 'messages'],
      msg: 'List should have at least 1 item after validation, not 0',
      input: [],
      ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
    });
    const missing = await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { title: null } });
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['body', 'id'], msg: 'Field required', input: { title: null } },
      { type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: { title: null } },
    ]);
  });

  it('handles timestamps far outside the calendar without failing', async () => {
    const r = await call(emu, 'POST', '/v0/chat/sessions/cs-keep/messages', {
      user: 'alice',
      json: { messages: [{ id: 'far', role: 'user', parts: [], created_at: 1e20 }] },
    });
    expect(r.status).toBe(200);
    const l = await call(emu, 'GET', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', headers: { 'x-timestamp-format': 'iso8601' } });
    expect(l.body.messages[1].created_at).toBe(1e20);
  });
});

describe('routing', () => {
  it('answers unknown paths with FastAPI’s {"detail":"Not Found"}', async () => {
    for (const path of ['/', '/v0/chat', '/v0/chat/sessions/', '/v1/chat/sessions', '/files/nope/x.txt']) {
      const r = await rawCall(emu, 'GET', path, auth);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toEqual({ detail: 'Not Found' });
    }
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const r = await call(emu, 'PUT', '/v0/chat/sessions/cs-keep', { user: 'alice' });
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ detail: 'Method Not Allowed' });
    expect(r.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });

  it('does not expose the control API unless asked', async () => {
    const r = await rawCall(emu, 'GET', '/__emulator/counts');
    expect(r.status).toBe(404);
  });
});
