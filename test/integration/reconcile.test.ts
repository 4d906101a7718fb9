/**
 * The index at scale: 6,000 live sessions of other users (a global list of about 3.3 MB, over
 * the 2 MiB cap of ordinary calls) read in one streamed pass; the inbox of one user then costs
 * their own sessions only. Passes are exclusive across instances (a lock in Redis).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOnce } from '../../src/state/reconcile.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import { createElizaSession } from '../support/seed.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { codesOf, dataOf, startStack, type Stack } from '../support/stack.js';

const OTHERS = 6000;
const seed = { sessions: [{ userId: '00000000-0000-4000-8000-0000000000bb', count: OTHERS, messagesPerSession: 0 }] };
const INBOX = '{ sessions(first: 5, provider: ELIZA) { totalCount edges { node { title } } } }';
const LIST = 'GET /api/messaging/sessions';

describe('a deployment with 6,000 live sessions of other users', () => {
  let stack: Stack;
  beforeAll(async () => {
    // the default planner: the global list only up to 200 indexed sessions
    stack = await startStack({ eliza: { seed } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the start-up pass indexed every session from one streamed list call', async () => {
    expect(await stack.store.index.size()).toBe(OTHERS);
    stack.eliza!.controls.resetCounts();
    expect(await stack.reconcile()).toMatchObject({ ran: true, seen: OTHERS, removed: 0 });
    expect(stack.eliza!.controls.counts()).toEqual({ [LIST]: 1 });
  });

  it('the inbox costs one call per own session, never the global list (which is over the response cap)', async () => {
    await createElizaSession(stack, 'alice', { title: 'mine' });
    stack.resetCalls();
    const res = await stack.gql<{ sessions: { totalCount: number } }>(INBOX);
    expect(dataOf(res).sessions.totalCount).toBe(1);
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions/:sessionId': 1 });
    stack.resetCalls();
    expect(dataOf(await stack.gql<{ sessions: { totalCount: number } }>(INBOX, undefined, { as: 'nobody' })).sessions.totalCount).toBe(0);
    expect(stack.calls().total).toBe(0);
  });
});

describe('before the first pass', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ eliza: { seed }, reconcileAtStart: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the inbox reads the global list as a stream, filtered to the caller: no cap error', async () => {
    const res = await stack.gql(INBOX, undefined, { as: 'nobody' });
    expect(codesOf(res)).toEqual([]);
    expect(stack.calls().eliza).toEqual({ [LIST]: 1 });
  });
});

describe('passes across instances', () => {
  let redis: RedisServer;
  let stack: Stack;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ eliza: { seed }, reconcileAtStart: false });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.close();
  });

  it('one instance reconciles at a time; a pass soon after another is skipped', async () => {
    const prefix = redis.prefix('passes');
    const [one, two] = await Promise.all([createRedisStore({ url: redis.url, keyPrefix: prefix }), createRedisStore({ url: redis.url, keyPrefix: prefix })]);
    try {
      const source = stack.elizaSessions;
      const opts = (store: typeof one) => ({ store, source, intervalMs: 60_000 });
      const results = await Promise.all([reconcileOnce(opts(one)), reconcileOnce(opts(two))]);
      expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
      expect(results.find((r) => !r.ran)).toEqual({ ran: false, reason: 'locked' });
      expect(await two.index.size()).toBe(OTHERS);
      expect(await reconcileOnce(opts(two))).toEqual({ ran: false, reason: 'recent' });
    } finally {
      await one.close();
      await two.close();
    }
  });
});

