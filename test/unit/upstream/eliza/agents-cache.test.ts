import { describe, expect, it } from 'vitest';
import { AgentsCache } from '../../../../src/upstream/eliza/agents.js';
import type { ElizaAgentSummary } from '../../../../src/upstream/eliza/types.js';

const ada: ElizaAgentSummary = { id: '3f6b1c2e-8a4d-4e57-9b1a-0c2d3e4f5a61', name: 'Ada', characterName: 'Ada', bio: '', status: 'active' };

describe('AgentsCache', () => {
  it('answers from the kept list until it is maxAgeMs old, then loads again', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = new AgentsCache(async () => {
      loads++;
      return [ada];
    }, () => now);
    expect(await cache.get(5_000)).toEqual([ada]);
    now += 4_999;
    await cache.get(5_000);
    expect(loads).toBe(1);
    now += 1;
    await cache.get(5_000);
    expect(loads).toBe(2);
  });

  it('shares one load between concurrent callers and keeps no failure', async () => {
    let loads = 0;
    let fail = true;
    const cache = new AgentsCache(async () => {
      loads++;
      await new Promise((r) => setImmediate(r));
      if (fail) throw new Error('down');
      return [ada];
    });
    const both = await Promise.allSettled([cache.get(5_000), cache.get(5_000)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(loads).toBe(1);
    fail = false;
    expect(await cache.get(5_000)).toEqual([ada]);
    expect(loads).toBe(2);
  });
});
