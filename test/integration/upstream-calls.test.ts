import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeByIdDocument } from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createElizaSession, createSumvinSession, sendElizaMessage } from '../support/seed.js';
import { codesOf, dataOf, startStack, type Stack } from '../support/stack.js';

/** Exact upstream calls per query shape, read from the emulators' request counters. */
let stack: Stack;
let chat: string;
const agents: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  await createSumvinSession(stack, 'alice', { id: 'cs-one', title: 'one', messages: 30 });
  await createSumvinSession(stack, 'alice', { id: 'cs-two', title: 'two', messages: 3 });
  for (let i = 0; i < 3; i++) {
    const id = await createElizaSession(stack, 'alice', { title: `agent ${i}` });
    await sendElizaMessage(stack, id, `hello ${i}`);
    agents.push(encodeGlobalId('AgentSession', id));
  }
  chat = encodeGlobalId('ChatSession', 'cs-one');
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => stack.resetCalls());

describe('upstream calls per query shape', () => {
  it('a chat session with its newest messages: one GET session?expand=messages (the count and the messages together)', async () => {
    const data = dataOf<{ session: { title: string; messages: { edges: Array<{ node: { text: string } }> } } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { title messages(last: 20) { edges { node { text } } } } }`, { id: chat }),
    );
    expect(data.session.messages.edges.map((e) => e.node.text)).toEqual(Array.from({ length: 20 }, (_, i) => `one message ${i + 10}`));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1 });
    expect(stack.sumvin.controls.requestSpans().map((r) => r.route)).toEqual(['GET /v0/chat/sessions/:session_id']);
    expect(stack.calls().eliza).toEqual({});
  });

  it('a chat session and a window placed without the count: the GET and the window start together', async () => {
    stack.sumvin.controls.setLatency(30);
    try {
      dataOf(await stack.gql(`query($id: ID!) { session(id: $id) { title messages(first: 5) { edges { node { text } } } } }`, { id: chat }));
      expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1, 'GET /v0/chat/sessions/:session_id/messages': 1 });
      expect(stack.trips()).toMatchObject({ calls: 2, roundTrips: 1 });
    } finally {
      stack.sumvin.controls.setLatency(0);
    }
  });

  it('only message fields selected: no session GET, and a missing session is still NOT_FOUND on `session`', async () => {
    dataOf(await stack.gql(`query($id: ID!) { session(id: $id) { id messages(first: 5) { edges { node { text } } } } }`, { id: chat }));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id/messages': 1 });
    const missing = await stack.gql(`query($id: ID!) { session(id: $id) { messages(first: 5) { edges { node { text } } } } }`, {
      id: encodeGlobalId('ChatSession', 'cs-nope'),
    });
    expect(missing.body.data?.session).toBeNull();
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
    const foreign = await stack.gql(`query($id: ID!) { session(id: $id) { messages(first: 5) { edges { node { text } } } } }`, { id: chat }, { as: 'bob' });
    expect(foreign.body.data?.session).toBeNull();
    expect(codesOf(foreign)).toEqual(['NOT_FOUND']);
  });

  it('identical and overlapping windows in one request cost one call', async () => {
    dataOf(
      await stack.gql(
        `query($id: ID!) { session(id: $id) {
          a: messages(first: 5) { edges { node { text } } }
          b: messages(first: 5) { edges { node { text } } }
          c: messages(first: 12) { edges { node { text } } }
        } }`,
        { id: chat },
      ),
    );
    // only message fields selected: the windows alone, joined into one call
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id/messages': 1 });
    expect(stack.calls().total).toBe(1);
  });

  it('Eliza windows that nest (newest 5 and newest 10) cost one call', async () => {
    const res = dataOf<{ session: { a: { edges: unknown[] }; b: { edges: unknown[] } } }>(
      await stack.gql(
        `query($id: ID!) { session(id: $id) {
          a: messages(last: 1) { edges { node { text } } }
          b: messages(last: 2) { edges { node { text } } }
        } }`,
        { id: agents[0] },
      ),
    );
    expect(res.session.a.edges).toHaveLength(1);
    expect(res.session.b.edges).toHaveLength(2);
    expect(stack.calls().eliza).toEqual({
      'GET /api/messaging/sessions/:sessionId': 1,
      'GET /api/messaging/sessions/:sessionId/messages': 1,
    });
  });

  it('message.session reuses the loaded session: no extra call', async () => {
    const data = dataOf<{ session: { messages: { edges: Array<{ node: { session: { title: string } } }> } } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { messages(first: 10) { edges { node { session { title } } } } } }`, { id: chat }),
    );
    expect(data.session.messages.edges.map((e) => e.node.session.title)).toEqual(Array(10).fill('one'));
    expect(stack.calls().total).toBe(2);
  });

  it('the merged list costs one list call per provider, and its sessions are not fetched again', async () => {
    dataOf(await stack.gql(`{ sessions(first: 10) { edges { node { id title } } } }`));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1 });
  });

  it('the merged list with messages: Sumvin in one expanded list call, Eliza one messages call per session shown', async () => {
    const data = dataOf<{ sessions: { edges: Array<{ node: { messages: { edges: Array<{ node: { text: string } }> } } }> } }>(
      await stack.gql(`{ sessions(first: 10) { edges { node { messages(last: 2) { edges { node { text session { id } } } } } } } }`),
    );
    expect(data.sessions.edges.map((e) => e.node.messages.edges.map((m) => m.node.text))).toContainEqual(['one message 28', 'one message 29']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1, 'GET /api/messaging/sessions/:sessionId/messages': 3 });
  });

  it('nodes() of several agent sessions costs one list call', async () => {
    const data = dataOf<{ nodes: Array<{ title: string }> }>(
      await stack.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Session { title } } }`, { ids: agents }),
    );
    expect(data.nodes.map((n) => n.title)).toEqual(['agent 0', 'agent 1', 'agent 2']);
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1 });
  });

  it('the same session asked twice in one request is fetched once', async () => {
    dataOf(await stack.gql(`query($id: ID!) { a: session(id: $id) { title } b: node(id: $id) { id } }`, { id: chat }));
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1 });
  });

  it('loaders live for one request: a second request asks again', async () => {
    await stack.gql(`query($id: ID!) { session(id: $id) { title } }`, { id: chat });
    await stack.gql(`query($id: ID!) { session(id: $id) { title } }`, { id: chat });
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 2 });
  });
});

describe('node lookups', () => {
  it('a chat message by global id, with its session, in one call', async () => {
    const page = dataOf<{ session: { messages: { edges: Array<{ node: { id: string } }> } } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { messages(first: 3) { edges { node { id } } } } }`, { id: chat }),
    );
    const messageId = page.session.messages.edges[2]!.node.id;
    stack.resetCalls();
    const res = dataOf(await stack.op(NodeByIdDocument, { id: messageId }));
    expect(res.node).toEqual({ __typename: 'Message', id: messageId, text: 'one message 2', role: 'USER', session: { id: chat, title: 'one' } });
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1 });
  });

  it('an agent message by global id', async () => {
    const page = dataOf<{ session: { messages: { edges: Array<{ node: { id: string } }> } } }>(
      await stack.gql(`query($id: ID!) { session(id: $id) { messages(last: 1) { edges { node { id } } } } }`, { id: agents[1] }),
    );
    const messageId = page.session.messages.edges[0]!.node.id;
    const res = dataOf(await stack.op(NodeByIdDocument, { id: messageId }));
    expect(res.node).toEqual({
      __typename: 'Message',
      id: messageId,
      text: 'TestAgent received: hello 1',
      role: 'ASSISTANT',
      session: { id: agents[1], title: 'agent 1' },
    });
  });

  it('sessions by global id on both providers', async () => {
    expect(dataOf(await stack.op(NodeByIdDocument, { id: chat })).node).toEqual({ __typename: 'ChatSession', id: chat, provider: 'SUMVIN', title: 'one' });
    expect(dataOf(await stack.op(NodeByIdDocument, { id: agents[2]! })).node).toEqual({
      __typename: 'AgentSession',
      id: agents[2],
      provider: 'ELIZA',
      title: 'agent 2',
    });
  });

  it('another user gets NOT_FOUND for sessions and messages alike', async () => {
    for (const id of [chat, agents[0]!]) {
      const res = await stack.op(NodeByIdDocument, { id }, { as: 'bob' });
      expect(res.body.data?.node).toBeNull();
      expect(codesOf(res)).toEqual(['NOT_FOUND']);
    }
  });

  it('unknown ids are NOT_FOUND; malformed ones BAD_USER_INPUT, without upstream calls', async () => {
    const unknown = await stack.op(NodeByIdDocument, { id: encodeGlobalId('ChatSession', 'cs-nope') });
    expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
    const unknownAgent = await stack.op(NodeByIdDocument, { id: encodeGlobalId('AgentSession', '11111111-2222-4333-8444-555555555555') });
    expect(codesOf(unknownAgent)).toEqual(['NOT_FOUND']);
    stack.resetCalls();
    for (const id of ['!!', 'abc', encodeGlobalId('Nope', '1'), encodeGlobalId('ChatSession', '..'), encodeGlobalId('AgentSession', 'not-a-uuid'), encodeGlobalId('Message', '[1]')]) {
      const res = await stack.op(NodeByIdDocument, { id });
      expect(codesOf(res), id).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.calls().total).toBe(0);
  });
});

describe('upstream call budget per operation', () => {
  it('refuses nodes() with more than 100 ids, and an operation needing more than 120 calls to one upstream', async () => {
    const tooMany = await stack.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill(chat) });
    expect(codesOf(tooMany)).toEqual(['BAD_USER_INPUT']);
    stack.resetCalls();
    const ids = (from: number) => Array.from({ length: 70 }, (_, i) => encodeGlobalId('ChatSession', `cs-missing-${from + i}`));
    const res = await stack.gql(`query($a: [ID!]!, $b: [ID!]!) { a: nodes(ids: $a) { id } b: nodes(ids: $b) { id } }`, { a: ids(0), b: ids(70) });
    expect(codesOf(res)).toContain('BAD_USER_INPUT');
    expect(res.body.errors!.map((e) => e.message)).toContain('query: this operation needs more than 120 Sumvin calls; ask for fewer items');
    // calls already in flight may finish, queued ones are not sent: at most one batch of 10
    await new Promise((r) => setTimeout(r, 50));
    expect(stack.calls().sumvin['GET /v0/chat/sessions/:session_id'] ?? 0).toBeLessThanOrEqual(130);
  });
});

describe('nodes() item errors', () => {
  it('an unknown or foreign id is null with its own error; the other items load, batched', async () => {
    const missing = encodeGlobalId('ChatSession', 'cs-missing');
    const res = await stack.gql<{ nodes: Array<{ id: string } | null> }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [agents[0], missing, agents[1], chat] },
    );
    expect(res.body.data?.nodes).toEqual([{ id: agents[0] }, null, { id: agents[1] }, { id: chat }]);
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['nodes', 1], 'NOT_FOUND']]);
    expect(stack.calls().eliza).toEqual({ 'GET /api/messaging/sessions': 1 });
  });
});
