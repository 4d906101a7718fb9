import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CircuitBreaker } from '../../../src/upstream/breaker.js';
import { UpstreamError } from '../../../src/errors/classes.js';
import type { HttpClient } from '../../../src/upstream/http.js';
import type { StatusFailure } from '../../../src/upstream/http/types.js';
import { intercept, mockSetup, rejectionOf, type MockSetup } from './support.js';

class FakeClock {
  t = 1_700_000_000_000;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

describe('CircuitBreaker', () => {
  it('stays closed below the volume floor even at 100 % failures', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < 19; i++) breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('closed');
  });

  it('opens at 50 % failures over at least 20 requests', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < 10; i++) breaker.acquire()?.settle('success');
    for (let i = 0; i < 9; i++) breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('closed');
    breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('open');
    expect(breaker.acquire()).toBeNull();
  });

  it('forgets failures older than the window', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < 15; i++) breaker.acquire()?.settle('failure');
    clock.advance(11_000);
    for (let i = 0; i < 10; i++) breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('closed');
  });

  it('ignores neutral outcomes', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < 50; i++) breaker.acquire()?.settle('neutral');
    for (let i = 0; i < 19; i++) breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('closed');
  });

  it('half-opens after 30 s with a single probe; a failed probe reopens it', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now, minRequests: 2 });
    breaker.acquire()?.settle('failure');
    breaker.acquire()?.settle('failure');
    expect(breaker.state).toBe('open');
    clock.advance(29_999);
    expect(breaker.acquire()).toBeNull();
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    const probe = breaker.acquire();
    expect(probe?.probe).toBe(true);
    expect(breaker.acquire()).toBeNull();
    probe?.settle('failure');
    expect(breaker.state).toBe('open');
    clock.advance(30_000);
    breaker.acquire()?.settle('success');
    expect(breaker.state).toBe('closed');
    expect(breaker.acquire()?.probe).toBe(false);
  });

  it('frees the probe slot when the probe is abandoned', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ now: clock.now, minRequests: 1, openMs: 10 });
    breaker.acquire()?.settle('failure');
    clock.advance(10);
    breaker.acquire()?.settle('neutral');
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire()?.probe).toBe(true);
  });
});

describe('HttpClient with a breaker', () => {
  const okSchema = z.object({ ok: z.literal(true) });
  const mapError = (f: StatusFailure): UpstreamError =>
    new UpstreamError({
      service: f.service,
      kind: f.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : f.status === 429 ? 'RATE_LIMITED' : 'NOT_FOUND',
      status: f.status,
      retryable: f.status >= 500,
      operation: f.operation,
    });
  const post = (http: HttpClient) => http.post('/items', { schema: okSchema });

  let mock: MockSetup;
  let clock: FakeClock;
  beforeEach(() => {
    mock = mockSetup('eliza', mapError);
    clock = new FakeClock();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('opens after 20 upstream failures, fails fast without a request, then recovers through one probe', async () => {
    const http = mock.client({ breaker: { now: clock.now }, now: clock.now });
    for (let i = 0; i < 20; i++) intercept(mock.pool, { method: 'POST', path: '/items' }, 500, {});
    for (let i = 0; i < 20; i++) await rejectionOf(post(http));

    const open = await rejectionOf(post(http));
    expect(open).toBeInstanceOf(UpstreamError);
    expect(open).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', upstreamCode: 'CIRCUIT_OPEN', retryable: true });
    expect(mock.calls.at(-1)?.outcome).toBe('CIRCUIT_OPEN');

    clock.advance(30_000);
    intercept(mock.pool, { method: 'POST', path: '/items' }, 200, { ok: true });
    await expect(post(http)).resolves.toEqual({ ok: true });
    intercept(mock.pool, { method: 'POST', path: '/items' }, 200, { ok: true });
    await expect(post(http)).resolves.toEqual({ ok: true });
  });

  it('does not count 4xx or 429 answers', async () => {
    const http = mock.client({ breaker: { now: clock.now }, now: clock.now });
    for (let i = 0; i < 15; i++) intercept(mock.pool, { method: 'POST', path: '/items' }, 404, {});
    for (let i = 0; i < 15; i++) intercept(mock.pool, { method: 'POST', path: '/items' }, 429, {});
    for (let i = 0; i < 30; i++) await rejectionOf(post(http));
    intercept(mock.pool, { method: 'POST', path: '/items' }, 200, { ok: true });
    await expect(post(http)).resolves.toEqual({ ok: true });
  });

  it('counts network errors', async () => {
    const http = mock.client({ breaker: { now: clock.now, minRequests: 3 }, now: clock.now });
    for (let i = 0; i < 3; i++) {
      mock.pool.intercept({ method: 'POST', path: '/items' }).replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    }
    for (let i = 0; i < 3; i++) await rejectionOf(post(http));
    const err = await rejectionOf(post(http));
    expect(err).toMatchObject({ upstreamCode: 'CIRCUIT_OPEN' });
  });
});
