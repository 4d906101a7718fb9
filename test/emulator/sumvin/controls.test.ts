import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, T0, textMessage } from './helpers.js';

describe('counters, latency and failure knobs', () => {
  let emu: SumvinEmulator;
  const controls = new EmulatorControls();

  beforeAll(async () => {
    emu = await startSumvinEmulator({ controls });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.reset();
    controls.resetKnobs();
    controls.clock.freeze(T0);
  });

  it('uses the controls it is given and counts every request by route pattern', async () => {
    expect(emu.controls).toBe(controls);
    await call(emu, 'POST', '/v0/chat/sessions', { user: 'a', json: { id: 'cs-1', messages: [textMessage('m', 'user', 'x')] } });
    await call(emu, 'GET', '/v0/chat/sessions/cs-1/messages', { user: 'a' });
    await call(emu, 'GET', '/v0/chat/sessions/other/messages', { user: 'a' });
    await call(emu, 'GET', '/v0/chat/sessions/cs-1', { user: 'a' });
    await call(emu, 'GET', '/nowhere');
    expect(controls.counts()).toEqual({
      'POST /v0/chat/sessions': 1,
      'GET /v0/chat/sessions/:session_id/messages': 2,
      'GET /v0/chat/sessions/:session_id': 1,
      'GET (unmatched)': 1,
    });
    expect(controls.count()).toBe(5);
  });

  it('adds the configured latency', async () => {
    controls.setLatency(120);
    const started = performance.now();
    const r = await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' });
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('injects failures as ProblemDetails with the route’s own codes, at the configured rate', async () => {
    controls.setFailure({ status: 503, rate: 0.5, routes: ['GET /v0/chat/sessions'], headers: { 'retry-after': '2' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' })).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    const untouched = await call(emu, 'GET', '/v0/chat/sessions/cs-x', { user: 'a' });
    expect(untouched.status).toBe(404);

    controls.setFailure({ status: 503, rate: 1, headers: { 'retry-after': '2' } });
    const failed = await call(emu, 'GET', '/v0/chat/sessions/abc', { user: 'a' });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(failed.body).toMatchObject({ status: 503, error_code: 'SYS-503-001-R', instance: '/v0/chat/sessions/abc' });

    controls.setFailure({ status: 429, rate: 1 });
    const upload = await call(emu, 'POST', '/v0/chat/attachments', { user: 'a', form: new FormData() });
    expect(upload.body).toMatchObject({ status: 429, error_code: 'CHA-429-001-R', type: 'https://api.sumvin.com/errors/cha-429-001-r' });

    controls.setFailure({ status: 502, rate: 1, body: '<html>bad gateway</html>', contentType: 'text/html' });
    const html = await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toBe('<html>bad gateway</html>');

    controls.setFailure(null);
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' })).status).toBe(200);
  });

  it('stamps data with the adjustable clock', async () => {
    await call(emu, 'POST', '/v0/chat/sessions', { user: 'a', json: { id: 'cs-c', messages: [textMessage('m', 'user', 'x')] } });
    controls.clock.advance(86_400_000);
    await call(emu, 'POST', '/v0/chat/sessions/cs-c/messages', { user: 'a', json: { messages: [textMessage('n', 'user', 'y')] } });
    const s = await call(emu, 'GET', '/v0/chat/sessions/cs-c?expand=messages', { user: 'a', headers: { 'x-timestamp-format': 'iso8601' } });
    expect(s.body.session).toMatchObject({ created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00Z' });
    expect(s.body.session.messages.map((m: { created_at: string }) => m.created_at)).toEqual(['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z']);
  });
});

describe('control API', () => {
  let emu: SumvinEmulator;
  beforeAll(async () => {
    emu = await startSumvinEmulator({ exposeControls: true, seed: { users: ['u1'], sessionsPerUser: 2, messagesPerSession: 2 } });
  });
  afterAll(async () => {
    await emu.close();
  });

  const post = (path: string, json: unknown) => call(emu, 'POST', `/__emulator/${path}`, { json });

  it('reports counts, moves the clock, sets latency and failures, and resets', async () => {
    emu.controls.resetKnobs();
    emu.controls.clock.freeze(T0);
    await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' });
    const counts = await call(emu, 'GET', '/__emulator/counts');
    expect(counts.body).toEqual({ total: 1, counts: { 'GET /v0/chat/sessions': 1 } });

    expect((await post('clock', { advanceMs: 1500 })).body).toEqual({ now: T0 + 1500 });
    expect((await call(emu, 'GET', '/__emulator/clock')).body).toEqual({ now: T0 + 1500 });
    expect((await post('latency', { ms: 5 })).body).toEqual({ latencyMs: 5 });
    expect(emu.controls.latency()).toBe(5);

    expect((await post('failure', { status: 500, rate: 1 })).body).toEqual({ failure: { status: 500, rate: 1 } });
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' })).status).toBe(500);
    expect((await post('failure', null)).status).toBe(200);
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' })).status).toBe(200);
    expect((await post('failure', { status: 200 })).status).toBe(400);

    await call(emu, 'DELETE', `/v0/chat/sessions/${(await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' })).body.sessions[0].id}`, { user: 'u1' });
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' })).body.total).toBe(1);
    expect((await post('reset', {})).body).toEqual({ ok: true });
    expect(emu.controls.latency()).toBe(0);
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: 'u1' })).body.total).toBe(2);
    expect((await call(emu, 'GET', '/__emulator/nothing')).status).toBe(404);
  });
});

describe('seed', () => {
  const seed = { users: ['alice', 'bob'], sessionsPerUser: 5, messagesPerSession: 8 };
  let one: SumvinEmulator;
  let two: SumvinEmulator;
  beforeAll(async () => {
    const c1 = new EmulatorControls();
    c1.clock.freeze(T0);
    const c2 = new EmulatorControls();
    c2.clock.freeze(T0 + 3_600_000);
    one = await startSumvinEmulator({ seed, controls: c1 });
    two = await startSumvinEmulator({ seed, controls: c2 });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  async function snapshot(emu: SumvinEmulator, user: string) {
    const r = await call(emu, 'GET', '/v0/chat/sessions?expand=messages', { user });
    return r.body;
  }

  it('is deterministic: same ids, titles and texts; times shift with the clock', async () => {
    const a = await snapshot(one, 'alice');
    const b = await snapshot(two, 'alice');
    expect(a.total).toBe(5);
    const strip = (body: { sessions: Record<string, unknown>[] }) =>
      JSON.stringify(body.sessions, (k, v: unknown) => (k === 'created_at' || k === 'updated_at' || k === 'url' ? undefined : v));
    expect(strip(a)).toBe(strip(b).replaceAll(two.url, one.url));
    expect(b.sessions[0].updated_at - a.sessions[0].updated_at).toBe(3_600_000);
    expect(a.sessions[0].updated_at).toBeLessThan(T0);
  });

  it('makes realistic data: cs- ids, mixed roles, and every kind of part', async () => {
    const body = await snapshot(one, 'alice');
    const sessions = body.sessions as { id: string; title: string | null; message_count: number; messages: { role: string; parts: { type: string }[]; sequence: number; created_at: number }[] }[];
    for (const s of sessions) {
      expect(s.id).toMatch(/^cs-[0-9a-f]{32}$/);
      expect(s.message_count).toBe(8);
      expect(s.messages.map((m) => m.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const times = s.messages.map((m) => m.created_at);
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    }
    const roles = new Set(sessions.flatMap((s) => s.messages.map((m) => m.role)));
    expect([...roles].sort()).toEqual(['assistant', 'user']);
    const kinds = new Set(sessions.flatMap((s) => s.messages.flatMap((m) => m.parts.map((p) => (p.type.startsWith('tool-') ? 'tool-*' : p.type)))));
    for (const kind of ['text', 'reasoning', 'tool-*', 'dynamic-tool', 'source-url', 'file', 'step-start']) expect(kinds, kind).toContain(kind);
    expect(sessions.some((s) => s.title === null)).toBe(true);
    const bob = await snapshot(one, 'bob');
    expect(bob.total).toBe(5);
    expect(bob.sessions.map((s: { id: string }) => s.id)).not.toContain(sessions[0]!.id);
  });

  it('serves the seeded file parts', async () => {
    const body = await snapshot(one, 'alice');
    const filePart = body.sessions
      .flatMap((s: { messages: { parts: { type: string; url?: string; mediaType?: string }[] }[] }) => s.messages.flatMap((m) => m.parts))
      .find((p: { type: string }) => p.type === 'file');
    const res = await fetch(filePart.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(filePart.mediaType);
    expect(await res.text()).toContain('TOTAL');
  });

  it('reset() restores the seed after changes', async () => {
    const before = await snapshot(one, 'alice');
    await call(one, 'DELETE', `/v0/chat/sessions/${before.sessions[0].id}`, { user: 'alice' });
    await call(one, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-new', messages: [textMessage('m', 'user', 'x')] } });
    one.reset();
    expect(await snapshot(one, 'alice')).toEqual(before);
  });
});
