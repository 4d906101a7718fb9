import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';
import { startStack, type Stack } from '../support/stack.js';
import { elizaReadCases, type ElizaReadTarget } from './eliza-read.cases.js';

describe('Eliza read side against the emulator', () => {
  let stack: Stack;
  const target = {} as ElizaReadTarget;
  beforeAll(async () => {
    stack = await startStack();
    Object.assign(target, { stack, agentId: DEFAULT_AGENTS[0]!.id });
  });
  afterAll(async () => {
    await stack?.close();
  });
  for (const [name, run] of Object.entries(elizaReadCases)) it(name, () => run(target));
});
