/** AgentFollows over the in-memory pub/sub: two instances hear the follows each other starts, not their own. */
import { describe, expect, it } from 'vitest';
import { AgentFollows } from '../../../src/state/live/agent-follows.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';

const CHANNEL = '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d';
const OTHER = '1c5a6d8f-2e3b-4f4c-8d9e-8f7a6b5c4d3e';
const settle = () => new Promise((r) => setTimeout(r, 5));

function pair(now: () => number = Date.now) {
  const store = createMemoryStore();
  const a = new AgentFollows(store.pubsub, 1_000, now);
  const b = new AgentFollows(store.pubsub, 1_000, now);
  return { store, a, b };
}

describe('AgentFollows', () => {
  it('an instance hears the follows another one starts, per channel; never its own', async () => {
    const { a, b } = pair();
    await Promise.all([a.ready, b.ready]);
    a.announce(CHANNEL);
    await settle();
    expect(b.othersFollow(CHANNEL)).toBe(true);
    expect(b.othersFollow(OTHER)).toBe(false);
    expect(a.othersFollow(CHANNEL)).toBe(false);
    a.announce(CHANNEL);
    await settle();
    expect(b.stats()).toEqual({ channels: 1, follows: 2 });
    a.close();
    b.close();
  });

  it('a follow counts for the reply deadline and a margin from when it is heard, then is forgotten', async () => {
    let t = 0;
    const { store, a, b } = pair(() => t);
    await Promise.all([a.ready, b.ready]);
    a.announce(CHANNEL);
    await settle();
    t = 5_999;
    expect(b.othersFollow(CHANNEL)).toBe(true);
    t = 6_000;
    expect(b.othersFollow(CHANNEL)).toBe(false);
    expect(b.stats()).toEqual({ channels: 0, follows: 0 });
    a.close();
    b.close();
    await store.close();
  });

  it('ignores announcements that are not its own shape', async () => {
    const { store, b } = pair();
    await b.ready;
    for (const raw of ['not json', 'null', '[]', '{}', JSON.stringify({ i: 'x', c: CHANNEL }), JSON.stringify({ i: 'x', c: 'a/b', f: 'y' }), JSON.stringify({ i: 'x'.repeat(65), c: CHANNEL, f: 'y' })]) {
      await store.pubsub.publish('agent-follows', raw);
    }
    await settle();
    expect(b.stats()).toEqual({ channels: 0, follows: 0 });
    await store.pubsub.publish('agent-follows', JSON.stringify({ i: 'x', c: CHANNEL, f: 'y' }));
    await settle();
    expect(b.othersFollow(CHANNEL)).toBe(true);
    b.close();
    expect(b.othersFollow(CHANNEL)).toBe(false);
  });
});
