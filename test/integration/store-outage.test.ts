/**
 * Redis stopped and started again while requests keep coming: ownership fails closed (agent
 * sessions are unavailable, never shown unchecked; chats still answer), rate limiting fails open
 * (operations go through uncounted), and everything is back once Redis is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createElizaSession, createSumvinSession } from '../support/seed.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { codesOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';

const INBOX = '{ sessions(first: 20) { edges { node { id title provider } } } }';
const NODE = 'query($id: ID!) { node(id: $id) { id ... on AgentSession { title } } }';

interface Inbox {
  sessions: { edges: Array<{ node: { id: string; title: string; provider: string } }> } | null;
}

let redis: RedisServer;
let stack: Stack;
const mine: string[] = [];
let foreign: string;

beforeAll(async () => {
  redis = await startRedis();
  stack = await startStack({
    inboxListMax: 0,
    store: { redisUrl: redis.url, keyPrefix: redis.prefix('outage'), commandTimeoutMs: 300 },
    // callers without a token are limited per address: 60 a minute, 10 at once; the load is not limited
    rateLimit: { perSubjectPerMinute: 1_000_000, perAddressPerMinute: 60 },
  });
  await createSumvinSession(stack, 'alice', { id: 'cs-alice', title: 'chat' });
  for (const t of ['agent 1', 'agent 2']) mine.push(encodeGlobalId('AgentSession', await createElizaSession(stack, 'alice', { title: t })));
  foreign = encodeGlobalId('AgentSession', await createElizaSession(stack, 'bob', { title: 'bob only' }));
});

afterAll(async () => {
  await stack?.close();
  await redis?.close();
});

/** Every answer seen under load must hold these, whatever state Redis is in. */
function checkInvariants(res: GqlResponse<Inbox>): 'full' | 'degraded' {
  const codes = codesOf(res);
  for (const e of res.body.errors ?? []) {
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'ELIZA', retryable: true });
  }
  const titles = res.body.data?.sessions?.edges.map((e) => e.node.title) ?? [];
  expect(titles).not.toContain('bob only');
  expect(titles).toContain('chat');
  if (codes.length === 0) {
    expect(titles.sort()).toEqual(['agent 1', 'agent 2', 'chat']);
    return 'full';
  }
  expect(titles).toEqual(['chat']);
  return 'degraded';
}

describe('shared store outage (real redis-server stopped and restarted under load)', () => {
  it('fails closed for ownership, open for rate limits, and recovers', async () => {
    // the limit holds while Redis is up: 10 in a burst, the 11th is refused
    const anonymous = async () => codesOf(await stack.gql('{ sessions(first: 1) { totalCount } }', undefined, { as: null }));
    const limited: unknown[][] = [];
    for (let i = 0; i < 11; i++) limited.push(await anonymous());
    expect(limited.slice(0, 10).flat()).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(limited[10]).toEqual(['RATE_LIMITED']);

    let running = true;
    const seen = { full: 0, degraded: 0 };
    const load = (async () => {
      let i = 0;
      while (running) {
        // distinct callers so the rate limit does not interfere with the load itself
        const res = await stack.gql<Inbox>(INBOX, undefined, { as: 'alice' });
        seen[checkInvariants(res)]++;
        const node = await stack.gql<{ node: unknown }>(NODE, { id: foreign }, { as: `load-${i++ % 5}` });
        expect(node.body.data?.node ?? null).toBeNull();
      }
    })();

    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor(() => seen.full > 0);
    await redis.stop();
    await waitFor(() => seen.degraded > 0);
    const during = await stack.gql<Inbox>(INBOX);
    expect(checkInvariants(during)).toBe('degraded');
    // own session by id: unavailable, not shown unchecked
    expect(codesOf(await stack.gql(NODE, { id: mine[0] }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(codesOf(await stack.gql(NODE, { id: foreign }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    // an id that cannot be a session is still bad input, not an outage
    expect(codesOf(await stack.gql(NODE, { id: encodeGlobalId('AgentSession', 'not-a-uuid') }))).toEqual(['BAD_USER_INPUT']);
    // rate limit fails open: this address is over its limit, yet 20 more operations go through
    for (let i = 0; i < 20; i++) expect(await anonymous()).toEqual(['UNAUTHENTICATED']);

    await redis.start();
    let recovered: GqlResponse<Inbox> | null = null;
    for (let i = 0; i < 100 && !recovered; i++) {
      const res = await stack.gql<Inbox>(INBOX, undefined, { as: 'dave' });
      if (codesOf(res).length === 0) recovered = res;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).not.toBeNull();
    running = false;
    await load;
    expect(seen.full).toBeGreaterThan(0);
    expect(seen.degraded).toBeGreaterThan(0);

    // the index survived (Redis keeps its data): alice's sessions are back, bob's still refused
    expect(checkInvariants(await stack.gql<Inbox>(INBOX))).toBe('full');
    expect(codesOf(await stack.gql(NODE, { id: foreign }))).toEqual(['NOT_FOUND']);
    // and the limit counts again: its burst is spent, so at most one a second gets through
    const after = [await anonymous(), await anonymous(), await anonymous()].flat();
    expect(after.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(1);
  });
});
