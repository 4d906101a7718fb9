/**
 * `Subscription.agentReply` against the real ElizaOS server (`@elizaos/server` 1.7.2 from
 * test/eliza-real, with a canned model: TestAgent answers "canned reply" and does not stream it in
 * pieces). The facade reaches it through the counting proxy of the mutation tests and is served over
 * real HTTP. Needs `npm ci --prefix test/eliza-real` once; one server per file.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { startStack, type Stack } from '../support/stack.js';
import { replyCases, type ReplyTarget } from './agent-reply.cases.js';
import { startElizaTap, type ElizaTap } from './agent-mutations.tap.js';

describe('Subscription.agentReply: real ElizaOS server', () => {
  let real: RealEliza | undefined;
  let tap: ElizaTap | undefined;
  let stack: Stack | undefined;
  let server: Server | undefined;
  let target: ReplyTarget | undefined;

  beforeAll(async () => {
    real = await startRealEliza();
    tap = await startElizaTap(real.url);
    stack = await startStack({ elizaUrl: tap.url });
    server = createHttpServer(stack.app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const t = tap;
    target = {
      name: 'real',
      stack,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      agentId: real.agentId,
      elizaCalls: () => t.counts(),
      resetElizaCalls: () => t.resetCounts(),
      failRoute: (route, status) => {
        t.clear();
        t.fail(route, status);
      },
      clearFaults: () => t.clear(),
      expectedReply: () => 'canned reply',
    };
  }, 90_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stack?.close();
    await tap?.close();
    await real?.stop();
  });

  it('runs TestAgent under its fixed id', () => {
    expect(target?.agentId).toBe('6a979d09-1ed2-0632-8092-624ba27761eb');
  });

  for (const c of replyCases) {
    it(c.name, async () => {
      if (!target) throw new Error('real Eliza server not started');
      await c.run(target);
    });
  }
});
