/** The store contract, against both implementations (memory, and a real redis-server). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createCallerLimiter } from '../../../src/state/rate-limit.js';
import { createRedisStore } from '../../../src/state/redis-store.js';
import type { SharedStore, StoreOptions } from '../../../src/state/store.js';
import { startRedis, type RedisServer } from '../../support/redis.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

const A = 'user-a';
const B = 'user-b';

describe.each(['memory', 'redis'] as const)('%s store', (kind) => {
  const stores: SharedStore[] = [];
  const open = async (opts: StoreOptions = {}, prefix?: string) => {
    const store = kind === 'memory' ? createMemoryStore(opts) : await createRedisStore({ url: redis.url, keyPrefix: prefix ?? redis.prefix('store'), ...opts });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('indexes sessions by id and by owner, and forgets ended ones with their expired records', async () => {
    const { index } = await open();
    await index.add([{ sessionId: 's1', owner: A }, { sessionId: 's2', owner: A }, { sessionId: 's3', owner: B }], 1000);
    expect((await index.sessionsOf(A)).sort()).toEqual(['s1', 's2']);
    expect(await index.lookup(['s1', 's3', 'nope'])).toEqual([{ owner: A }, { owner: B }, {}]);
    expect(await index.size()).toBe(3);
    await index.remove('s1');
    expect(await index.sessionsOf(A)).toEqual(['s2']);
    await index.expire('s2', A);
    expect(await index.lookup(['s2'])).toEqual([{ expiredOwner: A }]);
    expect(await index.sessionsOf(A)).toEqual([]);
    await index.remove('s2');
    expect(await index.lookup(['s2'])).toEqual([{}]);
    expect(await index.size()).toBe(1);
  });

  it('sweeps entries not seen since a time, keeping their owners as expired records that run out', async () => {
    let now = 10_000;
    const { index } = await open({ now: () => now, expiredTtlMs: 5_000 });
    await index.add([{ sessionId: 'old', owner: A }], 1000);
    await index.add([{ sessionId: 'new', owner: A }], 3000);
    await index.add([{ sessionId: 'old', owner: A }], 500); // an older sighting does not move it back
    expect(await index.sweep(2000)).toBe(1);
    expect(await index.lookup(['old', 'new'])).toEqual([{ expiredOwner: A }, { owner: A }]);
    if (kind === 'memory') {
      now += 6_000;
      expect(await index.lookup(['old'])).toEqual([{}]);
    }
  });

  it('remembers when the last pass finished, and answers a ping', async () => {
    const { index, ping } = await open();
    expect(await ping()).toBe(true);
    expect(await index.lastPass()).toBeNull();
    await index.markPass(1234);
    expect(await index.lastPass()).toBe(1234);
  });

  it('gives a lock to one holder at a time, until released or run out', async () => {
    const prefix = kind === 'redis' ? redis.prefix('locks') : undefined;
    const one = await open({}, prefix);
    const other = kind === 'memory' ? one : await open({}, prefix);
    const lease = await one.locks.tryAcquire('reconcile', 10_000);
    expect(lease).not.toBeNull();
    expect(await other.locks.tryAcquire('reconcile', 10_000)).toBeNull();
    await lease!.release();
    const next = await other.locks.tryAcquire('reconcile', 50);
    expect(next).not.toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    const after = await one.locks.tryAcquire('reconcile', 10_000);
    expect(after).not.toBeNull();
    // the run-out lease cannot release the new holder's lock
    await next!.release();
    expect(await other.locks.tryAcquire('reconcile', 10_000)).toBeNull();
  });

  it('fans messages out to every subscriber, on every connection of the same prefix', async () => {
    const prefix = kind === 'redis' ? redis.prefix('pubsub') : undefined;
    const pub = await open({}, prefix);
    const sub = kind === 'memory' ? pub : await open({}, prefix);
    const got: string[] = [];
    const stop = await sub.pubsub.subscribe('session:1', (m) => got.push(m));
    await pub.pubsub.publish('session:1', 'hello');
    await pub.pubsub.publish('session:2', 'not for us');
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await stop();
    await pub.pubsub.publish('session:1', 'after unsubscribe');
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['hello']);
  });

  it('counts one rate limit per key for every limiter on the store: a burst, then refusals with a wait', async () => {
    const prefix = kind === 'redis' ? redis.prefix('rl') : undefined;
    const one = await open({}, prefix);
    const other = kind === 'memory' ? one : await open({}, prefix);
    const l1 = createCallerLimiter(one, { name: 'subject', perMinute: 60, burst: 4 });
    const l2 = createCallerLimiter(other, { name: 'subject', perMinute: 60, burst: 4 });
    const waits = [await l1.take('k'), await l2.take('k'), await l1.take('k'), await l2.take('k'), await l1.take('k')];
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits[4]).toBeGreaterThan(0);
    expect(waits[4]).toBeLessThanOrEqual(1000);
    expect(await l2.take('another key')).toBe(0);
    // under 60 a minute: one per 60 / perMinute seconds
    const slow = createCallerLimiter(one, { name: 'slow', perMinute: 6 });
    expect(await slow.take('k')).toBe(0);
    const wait = await slow.take('k');
    expect(wait).toBeGreaterThan(1000);
    expect(wait).toBeLessThanOrEqual(10_000);
  });
});

describe('redis store with Redis away', () => {
  it('fails index calls fast with StoreUnavailableError, and lets rate-limited operations through with one warning', async () => {
    const store = await createRedisStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'nowhere:', commandTimeoutMs: 200 });
    try {
      await expect(store.index.lookup(['x'])).rejects.toMatchObject({ name: 'StoreUnavailableError' });
      expect(await store.ping()).toBe(false);
      await expect(store.locks.tryAcquire('reconcile', 1000)).rejects.toMatchObject({ name: 'StoreUnavailableError' });
      const warnings: unknown[] = [];
      const limiter = createCallerLimiter(store, { name: 'subject', perMinute: 60, burst: 1, onStoreError: (e) => warnings.push(e) });
      expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([0, 0, 0]);
      expect(warnings).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
