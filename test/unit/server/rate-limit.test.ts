import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/server/rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    let now = 0;
    const rl = new RateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    expect(rl.take('a')).toBe(1000);
    expect(rl.take('b')).toBe(0);
    now += 1000;
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(1000);
  });

  it('forgets the least recently used keys past its bound', () => {
    const rl = new RateLimiter({ perMinute: 60, burst: 1, maxKeys: 2, now: () => 0 });
    expect(rl.take('a')).toBe(0);
    expect(rl.take('b')).toBe(0);
    expect(rl.take('c')).toBe(0);
    // 'a' was dropped, so it starts with a full bucket again; 'c' is still empty
    expect(rl.take('a')).toBe(0);
    expect(rl.take('c')).toBeGreaterThan(0);
  });
});
