/**
 * The agent-session mutations against the real ElizaOS server (`@elizaos/server` 1.7.2 from
 * test/eliza-real, with a canned model so TestAgent replies). The facade reaches it through a
 * counting proxy (agent-mutations.tap.ts), which gives the cases the same call counts and fault
 * injection the emulator offers. Cases that move the clock run on the emulator only.
 * Needs `npm ci --prefix test/eliza-real` once; one server per file (it is rate-limited per client).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { startStack, type Stack } from '../support/stack.js';
import { agentCases, ROUTES, type AgentTarget } from './agent-mutations.cases.js';
import { startElizaTap, type ElizaTap } from './agent-mutations.tap.js';

describe('agent-session mutations: real ElizaOS server', () => {
  let real: RealEliza | undefined;
  let tap: ElizaTap | undefined;
  let stack: Stack | undefined;

  const target = (): AgentTarget => {
    if (!real || !tap || !stack) throw new Error('real Eliza server not started');
    const t = tap;
    return {
      name: 'real',
      stack,
      agentId: real.agentId,
      elizaCalls: () => t.counts(),
      resetElizaCalls: () => t.resetCounts(),
      failRoute: (route, status) => {
        t.clear();
        t.fail(route, status);
      },
      clearFaults: () => t.clear(),
    };
  };

  beforeAll(async () => {
    real = await startRealEliza();
    tap = await startElizaTap(real.url);
    stack = await startStack({ elizaUrl: tap.url });
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await tap?.close();
    await real?.stop();
  });

  it('runs TestAgent under its fixed id', () => {
    expect(target().agentId).toBe('6a979d09-1ed2-0632-8092-624ba27761eb');
  });

  for (const c of agentCases.filter((x) => !x.needsClock)) {
    it(c.name, async () => {
      await c.run(target());
    }, c.timeoutMs);
  }

  // 1000 requests per 15 minutes per client, the agent's own calls included
  it('the cases leave most of the rate-limit budget unused', async () => {
    const res = await fetch(`${real!.url}${ROUTES.health.split(' ')[1]}`);
    await res.arrayBuffer();
    expect(Number(res.headers.get('ratelimit-remaining'))).toBeGreaterThan(500);
  });
});
