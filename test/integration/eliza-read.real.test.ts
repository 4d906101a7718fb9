import { afterAll, beforeAll, describe, it } from 'vitest';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { startStack, type Stack } from '../support/stack.js';
import { elizaReadCases, type ElizaReadTarget } from './eliza-read.cases.js';

describe('Eliza read side against the real ElizaOS server', () => {
  let real: RealEliza;
  let stack: Stack;
  const target = {} as ElizaReadTarget;
  beforeAll(async () => {
    real = await startRealEliza();
    stack = await startStack({ elizaUrl: real.url });
    Object.assign(target, { stack, agentId: real.agentId });
  });
  afterAll(async () => {
    await stack?.close();
    await real?.stop();
  });
  for (const [name, run] of Object.entries(elizaReadCases)) it(name, () => run(target), 60_000);
});
