import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { AGENT, call, createSession, DEFAULT_CONFIG, iso, MIN, S, T0, USER, UUID, useFrozenEmulator } from './helpers.js';

describe('session lifecycle endpoints', () => {
  let emu!: ElizaEmulator;
  useFrozenEmulator((e) => (emu = e));

  it('exports the default agents, TestAgent first under its fixed id', () => {
    expect(DEFAULT_AGENTS[0]).toEqual({ id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent', bio: ['test'] });
    expect(DEFAULT_AGENTS.map((a) => a.name)).toEqual(['TestAgent', 'Ada', 'Turing']);
    expect(emu.agents).toBe(DEFAULT_AGENTS);
  });

  it('creates a session: 201 with the CreateSessionResponse fields only', async () => {
    const r = await call(emu, 'POST', S, { json: { agentId: AGENT, userId: USER, metadata: { platform: 'web' } } });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(r.body)).toEqual(['sessionId', 'channelId', 'agentId', 'userId', 'createdAt', 'metadata', 'expiresAt', 'timeoutConfig']);
    expect(r.body.sessionId).toMatch(UUID);
    expect(r.body.channelId).toMatch(UUID);
    expect(r.body).toMatchObject({
      agentId: AGENT,
      userId: USER,
      createdAt: '2030-01-01T12:00:00.000Z',
      metadata: { platform: 'web' },
      expiresAt: '2030-01-01T12:30:00.000Z',
      timeoutConfig: DEFAULT_CONFIG,
    });
  });

  it('reads a session as SessionInfo', async () => {
    const created = await createSession(emu);
    emu.controls.clock.advance(10 * MIN);
    const r = await call(emu, 'GET', `${S}/${created.sessionId}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sessionId: created.sessionId,
      channelId: created.channelId,
      agentId: AGENT,
      userId: USER,
      createdAt: iso(T0),
      lastActivity: iso(T0),
      metadata: {},
      expiresAt: iso(T0 + 30 * MIN),
      timeoutConfig: DEFAULT_CONFIG,
      renewalCount: 0,
      timeRemaining: 20 * MIN,
      isNearExpiration: false,
    });
  });

  it('reports isNearExpiration inside the warning threshold', async () => {
    const created = await createSession(emu);
    emu.controls.clock.advance(25 * MIN);
    const r = await call(emu, 'GET', `${S}/${created.sessionId}`);
    expect(r.body.timeRemaining).toBe(5 * MIN);
    expect(r.body.isNearExpiration).toBe(true);
  });

  it('validates create in the documented order', async () => {
    const missing = await call(emu, 'POST', S, { json: { agentId: AGENT } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Missing required fields: agentId, userId',
        timestamp: iso(T0),
        details: { missingFields: ['agentId', 'userId'] },
      },
    });
    const both = await call(emu, 'POST', S, { json: { agentId: 'nope', userId: 'bad' } });
    expect(both.body.error).toMatchObject({
      message: "Invalid UUID format for field 'agentId'",
      details: { providedValue: 'nope', expectedFormat: 'UUID v4' },
    });
    const user = await call(emu, 'POST', S, { json: { agentId: AGENT, userId: 'bad' } });
    expect(user.body.error.message).toBe("Invalid UUID format for field 'userId'");
    const unknownAgentBigMeta = await call(emu, 'POST', S, {
      json: { agentId: USER, userId: USER, metadata: { x: 'y'.repeat(20_000) } },
    });
    expect(unknownAgentBigMeta.status).toBe(404);
    expect(unknownAgentBigMeta.body).toEqual({
      error: { code: 'AGENT_NOT_FOUND', message: `Agent with ID '${USER}' not found`, timestamp: iso(T0) },
    });
    const arrayBody = await call(emu, 'POST', S, { json: [1] });
    expect(arrayBody.body.error.message).toBe('Missing required fields: agentId, userId');
    const noBody = await call(emu, 'POST', S);
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('rejects metadata above 10240 JSON characters and accepts exactly 10240', async () => {
    const fits = { k: 'a'.repeat(10240 - '{"k":""}'.length) };
    expect(JSON.stringify(fits).length).toBe(10240);
    expect((await call(emu, 'POST', S, { json: { agentId: AGENT, userId: USER, metadata: fits } })).status).toBe(201);
    const tooBig = { k: 'a'.repeat(10241 - '{"k":""}'.length) };
    const r = await call(emu, 'POST', S, { json: { agentId: AGENT, userId: USER, metadata: tooBig } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid metadata: Metadata exceeds maximum size of 10240 bytes',
        timestamp: iso(T0),
        details: { reason: 'Metadata exceeds maximum size of 10240 bytes', providedMetadata: tooBig },
      },
    });
  });

  it('lists live sessions in creation order with stats counting expired-unswept ones', async () => {
    const a = await createSession(emu, { timeoutConfig: { timeoutMinutes: 5 } });
    const b = await createSession(emu);
    emu.controls.clock.advance(6 * MIN);
    const r = await call(emu, 'GET', S);
    expect(r.status).toBe(200);
    expect(r.body.sessions.map((s: any) => s.sessionId)).toEqual([b.sessionId]);
    expect(r.body.total).toBe(1);
    expect(r.body.stats).toEqual({ totalSessions: 2, activeSessions: 1, expiredSessions: 1 });
    expect(a.sessionId).toMatch(UUID);
  });

  it('answers health with counts, expiringSoon and a float uptime', async () => {
    await createSession(emu, { timeoutConfig: { timeoutMinutes: 5 } });
    await createSession(emu);
    const r = await call(emu, 'GET', `${S}/health`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['status', 'activeSessions', 'timestamp', 'expiringSoon', 'uptime']);
    expect(r.body).toMatchObject({ status: 'healthy', activeSessions: 2, timestamp: iso(T0), expiringSoon: 1 });
    expect(typeof r.body.uptime).toBe('number');
    expect(r.body.uptime).toBeGreaterThan(0);
  });

  it('answers /healthz like the real server', async () => {
    const r = await call(emu, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', timestamp: iso(T0) });
  });

  it('deletes a session once; channel history stays but the session is gone', async () => {
    const s = await createSession(emu);
    const del = await call(emu, 'DELETE', `${S}/${s.sessionId}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ success: true, message: `Session ${s.sessionId} deleted successfully` });
    const again = await call(emu, 'DELETE', `${S}/${s.sessionId}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      error: { code: 'SESSION_NOT_FOUND', message: `Session with ID '${s.sessionId}' not found`, timestamp: iso(T0) },
    });
    expect((await call(emu, 'GET', `${S}/${s.sessionId}`)).status).toBe(404);
  });

  it('treats hostile ids as unknown sessions and keeps serving', async () => {
    const cases: Array<[string, string]> = [
      [`${S}/..`, '..'],
      [`${S}/a%2Fb`, 'a/b'],
      [`${S}/${'x'.repeat(4000)}`, 'x'.repeat(4000)],
      [`${S}/%E2%9C%93%20ok`, '\u2713 ok'],
      [`${S}/%2e%2e/messages`, '..'],
    ];
    for (const [path, id] of cases) {
      const r = await call(emu, 'GET', path);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ code: 'SESSION_NOT_FOUND', message: `Session with ID '${id}' not found`, timestamp: iso(T0) });
    }
    const del = await call(emu, 'DELETE', `${S}/..`);
    expect(del.status).toBe(404);
    expect((await call(emu, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers a malformed percent-escape in the id with 500, as Express does', async () => {
    const r = await call(emu, 'GET', `${S}/%E0%A4%A`);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      error: {
        code: 'INTERNAL_SERVER_ERROR',
        message: 'An unexpected error occurred',
        timestamp: iso(T0),
        details: "Failed to decode param '%E0%A4%A'",
      },
    });
  });

  it('matches paths case-insensitively and ignores one trailing slash, like Express', async () => {
    const s = await createSession(emu);
    expect((await call(emu, 'GET', '/API/Messaging/Sessions/')).body.total).toBe(1);
    const r = await call(emu, 'GET', `/api/messaging/SESSIONS/${s.sessionId}/`);
    expect(r.status).toBe(200);
    expect(r.body.sessionId).toBe(s.sessionId);
    expect((await call(emu, 'GET', '/API/MESSAGING/SESSIONS/HEALTH')).body.status).toBe('healthy');
  });

  it('counts requests per route pattern', async () => {
    emu.controls.resetCounts();
    const s = await createSession(emu);
    await call(emu, 'GET', `${S}/${s.sessionId}`);
    await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    await call(emu, 'GET', `${S}/health`);
    await call(emu, 'GET', '/api/unknown');
    expect(emu.controls.counts()).toEqual({
      'POST /api/messaging/sessions': 1,
      'GET /api/messaging/sessions/:sessionId': 1,
      'GET /api/messaging/sessions/:sessionId/messages': 1,
      'GET /api/messaging/sessions/health': 1,
      'GET (unmatched)': 1,
    });
  });
});
