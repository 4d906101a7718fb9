/** AgentFollows over the in-memory pub/sub: two instances hear the follows each other runs, not their own. */
import { describe, expect, it } from 'vitest';
import { AgentFollows } from '../../../src/state/live/agent-follows.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';

const CHANNEL = '0b4f5c7e-1d2a-4e3b-9c8d-7e6f5a4b3c2d';
const OTHER = '1c5a6d8f-2e3b-4f4c-8d9e-8f7a6b5c4d3e';
const settle = () => new Promise((r) => setTimeout(r, 5));

/** Two instances on one pub/sub, both listening, with a clock the test moves. */
async function pair(clock: { t: number }) {
  const store = createMemoryStore();
  const now = () => clock.t;
  const a = new AgentFollows(store.pubsub, 1_000, now);
  const b = new AgentFollows(store.pubsub, 1_000, now);
  await Promise.all([a.ready, b.ready]);
  const close = async () => {
    a.close();
    b.close();
    await store.close();
  };
  return { store, a, b, close };
}

describe('AgentFollows', () => {
  it('a follow of another instance counts for follows it overlaps: from its start until its reply; never its own', async () => {
    const clock = { t: 100 };
    const { a, b, close } = await pair(clock);
    const f = a.announce(CHANNEL);
    await settle();
    expect(b.othersFollow(CHANNEL, 100)).toBe(true);
    expect(b.othersFollow(OTHER, 100)).toBe(false);
    expect(a.othersFollow(CHANNEL, 100)).toBe(false);
    clock.t = 200;
    f.replied();
    f.replied(); // once only
    await settle();
    // a follow on B that started before the reply overlapped it; one that starts after did not
    expect(b.othersFollow(CHANNEL, 150)).toBe(true);
    expect(b.othersFollow(CHANNEL, 200)).toBe(false);
    expect(b.othersFollow(CHANNEL, 250)).toBe(false);
    expect(b.stats()).toEqual({ channels: 1, follows: 1 });
    await close();
  });

  it('a follow that never announces its reply (timed out, failed) counts for the reply deadline and a margin, then is forgotten', async () => {
    const clock = { t: 0 };
    const { a, b, close } = await pair(clock);
    a.announce(CHANNEL);
    await settle();
    clock.t = 5_999;
    expect(b.othersFollow(CHANNEL, 5_000)).toBe(true);
    clock.t = 6_000;
    expect(b.othersFollow(CHANNEL, 5_000)).toBe(false);
    expect(b.stats()).toEqual({ channels: 0, follows: 0 });
    await close();
  });

  it('ignores announcements that are not its own shape', async () => {
    const clock = { t: 0 };
    const { store, b, close } = await pair(clock);
    for (const raw of ['not json', 'null', '[]', '{}', JSON.stringify({ i: 'x', c: CHANNEL }), JSON.stringify({ i: 'x', c: 'a/b', f: 'y' }), JSON.stringify({ i: 'x', c: CHANNEL, f: 'y', e: 2 }), JSON.stringify({ i: 'x'.repeat(65), c: CHANNEL, f: 'y' })]) {
      await store.pubsub.publish('agent-follows', raw);
    }
    await settle();
    expect(b.stats()).toEqual({ channels: 0, follows: 0 });
    await store.pubsub.publish('agent-follows', JSON.stringify({ i: 'x', c: CHANNEL, f: 'y' }));
    await settle();
    expect(b.othersFollow(CHANNEL, 0)).toBe(true);
    b.close();
    expect(b.othersFollow(CHANNEL, 0)).toBe(false);
    await close();
  });
});
