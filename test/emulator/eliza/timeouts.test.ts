import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import {
  agentTimeoutConfig,
  calculateExpiration,
  mergeTimeoutConfigs,
  resolveGlobalConfig,
} from '../../../src/emulator/eliza/config.js';
import { startElizaEmulator, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { AGENT, call, createSession, DEFAULT_CONFIG, iso, MIN, S, T0, USER } from './helpers.js';

const G = resolveGlobalConfig();

describe('timeout configuration rules', () => {
  it('clamps the env-like settings', () => {
    expect(G).toEqual({
      defaultTimeoutMinutes: 30,
      minTimeoutMinutes: 5,
      maxTimeoutMinutes: 1440,
      defaultMaxDurationMinutes: 720,
      defaultWarningThresholdMinutes: 5,
      cleanupIntervalMs: 5 * MIN,
    });
    expect(
      resolveGlobalConfig({
        SESSION_DEFAULT_TIMEOUT_MINUTES: 99999,
        SESSION_MIN_TIMEOUT_MINUTES: 0,
        SESSION_MAX_TIMEOUT_MINUTES: 10,
        SESSION_MAX_DURATION_MINUTES: 30000,
        SESSION_WARNING_THRESHOLD_MINUTES: 61,
        SESSION_CLEANUP_INTERVAL_MINUTES: 2.9,
      }),
    ).toEqual({
      defaultTimeoutMinutes: 10080,
      minTimeoutMinutes: 1,
      maxTimeoutMinutes: 60,
      defaultMaxDurationMinutes: 20160,
      defaultWarningThresholdMinutes: 60,
      cleanupIntervalMs: 2 * MIN,
    });
    expect(resolveGlobalConfig({ SESSION_DEFAULT_TIMEOUT_MINUTES: Number.NaN }).defaultTimeoutMinutes).toBe(30);
  });

  it('merges request config over agent and global defaults', () => {
    const table: Array<[unknown, Partial<typeof DEFAULT_CONFIG>]> = [
      [undefined, {}],
      [{}, {}],
      [{ timeoutMinutes: 60 }, { timeoutMinutes: 60 }],
      [{ timeoutMinutes: '60' }, { timeoutMinutes: 60 }],
      [{ timeoutMinutes: 1 }, { timeoutMinutes: 5 }],
      [{ timeoutMinutes: 99999 }, { timeoutMinutes: 1440 }],
      [{ timeoutMinutes: 'abc' }, { timeoutMinutes: 30 }],
      [{ timeoutMinutes: 7.5 }, { timeoutMinutes: 7.5 }],
      [{ maxDurationMinutes: 10 }, { maxDurationMinutes: 30 }],
      [{ timeoutMinutes: 60, maxDurationMinutes: 10 }, { timeoutMinutes: 60, maxDurationMinutes: 60 }],
      [{ maxDurationMinutes: 5000 }, { maxDurationMinutes: 2880 }],
      [{ maxDurationMinutes: 'x' }, { maxDurationMinutes: 720 }],
      [{ warningThresholdMinutes: 0 }, { warningThresholdMinutes: 1 }],
      [{ warningThresholdMinutes: 5000 }, { warningThresholdMinutes: 5000 }],
      [{ warningThresholdMinutes: 'x' }, { warningThresholdMinutes: 5 }],
      [{ autoRenew: false }, { autoRenew: false }],
      [{ autoRenew: 'no' } as unknown, { autoRenew: 'no' as unknown as boolean }],
      ['garbage', {}],
    ];
    for (const [input, diff] of table) {
      expect(mergeTimeoutConfigs(input, undefined, G), JSON.stringify(input)).toEqual({ ...DEFAULT_CONFIG, ...diff });
    }
  });

  it('derives per-agent config from settings, including the SESSION_AUTO_RENEW quirk', () => {
    expect(agentTimeoutConfig(undefined, G)).toEqual(DEFAULT_CONFIG);
    expect(
      agentTimeoutConfig(
        { SESSION_TIMEOUT_MINUTES: '2', SESSION_MAX_DURATION_MINUTES: '99999', SESSION_WARNING_THRESHOLD_MINUTES: '0' },
        G,
      ),
    ).toEqual({ timeoutMinutes: 5, autoRenew: true, maxDurationMinutes: 2880, warningThresholdMinutes: 1 });
    expect(agentTimeoutConfig({ SESSION_TIMEOUT_MINUTES: 'abc' }, G).timeoutMinutes).toBe(30);
    expect(agentTimeoutConfig({ SESSION_AUTO_RENEW: 'true' }, G).autoRenew).toBe(false);
    expect(agentTimeoutConfig({ SESSION_AUTO_RENEW: 'false' }, G).autoRenew).toBe(true);
    expect(agentTimeoutConfig({ SESSION_AUTO_RENEW: 'yes' }, G).autoRenew).toBe(false);
    expect(agentTimeoutConfig({ SESSION_AUTO_RENEW: '' }, G).autoRenew).toBe(true);
    const agent = agentTimeoutConfig({ SESSION_TIMEOUT_MINUTES: '90' }, G);
    expect(mergeTimeoutConfigs({ maxDurationMinutes: 10 }, agent, G)).toEqual({ ...DEFAULT_CONFIG, timeoutMinutes: 90, maxDurationMinutes: 90 });
  });

  it('computes expiresAt from lastActivity or createdAt with the max-duration cap', () => {
    const on = { ...DEFAULT_CONFIG };
    expect(calculateExpiration(T0, T0 + 20 * MIN, on, T0 + 20 * MIN, G)).toBe(T0 + 50 * MIN);
    expect(calculateExpiration(T0, T0 + 20 * MIN, { ...on, autoRenew: false }, T0 + 20 * MIN, G)).toBe(T0 + 30 * MIN);
    expect(calculateExpiration(T0, T0 + 700 * MIN, on, T0 + 700 * MIN, G)).toBe(T0 + 720 * MIN);
  });
});

describe('renewal, expiry and PATCH over HTTP', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({
      controls,
      replyDelayMs: 0,
      agents: [
        { id: AGENT, name: 'TestAgent' },
        { id: '0e79607b-ad2a-4d2a-a877-ed5e5a094583', name: 'NoRenew', settings: { SESSION_AUTO_RENEW: 'true', SESSION_TIMEOUT_MINUTES: '10' } },
      ],
    });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.reset();
    emu.controls.clock.freeze(T0);
  });

  const send = (id: string, content = 'hi') => call(emu, 'POST', `${S}/${id}/messages`, { json: { content } });

  it('follows the worked example: renew on message, 410 once, then 404', async () => {
    const s = await createSession(emu);
    expect(s.expiresAt).toBe(iso(T0 + 30 * MIN));
    emu.controls.clock.advance(20 * MIN);
    const sent = await send(s.sessionId);
    expect(sent.body.sessionStatus).toEqual({ expiresAt: iso(T0 + 50 * MIN), renewalCount: 1, wasRenewed: true, isNearExpiration: false });
    emu.controls.clock.advance(31 * MIN);
    const gone = await call(emu, 'GET', `${S}/${s.sessionId}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({
      error: {
        code: 'SESSION_EXPIRED',
        message: `Session '${s.sessionId}' expired at ${iso(T0 + 50 * MIN)}`,
        timestamp: iso(T0 + 51 * MIN),
      },
    });
    expect((await call(emu, 'GET', `${S}/${s.sessionId}`)).status).toBe(404);
  });

  it('expires at expiresAt exactly (expiresAt <= now)', async () => {
    const s = await createSession(emu);
    emu.controls.clock.advance(30 * MIN - 1);
    expect((await call(emu, 'GET', `${S}/${s.sessionId}`)).body.timeRemaining).toBe(1);
    emu.controls.clock.advance(1);
    expect((await call(emu, 'POST', `${S}/${s.sessionId}/heartbeat`)).status).toBe(410);
  });

  it('stops at maxDuration despite activity: renewals keep counting but never pass T+720m', async () => {
    const s = await createSession(emu);
    for (let t = 20; t <= 700; t += 20) {
      emu.controls.clock.advance(20 * MIN);
      const r = await send(s.sessionId);
      expect(r.status).toBe(201);
    }
    const info = await call(emu, 'GET', `${S}/${s.sessionId}`);
    expect(info.body).toMatchObject({ expiresAt: iso(T0 + 720 * MIN), renewalCount: 35, isNearExpiration: false });
    emu.controls.clock.advance(15 * MIN);
    const renew = await call(emu, 'POST', `${S}/${s.sessionId}/renew`);
    expect(renew.status).toBe(200);
    expect(renew.body).toMatchObject({ expiresAt: iso(T0 + 720 * MIN), renewalCount: 36, timeRemaining: 5 * MIN, isNearExpiration: true });
    emu.controls.clock.advance(5 * MIN);
    // expiresAt never exceeds createdAt + maxDuration, so past maxDuration the expiry check (410)
    // answers before the renewal check could give 400 SESSION_RENEWAL_FAILED.
    const late = await call(emu, 'POST', `${S}/${s.sessionId}/renew`);
    expect(late.status).toBe(410);
    expect(late.body.error).toEqual({
      code: 'SESSION_EXPIRED',
      message: `Session '${s.sessionId}' expired at ${iso(T0 + 720 * MIN)}`,
      timestamp: iso(T0 + 720 * MIN),
    });
    expect((await call(emu, 'POST', `${S}/${s.sessionId}/renew`)).status).toBe(404);
  });

  it('with autoRenew false a message only touches lastActivity; manual renew still works', async () => {
    const s = await createSession(emu, { timeoutConfig: { autoRenew: false } });
    emu.controls.clock.advance(20 * MIN);
    const sent = await send(s.sessionId);
    expect(sent.body.sessionStatus).toEqual({ expiresAt: iso(T0 + 30 * MIN), renewalCount: 0, wasRenewed: false, isNearExpiration: false });
    const hb = await call(emu, 'POST', `${S}/${s.sessionId}/heartbeat`);
    expect(hb.body).toMatchObject({ lastActivity: iso(T0 + 20 * MIN), expiresAt: iso(T0 + 30 * MIN), renewalCount: 0 });
    emu.controls.clock.advance(5 * MIN);
    const renewed = await call(emu, 'POST', `${S}/${s.sessionId}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({
      lastActivity: iso(T0 + 25 * MIN),
      expiresAt: iso(T0 + 55 * MIN),
      renewalCount: 1,
      timeoutConfig: { ...DEFAULT_CONFIG, autoRenew: false },
    });
  });

  it('heartbeat renews when autoRenew is on', async () => {
    const s = await createSession(emu);
    emu.controls.clock.advance(10 * MIN);
    const hb = await call(emu, 'POST', `${S}/${s.sessionId}/heartbeat`);
    expect(hb.status).toBe(200);
    expect(hb.body).toMatchObject({ lastActivity: iso(T0 + 10 * MIN), expiresAt: iso(T0 + 40 * MIN), renewalCount: 1, timeRemaining: 30 * MIN });
  });

  it('uses the agent settings (SESSION_AUTO_RENEW "true" turns auto-renew off, as in 1.7.2)', async () => {
    const r = await call(emu, 'POST', S, { json: { agentId: '0e79607b-ad2a-4d2a-a877-ed5e5a094583', userId: USER } });
    expect(r.body.timeoutConfig).toEqual({ timeoutMinutes: 10, autoRenew: false, maxDurationMinutes: 720, warningThresholdMinutes: 5 });
    expect(r.body.expiresAt).toBe(iso(T0 + 10 * MIN));
  });

  it('PATCH replaces the config: omitted fields revert to defaults', async () => {
    const s = await createSession(emu, { timeoutConfig: { autoRenew: false, timeoutMinutes: 20 } });
    emu.controls.clock.advance(10 * MIN);
    await call(emu, 'POST', `${S}/${s.sessionId}/heartbeat`);
    const r = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { timeoutMinutes: 60 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      timeoutConfig: { ...DEFAULT_CONFIG, timeoutMinutes: 60, autoRenew: true },
      lastActivity: iso(T0 + 10 * MIN),
      expiresAt: iso(T0 + 70 * MIN),
      renewalCount: 0,
    });
    const reset = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: {} });
    expect(reset.body.timeoutConfig).toEqual(DEFAULT_CONFIG);
    expect(reset.body.expiresAt).toBe(iso(T0 + 40 * MIN));
  });

  it('PATCH checks 404, 410, types, then range, in that order', async () => {
    const missing = await call(emu, 'PATCH', `${S}/nope/timeout`, { json: { timeoutMinutes: 'x', autoRenew: 1 } });
    expect(missing.status).toBe(404);
    const s = await createSession(emu);
    const badType = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { autoRenew: 'yes', timeoutMinutes: 1 } });
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid timeout configuration: Invalid timeout configuration format',
        timestamp: iso(T0),
        details: { reason: 'Invalid timeout configuration format', providedConfig: { autoRenew: 'yes', timeoutMinutes: 1 } },
      },
    });
    const noBody = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`);
    expect(noBody.body.error.details).toEqual({ reason: 'Invalid timeout configuration format' });
    const range = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { timeoutMinutes: '2' } });
    expect(range.body.error).toMatchObject({
      message: 'Invalid timeout configuration: Timeout must be between 5 and 1440 minutes',
      details: { reason: 'Timeout must be between 5 and 1440 minutes', providedConfig: { timeoutMinutes: '2' } },
    });
    const nan = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { timeoutMinutes: 'abc', maxDurationMinutes: '100' } });
    expect(nan.status).toBe(200);
    expect(nan.body.timeoutConfig).toEqual({ ...DEFAULT_CONFIG, maxDurationMinutes: 100 });
    emu.controls.clock.advance(31 * MIN);
    expect((await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { timeoutMinutes: 1 } })).status).toBe(410);
  });

  it('the sweep deletes expired sessions silently (404, never 410); DELETE ignores expiry', async () => {
    const a = await createSession(emu, { timeoutConfig: { timeoutMinutes: 5 } });
    const b = await createSession(emu, { timeoutConfig: { timeoutMinutes: 5 } });
    const c = await createSession(emu);
    emu.controls.clock.advance(6 * MIN);
    expect((await call(emu, 'DELETE', `${S}/${b.sessionId}`)).status).toBe(200);
    emu.sweep();
    expect((await call(emu, 'GET', `${S}/${a.sessionId}`)).status).toBe(404);
    expect((await call(emu, 'GET', `${S}/${c.sessionId}`)).status).toBe(200);
    expect((await call(emu, 'GET', S)).body.stats).toEqual({ totalSessions: 1, activeSessions: 1, expiredSessions: 0 });
  });

  it('the sweep marks near-expiry sessions as warned, so health stops counting them as expiringSoon', async () => {
    await createSession(emu);
    emu.controls.clock.advance(26 * MIN);
    expect((await call(emu, 'GET', `${S}/health`)).body.expiringSoon).toBe(1);
    emu.sweep();
    const h = await call(emu, 'GET', `${S}/health`);
    expect(h.body).toMatchObject({ activeSessions: 1, expiringSoon: 0 });
  });

  it('sessionStatus.isNearExpiration is false even when the session is near expiry (1.7.2 quirk)', async () => {
    const s = await createSession(emu, { timeoutConfig: { autoRenew: false } });
    emu.controls.clock.advance(27 * MIN);
    const r = await send(s.sessionId);
    expect(r.body.sessionStatus).toEqual({ expiresAt: iso(T0 + 30 * MIN), renewalCount: 0, wasRenewed: false, isNearExpiration: false });
    const info = await call(emu, 'GET', `${S}/${s.sessionId}`);
    expect(info.body.isNearExpiration).toBe(true);
  });
});

describe('global settings', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({ controls, settings: { SESSION_MIN_TIMEOUT_MINUTES: 1, SESSION_DEFAULT_TIMEOUT_MINUTES: 15 } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('applies the configured minimum and default', async () => {
    const s = await createSession(emu, { timeoutConfig: { timeoutMinutes: 1 } });
    expect(s.timeoutConfig).toEqual({ ...DEFAULT_CONFIG, timeoutMinutes: 1 });
    const d = await createSession(emu);
    expect(d.expiresAt).toBe(iso(T0 + 15 * MIN));
    const r = await call(emu, 'PATCH', `${S}/${s.sessionId}/timeout`, { json: { timeoutMinutes: 0 } });
    expect(r.body.error.message).toBe('Invalid timeout configuration: Timeout must be between 1 and 1440 minutes');
  });
});
