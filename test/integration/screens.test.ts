import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { advanceClocks, createElizaSession, createSumvinSession, sendElizaMessage } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

/**
 * The screens of a chat app, each at its lower bound of upstream calls and sequential round trips
 * (README "Upstream calls per screen"). Round trips come from the emulators' request logs: the
 * longest chain of requests that do not overlap. The emulators answer after a few milliseconds so
 * that requests sent together overlap; the tests assert counts, never times.
 */
let stack: Stack;
const chats: string[] = [];
const agents: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  for (let i = 0; i < 10; i++) {
    await createSumvinSession(stack, 'carol', { id: `cs-screen-${i}`, title: `chat ${i}`, messages: i === 0 ? 120 : 4 + i });
    chats.push(encodeGlobalId('ChatSession', `cs-screen-${i}`));
    const agent = await createElizaSession(stack, 'carol', { title: `agent ${i}` });
    await sendElizaMessage(stack, agent, `hello ${i}`);
    agents.push(encodeGlobalId('AgentSession', agent));
    advanceClocks(stack, 1000);
  }
  stack.sumvin.controls.setLatency(30);
  stack.eliza!.controls.setLatency(30);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => stack.resetCalls());

type Page = { edges: Array<{ cursor: string; node: { text: string } }> };
const as = { as: 'carol' };

describe('upstream calls and round trips per screen', () => {
  it('inbox: 20 sessions across both providers in 2 calls, 1 round trip', async () => {
    const data = dataOf<{ sessions: { edges: unknown[] } }>(
      await stack.gql(`{ sessions(first: 20) { edges { node { id title lastActivityAt ... on ChatSession { preview } } } pageInfo { hasNextPage endCursor } } }`, {}, as),
    );
    expect(data.sessions.edges).toHaveLength(20);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1 });
    expect(stack.trips()).toMatchObject({ calls: 2, roundTrips: 1 });
  });

  it('inbox with the last 3 messages of each: Sumvin in one call (expand=messages), Eliza one per session', async () => {
    const data = dataOf<{ sessions: { edges: Array<{ node: { title: string; messages: Page } }> } }>(
      await stack.gql(`{ sessions(first: 20) { edges { node { id title messages(last: 3) { edges { cursor node { text } } } } } } }`, {}, as),
    );
    expect(data.sessions.edges).toHaveLength(20);
    const chat0 = data.sessions.edges.find((e) => e.node.title === 'chat 0')!;
    expect(chat0.node.messages.edges.map((e) => e.node.text)).toEqual(['chat 0 message 117', 'chat 0 message 118', 'chat 0 message 119']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1, 'GET /api/messaging/sessions/:sessionId/messages': 10 });
    // Eliza has no expand: its windows wait for its list
    expect(stack.trips()).toMatchObject({ calls: 12, roundTrips: 2 });
  });

  it('open a conversation: the session and its newest 50 messages in 1 call, 1 round trip', async () => {
    const data = dataOf<{ session: { title: string; messageCount: number; messages: Page } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { id title messageCount messages(last: 50) { edges { cursor node { text } } pageInfo { hasPreviousPage startCursor } } } }`, { id: chats[0] }, as),
    );
    expect(data.session.messages.edges).toHaveLength(50);
    expect(data.session.messages.edges[49]!.node.text).toBe('chat 0 message 119');
    expect(stack.trips()).toMatchObject({ calls: 1, roundTrips: 1 });
  });

  it('open an agent conversation: the session and its newest 50 start together, 2 calls, 1 round trip', async () => {
    const data = dataOf<{ session: { title: string; messages: Page } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { id title messages(last: 50) { edges { cursor node { text } } } } }`, { id: agents[3] }, as),
    );
    expect(data.session.messages.edges.map((e) => e.node.text)).toEqual(['hello 3', 'TestAgent received: hello 3']);
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions/:sessionId': 1, 'GET /api/messaging/sessions/:sessionId/messages': 1 });
    expect(stack.trips()).toMatchObject({ calls: 2, roundTrips: 1 });
    // someone else's agent session: nothing is read ahead, and it is NOT_FOUND as before
    stack.resetCalls();
    const foreign = await stack.gql(`query($id: ID!) { session(id: $id) { title messages(last: 50) { edges { node { text } } } } }`, { id: agents[3] }, { as: 'mallory' });
    expect(foreign.body.data?.session).toBeNull();
    expect(stack.calls().eliza['GET /api/messaging/sessions/:sessionId/messages']).toBeUndefined();
  });

  it('scroll back 50 before a cursor: 1 call, 1 round trip (no session GET, the count is in the cursor)', async () => {
    const first = dataOf<{ session: { messages: Page } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { messages(last: 50) { edges { cursor node { text } } } } }`, { id: chats[0] }, as),
    );
    stack.resetCalls();
    const before = first.session.messages.edges[0]!.cursor;
    const data = dataOf<{ session: { messages: Page } }>(
      await stack.gql(`query($id: ID!, $before: String) { session(id: $id) { messages(last: 50, before: $before) { edges { node { text } } pageInfo { hasPreviousPage } } } }`, { id: chats[0], before }, as),
    );
    expect(data.session.messages.edges.map((e) => e.node.text)[0]).toBe('chat 0 message 20');
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id/messages': 1 });
    expect(stack.trips()).toMatchObject({ calls: 1, roundTrips: 1 });
  });

  it('deep link: 10 mixed nodes, one call per chat session and one list call for the agents, 1 round trip', async () => {
    const ids = [...chats.slice(0, 5), ...agents.slice(0, 5)];
    const data = dataOf<{ nodes: Array<{ id: string }> }>(
      await stack.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Session { title } } }`, { ids }, as),
    );
    expect(data.nodes.map((n) => n.id)).toEqual(ids);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 5 });
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1 });
    expect(stack.trips()).toMatchObject({ calls: 6, roundTrips: 1 });
  });
});
