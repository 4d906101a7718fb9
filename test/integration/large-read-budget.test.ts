import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXPAND_LIST_MAX_BYTES } from '../../src/domain/plan.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { advanceClocks, createSumvinSession } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

/**
 * The process's budget for expanded answers (LARGE_READ_BUDGET_BYTES): operations that would
 * expand while the budget is spent read windows instead, with the same data; the budget is given
 * back when each operation ends.
 */
const INBOX = `{ sessions(first: 5) { edges { node { id title ... on ChatSession { messages(last: 3) { edges { node { text } } } } } } } }`;
const OPEN = `query($id: ID!) { session(id: $id) { title messages(last: 4) { edges { node { text } } } } }`;
const as = { as: 'dora' };
const WINDOWS = 'GET /v0/chat/sessions/:session_id/messages';

function stackWith(budgetBytes: number): Promise<Stack> {
  return startStack({ app: { largeReadBudgetBytes: budgetBytes } });
}

async function seed(stack: Stack): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await createSumvinSession(stack, 'dora', { id: `cs-budget-${i}`, title: `chat ${i}`, messages: 6 + i });
    advanceClocks(stack, 1000);
  }
  stack.sumvin.controls.setLatency(30);
}

/** The last three message texts of session i (seeded with 6 + i messages). */
const lastThree = (i: number) => [3, 2, 1].map((k) => `chat ${i} message ${6 + i - k}`);

type Inbox = { sessions: { edges: Array<{ node: { title: string; messages: { edges: Array<{ node: { text: string } }> } } }> } };

describe('budget for one expanded list', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await stackWith(EXPAND_LIST_MAX_BYTES);
    await seed(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => stack.resetCalls());

  it('two inboxes at once: one expands, the other reads one window per session, both right', async () => {
    const [a, b] = await Promise.all([stack.gql<Inbox>(INBOX, {}, as), stack.gql<Inbox>(INBOX, {}, as)]);
    for (const res of [a, b]) {
      const edges = dataOf(res).sessions.edges;
      expect(edges.map((e) => e.node.title)).toEqual(['chat 4', 'chat 3', 'chat 2', 'chat 1', 'chat 0']);
      expect(edges.map((e) => e.node.messages.edges.map((m) => m.node.text))).toEqual([4, 3, 2, 1, 0].map(lastThree));
    }
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 2, [WINDOWS]: 5 });
  });

  it('gives the budget back when an operation ends: the next inbox alone expands (one call)', async () => {
    await Promise.all([stack.gql<Inbox>(INBOX, {}, as), stack.gql<Inbox>(INBOX, {}, as)]);
    stack.resetCalls();
    const res = await stack.gql<Inbox>(INBOX, {}, as);
    expect(dataOf(res).sessions.edges[0]!.node.messages.edges.map((m) => m.node.text)).toEqual(lastThree(4));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
  });
});

describe('no budget (0)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await stackWith(0);
    await seed(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => stack.resetCalls());

  it('opening a conversation reads the session, then the window its count places (2 calls, 2 round trips)', async () => {
    const res = await stack.gql<{ session: { title: string; messages: { edges: Array<{ node: { text: string } }> } } }>(OPEN, { id: encodeGlobalId('ChatSession', 'cs-budget-2') }, as);
    const session = dataOf(res).session;
    expect(session.title).toBe('chat 2');
    expect(session.messages.edges.map((e) => e.node.text)).toEqual(['chat 2 message 4', 'chat 2 message 5', 'chat 2 message 6', 'chat 2 message 7']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1, [WINDOWS]: 1 });
    expect(stack.trips()).toMatchObject({ calls: 2, roundTrips: 2 });
  });

  it('the inbox with messages reads the list, then one window per session', async () => {
    const res = await stack.gql<Inbox>(INBOX, {}, as);
    expect(dataOf(res).sessions.edges.map((e) => e.node.messages.edges.map((m) => m.node.text))).toEqual([4, 3, 2, 1, 0].map(lastThree));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1, [WINDOWS]: 5 });
  });
});
