/**
 * The shared Sumvin history poll is cluster-wide: two instances' pollers, each with a watcher of the
 * same session and their own connection to one real redis-server, poll through one lease holder;
 * when the holder's watchers leave, the other instance takes over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/state/redis-store.js';
import type { SharedStore } from '../../src/state/store.js';
import { SumvinPollers } from '../../src/state/live/sumvin-poll.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { until } from '../support/live-clients.js';

let redis: RedisServer;
let stores: SharedStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const s of stores) await s.close();
  await redis?.close();
});

describe('shared Sumvin poll', () => {
  it('one poller per session across instances; the other takes over when the holder stops', async () => {
    const prefix = redis.prefix('poll-lease');
    stores = [await createRedisStore({ url: redis.url, keyPrefix: prefix }), await createRedisStore({ url: redis.url, keyPrefix: prefix })];
    const settings = { minMs: 20, maxMs: 40 };
    const [a, b] = stores.map((s) => new SumvinPollers(s.locks, settings)) as [SumvinPollers, SumvinPollers];
    const reads = { a: 0, b: 0 };
    const stopA = a.watch('owner:chat-1', async () => {
      reads.a += 1;
      return { total: 0 };
    });
    await until(() => reads.a >= 1, 'A polling');
    const stopB = b.watch('owner:chat-1', async () => {
      reads.b += 1;
      return { total: 0 };
    });
    await until(() => reads.a >= 15, 'A polling on', 10_000);
    expect(reads.b).toBe(0);
    stopA();
    expect(a.stats().activePolls).toBe(0);
    await until(() => reads.b >= 3, 'B taking over', 10_000);
    const aAfter = reads.a;
    await until(() => reads.b >= 6, 'B polling on', 10_000);
    expect(reads.a).toBe(aAfter);
    stopB();
    expect(b.stats()).toMatchObject({ activePolls: 0 });
    a.close();
    b.close();
  }, 30_000);
});
