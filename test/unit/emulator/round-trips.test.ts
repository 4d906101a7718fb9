import { describe, expect, it } from 'vitest';
import { roundTrips } from '../../../src/emulator/controls.js';

const r = (start: number, end: number) => ({ start, end });

describe('roundTrips: the longest chain of requests that do not overlap', () => {
  it('is 0 for no requests and 1 for requests that all overlap', () => {
    expect(roundTrips([])).toBe(0);
    expect(roundTrips([r(0, 10), r(1, 11), r(2, 9)])).toBe(1);
  });

  it('counts requests that start after another ended as sequential', () => {
    expect(roundTrips([r(0, 10), r(10, 20)])).toBe(2);
    expect(roundTrips([r(0, 10), r(11, 20), r(12, 22), r(25, 30)])).toBe(3);
  });

  it('finds the longest chain whatever the order the requests are given in', () => {
    // a long request overlapping two short sequential ones: the chain of the two short ones wins
    expect(roundTrips([r(0, 100), r(50, 60), r(0, 10), r(20, 30)])).toBe(3);
    expect(roundTrips([r(20, 30), r(0, 10), r(50, 60)])).toBe(3);
  });

  it('is kept by the controls when asked: spans of every request, emptied with the counts', async () => {
    const { EmulatorControls } = await import('../../../src/emulator/controls.js');
    const c = new EmulatorControls();
    c.span('GET /a', 0, 1);
    expect(c.requestSpans()).toEqual([]);
    c.recordSpans(true);
    c.span('GET /a', 0, 1);
    c.span('GET /b', 2, 3);
    expect(roundTrips(c.requestSpans())).toBe(2);
    c.resetCounts();
    expect(c.requestSpans()).toEqual([]);
  });
});
