import { describe, expect, it } from 'vitest';
import { openSharedState } from '../../../src/state/index.js';
import type { ElizaSessionSource } from '../../../src/upstream/eliza/session-stream.js';
import type { ElizaSession } from '../../../src/upstream/eliza/types.js';

/** A global list whose content the test changes between passes; counts the passes. */
function fakeSource(initial: Array<[string, string]>) {
  let listed = initial;
  let reads = 0;
  let failNext = false;
  const source: ElizaSessionSource = {
    async *all() {
      reads++;
      if (failNext) {
        failNext = false;
        throw new Error('list failed');
      }
      for (const [sessionId, userId] of listed) yield { sessionId, userId } as ElizaSession;
    },
  };
  return {
    source,
    reads: () => reads,
    set: (next: Array<[string, string]>) => void (listed = next),
    failOnce: () => void (failNext = true),
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('the reconciler (memory store, as `npm start` runs it)', () => {
  it('builds the index at start, then follows the list every interval; a failed pass changes nothing', async () => {
    const list = fakeSource([['s1', 'a'], ['s2', 'b']]);
    const warnings: string[] = [];
    const shared = await openSharedState({ reconcileIntervalMs: 40, sweepMarginMs: 0 }, list.source, {
      info() {},
      warn: (_o, m) => void warnings.push(m),
    });
    try {
      expect(await shared.reconciler.first).toEqual({ ran: true, seen: 2, removed: 0 });
      expect(await shared.store.index.lookup(['s1', 's2'])).toEqual([{ owner: 'a' }, { owner: 'b' }]);
      expect(await shared.store.index.lastPass()).not.toBeNull();

      list.failOnce();
      const before = list.reads();
      await until(async () => list.reads() > before && warnings.length > 0);
      expect(warnings).toEqual(['ownership index reconcile failed']);
      expect(await shared.store.index.size()).toBe(2);

      list.set([['s2', 'b'], ['s3', 'a']]);
      await until(async () => (await shared.store.index.lookup(['s3']))[0]!.owner === 'a');
      await until(async () => (await shared.store.index.lookup(['s1']))[0]!.expiredOwner === 'a');
      expect((await shared.store.index.sessionsOf('a')).sort()).toEqual(['s3']);
    } finally {
      await shared.close();
    }
    const reads = list.reads();
    await new Promise((r) => setTimeout(r, 100));
    expect(list.reads()).toBe(reads);
  });
});
