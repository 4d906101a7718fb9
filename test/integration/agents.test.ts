/** `Query.agents` over the Eliza emulator: the list, the per-process cache, and names refused as agent ids. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codesOf, dataOf, startStack, type Stack } from '../support/stack.js';

const AGENTS = '{ agents { id name characterName bio status } }';
const LIST = 'GET /api/agents';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => stack.resetCalls());

describe('Query.agents', () => {
  it('lists the agents with id, name and status from GET /api/agents', async () => {
    const { agents } = dataOf<{ agents: Array<Record<string, unknown>> }>(await stack.gql(AGENTS));
    expect(agents.map((a) => a.name)).toEqual(['Ada', 'TestAgent', 'Turing']);
    expect(agents[0]).toEqual({
      id: '3f6b1c2e-8a4d-4e57-9b1a-0c2d3e4f5a61',
      name: 'Ada',
      characterName: 'Ada',
      bio: 'Answers questions about travel plans.',
      status: 'ACTIVE',
    });
  });

  it('answers repeated and concurrent asks from one upstream call while the list is fresh', async () => {
    // a fresh stack: nothing cached yet
    const own = await startStack();
    try {
      own.resetCalls();
      const all = await Promise.all([own.gql<{ agents: unknown[] }>(AGENTS), own.gql<{ agents: unknown[] }>(AGENTS, {}, { as: 'bob' }), own.gql<{ agents: unknown[] }>(AGENTS)]);
      for (const r of all) expect(dataOf<{ agents: unknown[] }>(r).agents).toHaveLength(3);
      await own.gql(AGENTS);
      expect(own.calls().eliza).toEqual({ [LIST]: 1 });
      expect(own.calls().total).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('needs a caller', async () => {
    const res = await stack.gql(AGENTS, undefined, { as: null });
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls().total).toBe(0);
  });

  it('an upstream failure is an error, and is not kept: the next ask calls again', async () => {
    const own = await startStack({ eliza: {} });
    try {
      own.eliza!.controls.setFailure({ status: 500, rate: 1, routes: [LIST] });
      const failed = await own.gql(AGENTS);
      expect(codesOf(failed)).toEqual(['UPSTREAM_UNAVAILABLE']);
      own.eliza!.controls.setFailure(null);
      expect(dataOf<{ agents: unknown[] }>(await own.gql(AGENTS)).agents).toHaveLength(3);
    } finally {
      await own.close();
    }
  });
});

describe('createAgentSession with an agent name', () => {
  it('is refused before any upstream call, saying where the ids are', async () => {
    const res = await stack.gql('mutation { createAgentSession(input: { agentId: "Ada" }) { session { id } } }');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agentId' });
    expect(res.body.errors?.[0]?.message).toContain('query { agents { id name } }');
    expect(stack.calls().total).toBe(0);
  });
});
