/**
 * The agent-session mutations against our Eliza emulator (the cases are in
 * agent-mutations.cases.ts; the same cases run against the real server in agent-mutations.real.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';
import { startStack, type Stack } from '../support/stack.js';
import { agentCases, type AgentTarget } from './agent-mutations.cases.js';

const TEST_AGENT = DEFAULT_AGENTS[0]!;

function emulatorTarget(stack: Stack): AgentTarget {
  const eliza = stack.eliza!;
  return {
    name: 'emulator',
    stack,
    agentId: TEST_AGENT.id,
    elizaCalls: () => stack.calls().eliza,
    resetElizaCalls: () => stack.resetCalls(),
    failRoute: (route, status) => eliza.controls.setFailure({ status, rate: 1, routes: [route] }),
    clearFaults: () => eliza.controls.setFailure(null),
    expectedReply: (text) => `${TEST_AGENT.name} received: ${text}`,
    advanceTime: (ms) => eliza.controls.clock.advance(ms),
  };
}

describe('agent-session mutations: emulator', () => {
  let stack: Stack;
  let clockStack: Stack;
  beforeAll(async () => {
    // replies on the default transport are stored 100 ms after the message, as "later" as on the real server
    stack = await startStack({ eliza: { replyDelayMs: 100 } });
    // the expiry cases move the emulator's clock; they get their own emulator
    clockStack = await startStack({ eliza: { replyDelayMs: 100 } });
  });
  afterAll(async () => {
    await stack?.close();
    await clockStack?.close();
  });

  it('the emulator’s TestAgent has the real server’s id', () => {
    expect(TEST_AGENT).toMatchObject({ id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent' });
  });

  for (const c of agentCases) {
    it(c.name, async () => {
      await c.run(emulatorTarget(c.needsClock ? clockStack : stack));
    }, c.timeoutMs);
  }
});
