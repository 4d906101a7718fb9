import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalFailed, sessionErrorResponse } from '../../../src/emulator/eliza/errors.js';
import { seededUuid, startElizaEmulator, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { ADA, AGENT, call, createSession, iso, MIN, S, T0, USER, UUID, useFrozenEmulator } from './helpers.js';

describe('server-wide middleware', () => {
  let emu!: ElizaEmulator;
  useFrozenEmulator((e) => (emu = e));

  it('answers a body that is not JSON with 500 from the /api error handler', async () => {
    const r = await call(emu, 'POST', S, { raw: 'not json', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ success: false, error: { message: `Unexpected token 'n', "not json" is not valid JSON`, code: 500 } });
    const strict = await call(emu, 'POST', S, { raw: '"abc"', headers: { 'content-type': 'application/json' } });
    expect(strict.body).toEqual({ success: false, error: { message: `Unexpected token '"', ""abc"" is not valid JSON`, code: 500 } });
    expect(r.headers['ratelimit-limit']).toBeUndefined();
  });

  it('answers a JSON body over 2 MB with 500 "request entity too large"', async () => {
    const s = await createSession(emu);
    const big = JSON.stringify({ content: 'a'.repeat(2 * 1024 * 1024) });
    const r = await call(emu, 'POST', `${S}/${s.sessionId}/messages`, { raw: big, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ success: false, error: { message: 'request entity too large', code: 500 } });
  });

  it('rejects a non-UTF charset the way body-parser does', async () => {
    const r = await call(emu, 'POST', S, { raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ success: false, error: { message: 'unsupported charset "LATIN1"', code: 500 } });
  });

  it('needs an accepted Content-Type when a body is announced', async () => {
    const r = await call(emu, 'POST', S, { raw: '{}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ success: false, error: { code: 'INVALID_CONTENT_TYPE', message: 'Invalid or missing Content-Type header' } });
    const none = await call(emu, 'PATCH', `${S}/x/timeout`, { raw: '{}' });
    expect(none.body.error.code).toBe('INVALID_CONTENT_TYPE');
    const s = await createSession(emu);
    const bodyless = await call(emu, 'POST', `${S}/${s.sessionId}/renew`);
    expect(bodyless.status).toBe(200);
    const form = await call(emu, 'POST', `${S}/${s.sessionId}/heartbeat`, {
      raw: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
  });

  it('answers unknown /api paths with 404 JSON and other paths with 403', async () => {
    const api = await call(emu, 'GET', '/api/nope');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ success: false, error: { message: 'API endpoint not found', code: 404 } });
    expect(api.headers['ratelimit-remaining']).toBe('999');
    const wrongMethod = await call(emu, 'PUT', `${S}/x`);
    expect(wrongMethod.body).toEqual({ success: false, error: { message: 'API endpoint not found', code: 404 } });
    const other = await call(emu, 'GET', '/nope');
    expect(other.status).toBe(403);
    expect(other.text).toBe('Forbidden');
    const badJson = await call(emu, 'POST', '/api/nope', { raw: '{', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(500);
  });

  it('answers CORS preflight with 204', async () => {
    const r = await call(emu, 'OPTIONS', S, { headers: { origin: 'http://app.test' } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('http://app.test');
    expect(r.headers['access-control-allow-headers']).toBe('Content-Type,Authorization,X-API-KEY');
  });

  it('sends draft-6 RateLimit headers on /api responses', async () => {
    const r = await call(emu, 'GET', S);
    expect(r.headers['ratelimit-policy']).toBe('1000;w=900');
    expect(r.headers['ratelimit-limit']).toBe('1000');
    expect(r.headers['ratelimit-remaining']).toBe('999');
    expect(r.headers['ratelimit-reset']).toBe('900');
    expect((await call(emu, 'GET', '/healthz')).headers['ratelimit-limit']).toBeUndefined();
  });

  it('adds latency and injects failures through the controls', async () => {
    emu.controls.setLatency(40);
    const started = performance.now();
    expect((await call(emu, 'GET', S)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    emu.controls.setLatency(0);

    emu.controls.setFailure({ status: 503, rate: 0.5, routes: ['GET /api/messaging/sessions'] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, 'GET', S)).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    expect((await call(emu, 'GET', `${S}/health`)).status).toBe(200);

    emu.controls.setFailure({ status: 500, rate: 1 });
    const failed = await call(emu, 'GET', S);
    expect(failed.body).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'An unexpected error occurred', timestamp: iso(T0) } });
    emu.controls.setFailure({ status: 502, rate: 1, body: '<html>bad gateway</html>', contentType: 'text/html' });
    const raw = await call(emu, 'GET', S);
    expect(raw.status).toBe(502);
    expect(raw.text).toBe('<html>bad gateway</html>');
    emu.controls.setFailure(null);
    expect(emu.controls.count('GET /api/messaging/sessions')).toBe(7);
  });

  it('renders SESSION_RENEWAL_FAILED per the catalogue', () => {
    const out = sessionErrorResponse(
      renewalFailed('abc', { maxDuration: 720, createdAt: iso(T0), timeSinceCreation: 720 * MIN }),
      iso(T0 + 720 * MIN),
    );
    expect(out.status).toBe(400);
    expect(out.json).toEqual({
      error: {
        code: 'SESSION_RENEWAL_FAILED',
        message: "Cannot renew session 'abc': Maximum duration reached",
        timestamp: iso(T0 + 720 * MIN),
        details: { maxDuration: 720, createdAt: iso(T0), timeSinceCreation: 720 * MIN },
      },
    });
  });
});

describe('API key', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    emu = await startElizaEmulator({ apiKey: 'sekret' });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('requires X-API-KEY on /api, exempts OPTIONS and /healthz, and checks JSON syntax first', async () => {
    const none = await call(emu, 'GET', S);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'API key required', message: 'Missing or invalid X-API-KEY header' });
    expect((await call(emu, 'GET', S, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    expect((await call(emu, 'GET', '/api/nope')).status).toBe(401);
    expect((await call(emu, 'GET', S, { headers: { 'x-api-key': 'sekret' } })).status).toBe(200);
    expect((await call(emu, 'OPTIONS', S)).status).toBe(204);
    expect((await call(emu, 'GET', '/healthz')).status).toBe(200);
    const bad = await call(emu, 'POST', S, { raw: 'x', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(500);
  });
});

describe('rate limit', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({ controls, rateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('answers 429 with RateLimit-* and Retry-After past the limit, and resets with the window', async () => {
    for (let i = 0; i < 3; i++) expect((await call(emu, 'GET', S)).status).toBe(200);
    emu.controls.clock.advance(10_000);
    const r = await call(emu, 'GET', `${S}/health`);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ success: false, error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests. Please try again later.' } });
    expect(r.headers['ratelimit-policy']).toBe('3;w=60');
    expect(r.headers['ratelimit-remaining']).toBe('0');
    expect(r.headers['ratelimit-reset']).toBe('50');
    expect(r.headers['retry-after']).toBe('50');
    expect((await call(emu, 'GET', '/healthz')).status).toBe(200);
    emu.controls.clock.advance(50_000);
    const again = await call(emu, 'GET', S);
    expect(again.status).toBe(200);
    expect(again.headers['ratelimit-remaining']).toBe('2');
  });
});

describe('seed, reset and the control API', () => {
  let emu: ElizaEmulator;
  const OTHER = '22222222-2222-4222-8222-222222222222';
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({
      controls,
      exposeControls: true,
      seed: {
        sessions: [
          { userId: USER, count: 2, messagesPerSession: 4, metadata: { platform: 'seed' } },
          { userId: OTHER, agentId: ADA, count: 1, messagesPerSession: 3 },
        ],
      },
    });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('seeds deterministic, live sessions with alternating history', async () => {
    const list = await call(emu, 'GET', S);
    expect(list.body.sessions.map((s: any) => s.sessionId)).toEqual([seededUuid('session:0'), seededUuid('session:1'), seededUuid('session:2')]);
    expect(seededUuid('session:0')).toMatch(UUID);
    expect(seededUuid('session:0')[14]).toBe('4');
    expect(list.body.sessions.map((s: any) => [s.userId, s.agentId, s.metadata])).toEqual([
      [USER, AGENT, { platform: 'seed' }],
      [USER, AGENT, { platform: 'seed' }],
      [OTHER, ADA, {}],
    ]);
    expect(list.body.sessions[0]).toMatchObject({ lastActivity: iso(T0), expiresAt: iso(T0 + 30 * MIN), renewalCount: 0 });
    const h = await call(emu, 'GET', `${S}/${seededUuid('session:0')}/messages`);
    expect(h.body.messages.map((m: any) => [m.content, m.isAgent, m.createdAt])).toEqual([
      ['TestAgent received: Seed message 2 in session 1', true, iso(T0 - MIN)],
      ['Seed message 2 in session 1', false, iso(T0 - 2 * MIN)],
      ['TestAgent received: Seed message 1 in session 1', true, iso(T0 - 3 * MIN)],
      ['Seed message 1 in session 1', false, iso(T0 - 4 * MIN)],
    ]);
    expect(h.body.messages[3].id).toBe(seededUuid('message:0:0'));
    const ada = await call(emu, 'GET', `${S}/${seededUuid('session:2')}/messages`);
    expect(ada.body.messages.map((m: any) => m.content)).toEqual([
      'Seed message 2 in session 3',
      'Ada received: Seed message 1 in session 3',
      'Seed message 1 in session 3',
    ]);
  });

  it('controls: counts, clock, sweep and reset over HTTP', async () => {
    const counts = await call(emu, 'GET', '/__emulator/counts');
    expect(counts.status).toBe(200);
    expect(counts.body.counts['GET /api/messaging/sessions']).toBeGreaterThanOrEqual(1);
    const adv = await call(emu, 'POST', '/__emulator/clock/advance', { json: { ms: 31 * MIN } });
    expect(adv.body).toEqual({ now: T0 + 31 * MIN });
    expect((await call(emu, 'POST', '/__emulator/sweep')).body).toEqual({ deleted: 3, warned: 0 });
    expect((await call(emu, 'GET', S)).body.total).toBe(0);
    const lat = await call(emu, 'POST', '/__emulator/latency', { json: { ms: 5 } });
    expect(lat.body).toEqual({ latencyMs: 5 });
    const fail = await call(emu, 'POST', '/__emulator/failure', { json: { rule: { status: 503, rate: 1, routes: ['GET /api/messaging/sessions'] } } });
    expect(fail.status).toBe(200);
    expect((await call(emu, 'GET', S)).status).toBe(503);
    expect((await call(emu, 'POST', '/__emulator/reset')).body).toEqual({ ok: true });
    expect(emu.controls.latency()).toBe(0);
    const list = await call(emu, 'GET', S);
    expect(list.body.total).toBe(3);
    expect(list.body.sessions[0].sessionId).toBe(seededUuid('session:0'));
    expect((await call(emu, 'POST', '/__emulator/clock/advance', { json: { ms: 'x' } })).status).toBe(400);
  });
});

describe('controls are hidden by default', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    emu = await startElizaEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('has no /__emulator routes and starts with no sessions', async () => {
    expect((await call(emu, 'GET', '/__emulator/counts')).status).toBe(403);
    const list = await call(emu, 'GET', S);
    expect(list.body).toEqual({ sessions: [], total: 0, stats: { totalSessions: 0, activeSessions: 0, expiredSessions: 0 } });
    expect((await createSession(emu)).userId).toBe(USER);
  });
});
