import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createSumvinSession } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

/** The read planner's fallbacks and the cases where it must not expand (see also screens.test.ts). */
let stack: Stack;
const big = encodeGlobalId('ChatSession', 'cs-big');

beforeAll(async () => {
  stack = await startStack();
  // one session whose expanded answer is over both caps: 110 messages of 10,000 characters (about 1.1 MB)
  await createSumvinSession(stack, 'dave', { id: 'cs-big', title: 'big', texts: Array.from({ length: 110 }, (_, i) => `${i}:`.padEnd(10_000, 'x')) });
  for (let i = 0; i < 30; i++) await createSumvinSession(stack, 'erin', { id: `cs-erin-${i}`, title: `erin ${i}`, messages: 5 });
  stack.sumvin.controls.setLatency(10);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => stack.resetCalls());

type Messages = { edges: Array<{ node: { text: string } }> };

describe('read planner fallbacks', () => {
  it('a session whose expanded answer is over the cap is read again plainly: GET, then the newest window', async () => {
    const data = dataOf<{ session: { title: string; messages: Messages } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { title messages(last: 2) { edges { node { text } } } } }`, { id: big }, { as: 'dave' }),
    );
    expect(data.session.messages.edges.map((e) => e.node.text.slice(0, 3))).toEqual(['108', '109']);
    // the expanded GET (refused: over EXPAND_SESSION_MAX_BYTES), the plain GET, then the window
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 2, 'GET /v0/chat/sessions/:session_id/messages': 1 });
    expect(stack.trips()).toMatchObject({ calls: 3, roundTrips: 3 });
  });

  it('an inbox page whose expanded answer is over the cap falls back to the plain list and one window per session', async () => {
    const data = dataOf<{ sessions: { edges: Array<{ node: { title: string; messages: Messages } }> } }>(
      await stack.gql(`{ sessions(first: 1, provider: SUMVIN) { edges { node { title messages(last: 1) { edges { node { text } } } } } } }`, {}, { as: 'dave' }),
    );
    expect(data.sessions.edges[0]!.node.messages.edges[0]!.node.text.slice(0, 4)).toBe('109:');
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 2, 'GET /v0/chat/sessions/:session_id/messages': 1 });
  });

  it('a page larger than the expand limit: the list, then its windows all at once, using the counts from the list', async () => {
    const data = dataOf<{ sessions: { edges: Array<{ node: { messages: Messages } }> } }>(
      await stack.gql(`{ sessions(first: 30, provider: SUMVIN) { edges { node { title messages(last: 2) { edges { node { text } } } } } } }`, {}, { as: 'erin' }),
    );
    expect(data.sessions.edges).toHaveLength(30);
    expect(data.sessions.edges.every((e) => e.node.messages.edges.length === 2)).toBe(true);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1, 'GET /v0/chat/sessions/:session_id/messages': 30 });
    // no count call: the windows wait for the list only, then run 10 at a time (the operation's
    // fan-out limit; a slot freed early starts the next window, so the chain length varies)
    const log = stack.sumvin.controls.requestSpans();
    const listEnd = log.find((r) => r.route === 'GET /v0/chat/sessions')!.end!;
    expect(log.filter((r) => r.route !== 'GET /v0/chat/sessions').every((r) => r.start >= listEnd)).toBe(true);
    expect(stack.trips().roundTrips).toBeGreaterThanOrEqual(4);
  });

  it('node(id) and nodes(ids) plan chat sessions the same way as session(id)', async () => {
    const ids = [0, 1].map((i) => encodeGlobalId('ChatSession', `cs-erin-${i}`));
    const one = dataOf<{ node: { messages: Messages } }>(
      await stack.gql(`query($id: ID!) { node(id: $id) { ... on ChatSession { title messages(last: 2) { edges { node { text } } } } } }`, { id: ids[0] }, { as: 'erin' }),
    );
    expect(one.node.messages.edges.map((e) => e.node.text)).toEqual(['erin 0 message 3', 'erin 0 message 4']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1 });
    stack.resetCalls();
    const many = dataOf<{ nodes: Array<{ messages: Messages }> }>(
      await stack.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Session { messages(first: 1) { edges { node { text } } } } } }`, { ids }, { as: 'erin' }),
    );
    expect(many.nodes.map((n) => n.messages.edges[0]!.node.text)).toEqual(['erin 0 message 0', 'erin 1 message 0']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id/messages': 2 });
    expect(stack.trips()).toMatchObject({ calls: 2, roundTrips: 1 });
  });
});
