import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundTrips } from '../../bench/lib/screens.js';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, T0 } from './helpers.js';

describe('request spans, and round trips read from them', () => {
  let emu: SumvinEmulator;
  const controls = new EmulatorControls();

  beforeAll(async () => {
    emu = await startSumvinEmulator({ controls });
    controls.clock.freeze(T0);
    controls.setLatency(15);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('keeps no spans unless asked', async () => {
    await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' });
    expect(controls.requestSpans()).toEqual([]);
  });

  it('records each request with its route; concurrent requests are one round trip, sequential ones two', async () => {
    controls.recordSpans(true);
    await Promise.all([call(emu, 'GET', '/v0/chat/sessions', { user: 'a' }), call(emu, 'GET', '/v0/chat/sessions', { user: 'b' })]);
    const together = controls.requestSpans();
    expect(together.map((s) => s.route)).toEqual(['GET /v0/chat/sessions', 'GET /v0/chat/sessions']);
    for (const s of together) expect(s.end).toBeGreaterThan(s.start);
    expect(roundTrips(together)).toBe(1);

    controls.resetCounts();
    await call(emu, 'GET', '/v0/chat/sessions', { user: 'a' });
    await call(emu, 'GET', '/v0/chat/sessions/x', { user: 'a' });
    const sequential = controls.requestSpans();
    expect(sequential).toHaveLength(2);
    expect(roundTrips(sequential)).toBe(2);

    controls.recordSpans(false);
    expect(controls.requestSpans()).toEqual([]);
  });

  it('round trips: the longest chain of requests that each start after an earlier one ended', () => {
    expect(roundTrips([])).toBe(0);
    const s = (start: number, end: number) => ({ start, end });
    // a then (b, c together) then d; e overlaps everything
    expect(roundTrips([s(0, 10), s(11, 20), s(12, 22), s(23, 30), s(0, 30)])).toBe(3);
  });
});
