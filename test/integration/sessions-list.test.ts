import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MySessionsDocument, type MySessionsQuery } from '../__generated__/graphql.js';
import { advanceClocks, createElizaSession, createSumvinSession, freezeClocks } from '../support/seed.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { codesOf, dataOf, startStack, type Stack, type StackOptions } from '../support/stack.js';

type Conn = NonNullable<MySessionsQuery['sessions']>;

/**
 * alice has 7 Sumvin and 6 Eliza sessions created one second apart, alternating providers, so
 * the merged list interleaves them: newest first it reads E13 S12 E11 S10 ... S0 (the number is
 * the creation step). bob has one session on each provider.
 */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const expectedOrder: string[] = [];

let stack: Stack;
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

/**
 * The same suite three ways: the in-memory store with the planner's default (one global list
 * call in a deployment this small), and the inbox from the ownership index with the in-memory
 * store and with Redis.
 */
const VARIANTS: Array<[string, () => StackOptions]> = [
  ['memory store, global list', () => ({})],
  ['memory store, ownership index', () => ({ inboxListMax: 0 })],
  ['redis store, ownership index', () => ({ inboxListMax: 0, store: { redisUrl: redis.url, keyPrefix: redis.prefix('sessions-list') } })],
];

async function seedStack(options: StackOptions): Promise<void> {
  stack = await startStack(options);
  expectedOrder.length = 0;
  freezeClocks(stack, T0);
  for (let step = 0; step < 13; step++) {
    if (step % 2 === 0) {
      await createSumvinSession(stack, 'alice', { id: `cs-alice-${step}`, title: `S${step}` });
    } else {
      await createElizaSession(stack, 'alice', { title: `E${step}` });
    }
    expectedOrder.unshift(step % 2 === 0 ? `S${step}` : `E${step}`);
    advanceClocks(stack, 1000);
  }
  await createSumvinSession(stack, 'bob', { id: 'cs-bob-1', title: 'bob chat' });
  await createElizaSession(stack, 'bob', { title: 'bob agent' });
}

const titles = (c: Conn) => c.edges.map((e) => e.node.title);

async function page(vars: Parameters<Stack['op']>[1] & object, as = 'alice'): Promise<Conn> {
  const res = await stack.op(MySessionsDocument, vars as never, { as });
  return dataOf(res).sessions!;
}

describe.each(VARIANTS)('Query.sessions: one list over both providers (%s)', (_name, options) => {
  beforeAll(async () => {
    await seedStack(options());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('orders by most recent activity across providers, with totalCount from both', async () => {
    const c = await page({ first: 20 });
    expect(titles(c)).toEqual(expectedOrder);
    expect(expectedOrder.slice(0, 4)).toEqual(['S12', 'E11', 'S10', 'E9']);
    expect(c.totalCount).toBe(13);
    expect(c.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('pages forward with first/after and never repeats or skips', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const c: Conn = await page({ first: 4, ...(after ? { after } : {}) });
      seen.push(...titles(c).map(String));
      pages++;
      expect(c.edges.length).toBeLessThanOrEqual(4);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor!;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(expectedOrder);
  });

  it('pages backward with last/before to the start', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const c: Conn = await page({ last: 5, ...(before ? { before } : {}) });
      seen.unshift(...titles(c).map(String));
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor!;
    }
    expect(seen).toEqual(expectedOrder);
  });

  it('last: 3 without a cursor gives the three oldest, and says more come before', async () => {
    const c = await page({ last: 3 });
    expect(titles(c)).toEqual(['S2', 'E1', 'S0']);
    expect(c.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('a page that is exactly the whole list has no next page', async () => {
    const c = await page({ first: 13 });
    expect(c.edges).toHaveLength(13);
    expect(c.pageInfo.hasNextPage).toBe(false);
  });

  it('past the end is an empty page', async () => {
    const all = await page({ first: 13 });
    const c = await page({ first: 5, after: all.pageInfo.endCursor });
    expect(c.edges).toEqual([]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('first: 0 returns no edges', async () => {
    const c = await page({ first: 0 });
    expect(c.edges).toEqual([]);
  });

  it('provider narrows to one upstream, and then only that upstream is called', async () => {
    stack.resetCalls();
    const eliza = await page({ first: 20, provider: 'ELIZA' });
    expect(titles(eliza)).toEqual(['E11', 'E9', 'E7', 'E5', 'E3', 'E1']);
    expect(Object.keys(stack.calls().sumvin)).toEqual([]);
    const sumvin = await page({ first: 20, provider: 'SUMVIN' });
    expect(titles(sumvin)).toEqual(['S12', 'S10', 'S8', 'S6', 'S4', 'S2', 'S0']);
    expect(sumvin.totalCount).toBe(7);
  });

  it('search goes to Sumvin as q and filters Eliza titles', async () => {
    const c = await page({ first: 20, search: '1' });
    expect(titles(c)).toEqual(['S12', 'E11', 'S10', 'E1']);
  });

  it('a user sees only their own sessions on both providers', async () => {
    const c = await page({ first: 20 }, 'bob');
    expect(titles(c)).toEqual(['bob agent', 'bob chat']);
    const carol = await page({ first: 20 }, 'carol');
    expect(carol.edges).toEqual([]);
    expect(carol.totalCount).toBe(0);
  });

  it('refuses page sizes above 100, negative sizes and first together with last', async () => {
    for (const vars of [{ first: 101 }, { last: 1000 }, { first: -1 }, { first: 2, last: 2 }]) {
      const res = await stack.op(MySessionsDocument, vars, { as: 'alice' });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.data).toBeNull(); // sessions is non-null: its error nulls the whole data
    }
  });

  it('refuses malformed cursors and cursors of another list', async () => {
    const filtered = await page({ first: 2, provider: 'ELIZA' });
    const otherList = filtered.pageInfo.endCursor!;
    const messageCursorish = Buffer.from(JSON.stringify({ v: 1, k: 'sm', s: 'x', o: 1 })).toString('base64url');
    for (const after of ['garbage!', 'eyJ2IjoxfQ', otherList, messageCursorish, 'a'.repeat(5000)]) {
      const res = await stack.op(MySessionsDocument, { first: 2, after }, { as: 'alice' });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('needs a verified caller', async () => {
    stack.resetCalls();
    const res = await stack.op(MySessionsDocument, { first: 2 }, { as: null });
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls().total).toBe(0);
  });
});
