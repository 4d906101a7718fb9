import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, rawCall, T0, textMessage } from './helpers.js';

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
  await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-keep', messages: [textMessage('k1', 'user', 'keep me')] } });
});

async function keptMessages(): Promise<string[]> {
  const r = await call(emu, 'GET', '/v0/chat/sessions/cs-keep/messages?limit=100', { user: 'alice' });
  expect(r.status).toBe(200);
  return r.body.messages.map((m: { message_id: string }) => m.message_id);
}

describe('arbitrary input never breaks the server', () => {
  it('answers any JSON-ish body with a declared status and keeps stored messages', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ messages: [v] })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ id: v, messages: v, title: v })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('POST /v0/chat/sessions', 'POST /v0/chat/sessions/cs-keep/messages', 'PATCH /v0/chat/sessions/cs-keep'), async (raw, route) => {
        const [method, path] = route.split(' ') as [string, string];
        const r = await call(emu, method, path, { user: 'alice', raw });
        expect([200, 201, 409, 422]).toContain(r.status);
        expect(r.text).not.toContain('Error:');
      }),
      { numRuns: 150, seed: 20250101 },
    );
    expect(await keptMessages()).toContain('k1');
  });

  it('answers any path segment with 404/405/422 or success, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }), fc.constantFrom('GET', 'PATCH', 'DELETE', 'POST'), async (id, method) => {
        const segment = encodeURIComponent(id).replace(/%2E/gi, '.');
        const r = await rawCall(emu, method, `/v0/chat/sessions/${segment}`, { authorization: 'Bearer mallory' });
        expect([204, 403, 404, 405, 422]).toContain(r.status);
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(await keptMessages()).toEqual(['k1']);
  });

  it('loses nothing under concurrent saves', async () => {
    const saves = Array.from({ length: 40 }, (_, i) =>
      call(emu, 'POST', '/v0/chat/sessions/cs-keep/messages', { user: 'alice', json: { messages: [textMessage(`c${i}`, 'user', `n${i}`)] } }),
    );
    const results = await Promise.all(saves);
    expect(results.every((r) => r.status === 200 && r.body.saved_count === 1)).toBe(true);
    const ids = await keptMessages();
    expect(ids).toHaveLength(41);
    expect(new Set(ids).size).toBe(41);
    const seq = (await call(emu, 'GET', '/v0/chat/sessions/cs-keep/messages?limit=100', { user: 'alice' })).body.messages.map((m: { sequence: number }) => m.sequence);
    expect(seq).toEqual(Array.from({ length: 41 }, (_, i) => i));
  });
});
