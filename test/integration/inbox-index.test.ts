/**
 * The inbox and ownership checks served from the ownership index (the planner's switch set to
 * 0, so the index is used however small the deployment), against both store implementations:
 * this process's memory and a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createElizaSession } from '../support/seed.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { codesOf, dataOf, startStack, type Stack, type StoreKind } from '../support/stack.js';

const GET_ONE = 'GET /api/messaging/sessions/:sessionId';
const LIST = 'GET /api/messaging/sessions';
const INBOX = '{ sessions(first: 20, provider: ELIZA) { totalCount edges { node { id title } } } }';
const NODE = 'query($id: ID!) { node(id: $id) { id ... on AgentSession { title status } } }';
const CREATE = `mutation($agentId: String!, $metadata: JSONObject!) {
  createAgentSession(input: { agentId: $agentId, metadata: $metadata }) { session { id } }
}`;
const END = 'mutation($id: ID!) { endAgentSession(input: { sessionId: $id }) { endedId } }';
const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

const titlesOf = (res: Awaited<ReturnType<Stack['gql']>>) =>
  (dataOf(res) as { sessions: { edges: Array<{ node: { title: string } }> } }).sessions.edges.map((e) => e.node.title).sort();

describe.each<StoreKind>(['memory', 'redis'])('inbox and ownership from the index (%s store)', (kind) => {
  let stack: Stack;
  const others = 'other-user';
  beforeAll(async () => {
    stack = await startStack({
      inboxListMax: 0,
      store: kind === 'memory' ? 'memory' : { redisUrl: redis.url, keyPrefix: redis.prefix('inbox') },
      // other users hold 40 live sessions before the facade starts
      eliza: { seed: { sessions: [{ userId: '00000000-0000-4000-8000-0000000000aa', count: 40, messagesPerSession: 0 }] } },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists the caller’s sessions with one call per own session and no list call', async () => {
    const created = dataOf(await stack.gql<{ createAgentSession: { session: { id: string } } }>(CREATE, { agentId: AGENT, metadata: { title: 'made here' } }));
    await createElizaSession(stack, 'alice', { title: 'made elsewhere' });
    await createElizaSession(stack, others, { title: 'not alice’s' });
    stack.resetCalls();
    expect(titlesOf(await stack.gql(INBOX))).toEqual(['made elsewhere', 'made here']);
    expect(stack.calls().eliza).toEqual({ [GET_ONE]: 2 });
    expect(created.createAgentSession.session.id).toMatch(/.+/);
  });

  it('costs nothing upstream for a caller without agent sessions, however many others hold', async () => {
    stack.resetCalls();
    const res = await stack.gql<{ sessions: { totalCount: number } }>(INBOX, undefined, { as: 'nobody' });
    expect(dataOf(res).sessions.totalCount).toBe(0);
    expect(stack.calls().eliza).toEqual({});
  });

  it('refuses another user’s session as NOT_FOUND from the index, without an upstream call', async () => {
    const id = await createElizaSession(stack, 'alice', { title: 'private' });
    stack.resetCalls();
    const res = await stack.gql(NODE, { id: encodeGlobalId('AgentSession', id) }, { as: 'mallory' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.body.data).toEqual({ node: null });
    expect(stack.calls().eliza).toEqual({});
  });

  it('an ended session leaves the index: gone from the inbox, NOT_FOUND for its owner', async () => {
    const { createAgentSession } = dataOf(await stack.gql<{ createAgentSession: { session: { id: string } } }>(CREATE, { agentId: AGENT, metadata: { title: 'to end' } }));
    expect(titlesOf(await stack.gql(INBOX))).toContain('to end');
    dataOf(await stack.gql(END, { id: createAgentSession.session.id }));
    expect(titlesOf(await stack.gql(INBOX))).not.toContain('to end');
    expect(codesOf(await stack.gql(NODE, { id: createAgentSession.session.id }))).toEqual(['NOT_FOUND']);
  });

  it('an expired session leaves the inbox and stays SESSION_EXPIRED for its owner only', async () => {
    const id = await createElizaSession(stack, 'carol', { title: 'short', timeoutConfig: { timeoutMinutes: 5, autoRenew: false } });
    expect(titlesOf(await stack.gql(INBOX, undefined, { as: 'carol' }))).toEqual(['short']);
    stack.eliza!.controls.clock.advance(6 * 60_000);
    const gid = encodeGlobalId('AgentSession', id);
    expect(codesOf(await stack.gql(NODE, { id: gid }, { as: 'carol' }))).toEqual(['SESSION_EXPIRED']);
    expect(titlesOf(await stack.gql(INBOX, undefined, { as: 'carol' }))).toEqual([]);
    expect(codesOf(await stack.gql(NODE, { id: gid }, { as: 'carol' }))).toEqual(['SESSION_EXPIRED']);
    expect(codesOf(await stack.gql(NODE, { id: gid }, { as: 'mallory' }))).toEqual(['NOT_FOUND']);
    stack.eliza!.controls.clock.advance(-6 * 60_000);
  });

  it('reconcile adds sessions made elsewhere and sweeps the ones gone upstream', async () => {
    const id = await createElizaSession(stack, 'dave', { title: 'deleted elsewhere' });
    expect(titlesOf(await stack.gql(INBOX, undefined, { as: 'dave' }))).toEqual(['deleted elsewhere']);
    const res = await fetch(`${stack.elizaUrl}/api/messaging/sessions/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const pass = await stack.reconcile();
    expect(pass).toMatchObject({ ran: true, removed: 1 });
    stack.resetCalls();
    expect(titlesOf(await stack.gql(INBOX, undefined, { as: 'dave' }))).toEqual([]);
    expect(stack.calls().eliza).toEqual({});
    expect(await stack.store.index.size()).toBe(pass.ran ? pass.seen : -1);
  });

  it('a caller with more than 50 live sessions is served by one streamed pass over the global list', async () => {
    for (let i = 0; i < 51; i++) await createElizaSession(stack, 'busy', { title: `b${i}` });
    stack.resetCalls();
    const res = await stack.gql<{ sessions: { totalCount: number } }>(INBOX, undefined, { as: 'busy' });
    expect(dataOf(res).sessions.totalCount).toBe(51);
    expect(stack.calls().eliza).toEqual({ [LIST]: 1 });
  });

  it('nodes() of own and foreign sessions: foreign ones answered by the index, own ones read by id', async () => {
    const mine = [await createElizaSession(stack, 'erin', { title: 'e1' }), await createElizaSession(stack, 'erin', { title: 'e2' })];
    const foreign = await createElizaSession(stack, others, { title: 'x' });
    stack.resetCalls();
    const ids = [...mine, foreign].map((id) => encodeGlobalId('AgentSession', id));
    const res = await stack.gql<{ nodes: Array<{ title: string } | null> }>('query($ids: [ID!]!) { nodes(ids: $ids) { ... on AgentSession { title } } }', { ids }, { as: 'erin' });
    expect(res.body.data?.nodes).toEqual([{ title: 'e1' }, { title: 'e2' }, null]);
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(stack.calls().eliza).toEqual({ [GET_ONE]: 2 });
    expect(stack.calls().eliza[LIST]).toBeUndefined();
  });
});
